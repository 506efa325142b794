/**
 * Throttling is retried by the SDK's standard retry strategy, not by our code: these tests run real clients
 * against a request handler that answers 429/ThrottlingException first, so the SDK's retry middleware is exercised.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { HttpResponse } from '@smithy/protocol-http';
import { createAwsClients, destroyAwsClients } from '../../functions/aws/clients.js';
import { collectInstances } from '../../functions/aws/ec2.js';
import { collectCluster, discoverClusters } from '../../functions/aws/eks.js';
import { AwsCallError } from '../../functions/aws/errors.js';
import { REGION } from './helpers.js';

interface Canned {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request handler that plays canned responses in order and records the requests. */
function scripted(responses: Canned[]) {
  const seen: { path: string; body: string }[] = [];
  return {
    seen,
    handler: {
      async handle(request: { path: string; body?: unknown }) {
        seen.push({ path: request.path, body: typeof request.body === 'string' ? request.body : '' });
        const next = responses.shift();
        if (!next) throw new Error('no more canned responses');
        return {
          response: new HttpResponse({
            statusCode: next.status,
            headers: next.headers,
            body: Readable.from([Buffer.from(next.body)]),
          }),
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs() {
        return {};
      },
    },
  };
}

const json = { 'content-type': 'application/json' };
const throttled: Canned = {
  status: 429,
  headers: { ...json, 'x-amzn-errortype': 'ThrottlingException' },
  body: '{"message":"Rate exceeded"}',
};
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

describe('throttling and retry', () => {
  test('EKS: a throttled DescribeCluster is retried and then succeeds', async () => {
    const { handler, seen } = scripted([
      throttled,
      { status: 200, headers: json, body: JSON.stringify({ cluster: { name: 'prod', version: '1.31' } }) },
    ]);
    const client = new EKSClient({
      region: REGION,
      credentials,
      maxAttempts: 3,
      retryMode: 'standard',
      requestHandler: handler,
    });
    const cluster = await collectCluster(client, 'prod');
    assert.equal(cluster.version, '1.31');
    assert.equal(seen.length, 2, 'one throttled attempt, one retry');
    assert.equal(seen[0].path, '/clusters/prod');
  });

  test('EKS: with maxAttempts exhausted the throttling error surfaces, tagged with the action', async () => {
    const { handler, seen } = scripted([throttled, throttled]);
    const client = new EKSClient({
      region: REGION,
      credentials,
      maxAttempts: 2,
      retryMode: 'standard',
      requestHandler: handler,
    });
    await assert.rejects(discoverClusters(REGION, client), (err: unknown) => {
      assert.ok(err instanceof AwsCallError);
      assert.equal(err.action, 'eks:ListClusters');
      assert.match(err.message, /Rate exceeded/);
      return true;
    });
    assert.equal(seen.length, 2);
  });

  test('EC2 (query protocol): RequestLimitExceeded is retried, then the page is read', async () => {
    const ok = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>
<reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>i-1</instanceId>
<metadataOptions><httpTokens>required</httpTokens><httpPutResponseHopLimit>1</httpPutResponseHopLimit></metadataOptions>
</item></instancesSet></item></reservationSet></DescribeInstancesResponse>`;
    const limit = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>x</RequestID></Response>`;
    const { handler, seen } = scripted([
      { status: 503, headers: { 'content-type': 'text/xml' }, body: limit },
      { status: 200, headers: { 'content-type': 'text/xml' }, body: ok },
    ]);
    const client = new EC2Client({
      region: REGION,
      credentials,
      maxAttempts: 3,
      retryMode: 'standard',
      requestHandler: handler,
    });
    const instances = await collectInstances(client, 'prod', ['i-1']);
    assert.equal(instances.length, 1);
    assert.equal(instances[0].MetadataOptions?.HttpTokens, 'required');
    assert.equal(seen.length, 2);
  });

  test('createAwsClients: standard retry mode with a configurable maxAttempts', async () => {
    const clients = createAwsClients({ region: REGION, maxAttempts: 7, credentials });
    try {
      for (const c of Object.values(clients)) {
        assert.equal(await c.config.maxAttempts(), 7);
        const mode: unknown = c.config.retryMode;
        assert.equal(typeof mode === 'function' ? await mode() : mode, 'standard');
      }
    } finally {
      destroyAwsClients(clients);
    }
  });
});
