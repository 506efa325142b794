/**
 * Property tests: random, often malformed pod specs never make a check throw, and a verdict never depends on the
 * order of keys in the object (manifests, the API and JSON round-trips all order keys differently).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { podSecurityChecks } from '../../../functions/checks/pod-security/index.js';
import { normalizeObject } from '../../../functions/kube/normalize.js';
import { reorderKeys } from '../../support/reorder-keys.js';
import { snapshotOf } from './load-fixture.js';

const junk = fc.oneof(fc.constant(null), fc.string({ maxLength: 4 }), fc.integer(), fc.anything({ maxDepth: 1 }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, junk);
const capability = fc.constantFrom('ALL', 'all', 'SYS_ADMIN', 'CAP_NET_RAW', 'NET_BIND_SERVICE', 'CHOWN', '', 'x');
const capabilities = fc.record(
  {
    add: maybe(fc.array(maybe(capability), { maxLength: 3 })),
    drop: maybe(fc.array(maybe(capability), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const seccompProfile = fc.record(
  { type: maybe(fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined', 'runtimedefault')) },
  { requiredKeys: [] },
);
const podSecurityContext = fc.record(
  {
    runAsNonRoot: maybe(fc.boolean()),
    runAsUser: maybe(fc.integer({ min: -1, max: 2000 })),
    seccompProfile: maybe(seccompProfile),
  },
  { requiredKeys: [] },
);
const containerSecurityContext = fc.record(
  {
    privileged: maybe(fc.boolean()),
    allowPrivilegeEscalation: maybe(fc.boolean()),
    readOnlyRootFilesystem: maybe(fc.boolean()),
    runAsNonRoot: maybe(fc.boolean()),
    runAsUser: maybe(fc.integer({ min: -1, max: 2000 })),
    seccompProfile: maybe(seccompProfile),
    capabilities: maybe(capabilities),
  },
  { requiredKeys: [] },
);
const quantities = fc.record(
  { cpu: maybe(fc.constantFrom('100m', '1', '')), memory: maybe(fc.constantFrom('64Mi', '1Gi', '')) },
  { requiredKeys: [] },
);
const container = fc.record(
  {
    name: maybe(fc.constantFrom('app', 'sidecar', 'init')),
    image: fc.constant('app:1'),
    securityContext: maybe(containerSecurityContext),
    resources: maybe(fc.record({ requests: maybe(quantities), limits: maybe(quantities) }, { requiredKeys: [] })),
    volumeMounts: maybe(
      fc.array(fc.record({ name: fc.constantFrom('host', 'scratch'), readOnly: maybe(fc.boolean()) }), {
        maxLength: 2,
      }),
    ),
  },
  { requiredKeys: [] },
);
const volume = fc.oneof(
  fc.record({
    name: fc.constant('host'),
    hostPath: maybe(fc.record({ path: maybe(fc.constantFrom('/', '/var/run', '/var/log//')) })),
  }),
  fc.record({ name: fc.constant('scratch'), emptyDir: fc.constant({}) }),
  junk,
);
const containers = maybe(fc.array(maybe(container), { maxLength: 3 }));
const podSpec = fc.oneof(
  fc.record(
    {
      hostPID: maybe(fc.boolean()),
      hostIPC: maybe(fc.boolean()),
      hostNetwork: maybe(fc.boolean()),
      securityContext: maybe(podSecurityContext),
      os: maybe(fc.record({ name: fc.constantFrom('linux', 'windows') })),
      containers,
      initContainers: containers,
      ephemeralContainers: containers,
      volumes: maybe(fc.array(volume, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
  junk,
);

/** Wraps a pod spec in one of the workload kinds, at that kind's template path. */
const workload = fc.tuple(fc.constantFrom('Pod', 'Deployment', 'CronJob'), podSpec).map(([kind, spec]) => {
  const metadata = { name: 'w', namespace: 'ns' };
  if (kind === 'Pod') return { apiVersion: 'v1', kind, metadata, spec };
  if (kind === 'Deployment') return { apiVersion: 'apps/v1', kind, metadata, spec: { template: { spec } } };
  return { apiVersion: 'batch/v1', kind, metadata, spec: { jobTemplate: { spec: { template: { spec } } } } };
});

const evaluateAll = (raw: unknown) => {
  const snapshot = snapshotOf([normalizeObject(raw, 'generated')]);
  return podSecurityChecks.map((c) => ({ id: c.id, outcome: c.evaluate(snapshot) }));
};

test('no check throws on random or malformed pod specs, and every outcome is well formed', () => {
  fc.assert(
    fc.property(workload, (raw) => {
      for (const { id, outcome } of evaluateAll(raw)) {
        assert.ok(['pass', 'fail'].includes(outcome.status), id);
        assert.equal(outcome.status === 'fail', outcome.failing.length > 0, id);
        for (const f of outcome.failing) {
          assert.equal(typeof f.message, 'string', id);
          assert.ok(f.message.length > 0, id);
          assert.equal(f.name, 'w', id);
        }
      }
    }),
    { numRuns: 400 },
  );
});

test('verdicts and findings do not depend on object key order', () => {
  fc.assert(
    fc.property(workload, fc.integer(), (raw, seed) => {
      assert.deepEqual(evaluateAll(reorderKeys(raw, seed)), evaluateAll(raw));
    }),
    { numRuns: 300 },
  );
});
