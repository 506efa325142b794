import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { createEksToken, EKS_TOKEN_PREFIX } from '../../functions/eks/token.js';
import { eksTokenProblem } from '../support/fake-kube-api.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-example',
};
const signingDate = new Date('2026-01-01T00:00:00Z');

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/** SigV4 for a presigned GET, written from the spec (not with the SDK), over the URL's own query. */
function independentSignature(url: string, clusterName: string): string {
  const u = new URL(url);
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = [...u.searchParams]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .sort()
    .join('&');
  const canonical = [
    'GET',
    '/',
    query,
    `host:${u.host}`,
    `x-k8s-aws-id:${clusterName}`,
    '',
    'host;x-k8s-aws-id',
    sha256(''),
  ].join('\n');
  const [, date, region, service] = (u.searchParams.get('X-Amz-Credential') ?? '').split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', u.searchParams.get('X-Amz-Date'), scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(toSign).digest('hex');
}

describe('createEksToken', () => {
  test("signs for the STS host of the region's partition: China under amazonaws.com.cn, GovCloud regional", async () => {
    for (const [region, host] of [
      ['cn-north-1', 'sts.cn-north-1.amazonaws.com.cn'],
      ['cn-northwest-1', 'sts.cn-northwest-1.amazonaws.com.cn'],
      ['us-gov-west-1', 'sts.us-gov-west-1.amazonaws.com'],
      ['eu-central-1', 'sts.eu-central-1.amazonaws.com'],
    ]) {
      const token = await createEksToken({ clusterName: 'prod', region, credentials, signingDate });
      const url = Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8');
      assert.equal(new URL(url).host, host, region);
      // The host is a signed header: the signature over it holds.
      assert.equal(new URL(url).searchParams.get('X-Amz-Signature'), independentSignature(url, 'prod'));
    }
  });

  test('is deterministic for fixed credentials and date, and matches the recorded token', async () => {
    const a = await createEksToken({ clusterName: 'prod', region: 'eu-west-1', credentials, signingDate });
    const b = await createEksToken({ clusterName: 'prod', region: 'eu-west-1', credentials, signingDate });
    assert.equal(a, b);
    const url = Buffer.from(a.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8');
    assert.equal(
      url,
      'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15' +
        '&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Feu-west-1%2Fsts%2Faws4_request' +
        '&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60' +
        '&X-Amz-Security-Token=session-token-example' +
        `&X-Amz-Signature=${new URL(url).searchParams.get('X-Amz-Signature')}` +
        '&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id',
    );
    // The signature, recorded once and recomputed independently below: any change in what is signed changes it.
    const signature = new URL(url).searchParams.get('X-Amz-Signature');
    assert.equal(signature, '2cccef677006473b17ed9d9e36db772ab4b028848161600a6e29c589b02ea924');
    assert.equal(signature, independentSignature(url, 'prod'));
  });

  test('has the k8s-aws-v1. prefix and base64url without padding', async () => {
    const token = await createEksToken({ clusterName: 'prod', region: 'eu-west-1', credentials, signingDate });
    assert.ok(token.startsWith('k8s-aws-v1.'));
    assert.match(token.slice(EKS_TOKEN_PREFIX.length), /^[A-Za-z0-9_-]+$/);
    assert.equal(eksTokenProblem(token, { clusterName: 'prod', region: 'eu-west-1' }), undefined);
  });

  test('signs the cluster name: another cluster gives another signature', async () => {
    const sig = async (clusterName: string) => {
      const t = await createEksToken({ clusterName, region: 'eu-west-1', credentials, signingDate });
      return new URL(Buffer.from(t.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString()).searchParams.get(
        'X-Amz-Signature',
      );
    };
    assert.notEqual(await sig('prod'), await sig('staging'));
  });

  test('uses the regional STS endpoint and the requested expiry', async () => {
    const token = await createEksToken({
      clusterName: 'c',
      region: 'ap-southeast-3',
      credentials: async () => credentials,
      signingDate,
      expiresIn: 30,
    });
    const url = new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString());
    assert.equal(url.host, 'sts.ap-southeast-3.amazonaws.com');
    assert.equal(url.searchParams.get('X-Amz-Expires'), '30');
    assert.equal(
      eksTokenProblem(token, { clusterName: 'c', region: 'eu-west-1' }),
      'wrong host sts.ap-southeast-3.amazonaws.com',
    );
  });
});
