import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedCredentials } from '../../functions/aws/discovery-clients.js';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000);

test('one role session serves every client until it nears expiry', async () => {
  let calls = 0;
  const shared = sharedCredentials(async () => {
    calls++;
    return { accessKeyId: `ASIA${calls}`, secretAccessKey: 's', expiration: inMinutes(calls === 1 ? 60 : 4) };
  });
  const [a, b, c] = await Promise.all([shared(), shared(), shared()]);
  assert.equal(calls, 1, 'three Regions of one account: one sts:AssumeRole');
  assert.equal(a.accessKeyId, 'ASIA1');
  assert.deepEqual(b, a);
  assert.deepEqual(c, a);
  assert.equal((await shared()).accessKeyId, 'ASIA1');
  assert.equal(calls, 1);
});

test('credentials within five minutes of expiry are renewed; a failure is not kept', async () => {
  let calls = 0;
  const shared = sharedCredentials(async () => {
    calls++;
    if (calls === 2) throw new Error('AccessDenied');
    return { accessKeyId: `ASIA${calls}`, secretAccessKey: 's', expiration: inMinutes(4) };
  });
  assert.equal((await shared()).accessKeyId, 'ASIA1');
  await assert.rejects(shared(), /AccessDenied/, 'near expiry: asked again, and that call fails');
  assert.equal((await shared()).accessKeyId, 'ASIA3', 'the failure is not cached');
  assert.equal(calls, 3);
});
