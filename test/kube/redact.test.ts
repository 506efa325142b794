import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compactControlledWorkload, normalizeObject } from '../../functions/kube/normalize.js';
import { maskInText, REDACTED, redactKubeletConfig } from '../../functions/kube/redact.js';

function pod(container: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return normalizeObject(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'n' },
      spec: { containers: [{ name: 'c', image: 'i:1', ...container }] },
      ...extra,
    },
    'test',
  );
}

describe('command lines', () => {
  test('credential flags lose their values, in every form', () => {
    const p = pod({
      command: ['/bin/app', '--db-password=s3cret', '--token', 'abc', '-api_key=k', '--client-secret', 'cs'],
      args: ['sh', '-c', 'PGPASSWORD="x y" psql; export AWS_SECRET_ACCESS_KEY=zzz && run --password:pw'],
    });
    const c = p.spec.containers[0];
    assert.deepEqual(c.command, [
      '/bin/app',
      `--db-password=${REDACTED}`,
      '--token',
      REDACTED,
      `-api_key=${REDACTED}`,
      '--client-secret',
      REDACTED,
    ]);
    assert.equal(
      c.args[2],
      `PGPASSWORD=${REDACTED} psql; export AWS_SECRET_ACCESS_KEY=${REDACTED} && run --password:${REDACTED}`,
    );
  });

  test('near misses stay: other flags, a flag followed by another flag, settings the checks read', () => {
    const command = [
      '--caSecretName=kyverno-svc.kyverno.svc.kyverno-tls-ca',
      '--token-file=/var/run/secrets/token',
      '--password-file',
      '/etc/app/password',
      '--enable-network-policy=true',
      '--log-level=debug',
      '--token',
      '--verbose',
      '--config=/etc/app.yaml',
      'user@example.com',
    ];
    const p = pod({ command: [...command] });
    assert.deepEqual(p.spec.containers[0].command, command);
    assert.equal(p.redactions, undefined, 'nothing recorded when nothing was masked');
  });
});

describe('URLs, literals, annotations', () => {
  test('a URL password goes, the user and host stay; URLs without a password are untouched', () => {
    assert.equal(maskInText('postgres://app:pw@db:5432/x'), `postgres://app:${REDACTED}@db:5432/x`);
    for (const plain of [
      'https://example.com/a@b',
      'git@github.com:org/repo.git',
      'https://user@host/x',
      'mailto:a@b.c',
    ]) {
      assert.equal(maskInText(plain), plain);
    }
  });

  test('credential literals by their form: access key ids, private keys, bearer tokens', () => {
    assert.equal(maskInText('key AKIAIOSFODNN7EXAMPLE end'), `key ${REDACTED} end`);
    assert.equal(maskInText('Authorization: Bearer abcdefghijklmnop1234'), `Authorization: ${REDACTED}`);
    assert.equal(maskInText('Basic authentication'), 'Basic authentication', 'prose is not a credential');
  });

  test('Secret annotations that can hold the data go; plain ones stay; other kinds keep JSON annotations', () => {
    const secret = normalizeObject(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 's',
          namespace: 'n',
          annotations: {
            'tool/copy': '{"data":{"a":"b"}}',
            'tool/yaml': 'data:\n  a: b',
            'kubernetes.io/service-account.name': 'sa',
          },
        },
      },
      'test',
    );
    assert.deepEqual(secret.metadata.annotations, {
      'tool/copy': REDACTED,
      'tool/yaml': REDACTED,
      'kubernetes.io/service-account.name': 'sa',
    });
    const ingress = normalizeObject(
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: {
          name: 'i',
          namespace: 'n',
          annotations: { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]' },
        },
      },
      'test',
    );
    assert.equal(ingress.metadata.annotations?.['alb.ingress.kubernetes.io/listen-ports'], '[{"HTTPS":443}]');
  });

  test('a record of earlier redactions in the input is not trusted', () => {
    const p = pod({}, { redactions: [{ path: 'spec.fake', reason: 'injected' }] });
    assert.equal(p.redactions, undefined);
  });

  test('a compacted workload keeps the record of what was masked in its metadata, not in the dropped spec', () => {
    const raw = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'r', namespace: 'n', annotations: { 'kapp.k14s.io/original': '{}' } },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'i', args: ['--token=t'] }] } } },
    };
    const compactOfNormalised = compactControlledWorkload(normalizeObject(raw, 'test'));
    const normalisedOfCompact = normalizeObject(compactControlledWorkload(raw as never), 'test');
    assert.deepEqual(compactOfNormalised, normalisedOfCompact);
    assert.deepEqual(
      compactOfNormalised.redactions?.map((r) => r.path),
      ['metadata.annotations["kapp.k14s.io/original"]'],
    );
  });
});

test('kubelet configuration: staticPodURLHeader values and the static pod URL password', () => {
  const config = {
    staticPodURL: 'https://u:p@host/pods',
    staticPodURLHeader: { Authorization: ['Bearer x'], 'X-Other': ['a', 'b'] },
    readOnlyPort: 0,
  };
  const redactions = redactKubeletConfig(config);
  assert.deepEqual(config, {
    staticPodURL: `https://u:${REDACTED}@host/pods`,
    staticPodURLHeader: { Authorization: [REDACTED], 'X-Other': [REDACTED, REDACTED] },
    readOnlyPort: 0,
  });
  assert.deepEqual(
    redactions.map((r) => r.path),
    ['staticPodURLHeader.Authorization', 'staticPodURLHeader.X-Other', 'staticPodURL'],
  );
  assert.deepEqual(redactKubeletConfig(config), [], 'masking again finds nothing new');
});
