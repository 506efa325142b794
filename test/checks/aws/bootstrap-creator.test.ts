/**
 * CIS EKS 4.1.1, the cluster creator's bootstrap admin. The flag is immutable (set at creation), so the verdict is
 * whether the creator's admin access still exists; the flag is context.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { awsBootstrapClusterCreatorAdmin } from '../../../functions/checks/aws/aws-bootstrap-cluster-creator-admin.js';
import type { AccessEntryFact, AwsFacts } from '../../../functions/model/aws-facts.js';
import { runCheck } from '../../../functions/scoring/run-check.js';
import { ACCOUNT, passingFacts, snapshotWith } from '../../fixtures/aws/facts.js';

const base = passingFacts();
const CREATED = '2024-06-03T08:30:00.000Z';
const CLUSTER_ADMIN = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

function admin(name: string, createdAt: string, scope: 'cluster' | 'namespace' = 'cluster'): AccessEntryFact {
  return {
    principalArn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    type: 'STANDARD',
    createdAt,
    associatedPolicies: [
      { policyArn: CLUSTER_ADMIN, accessScope: scope === 'cluster' ? { type: 'cluster' } : { type: 'namespace' } },
    ],
  };
}

function run(mode: string, bootstrap: boolean | undefined, entries: AccessEntryFact[] | null) {
  const overrides: Partial<AwsFacts> = {
    cluster: {
      ...base.cluster,
      createdAt: CREATED,
      accessConfig: {
        authenticationMode: mode,
        ...(bootstrap === undefined ? {} : { bootstrapClusterCreatorAdminPermissions: bootstrap }),
      },
    },
  };
  if (entries) overrides.accessEntries = entries;
  const snapshot = snapshotWith(
    overrides,
    entries ? {} : { missing: { accessEntries: { status: 'not-collected', reason: 'eks:ListAccessEntries denied' } } },
  );
  return runCheck(awsBootstrapClusterCreatorAdmin, snapshot).result;
}

describe('aws-bootstrap-cluster-creator-admin (CIS 4.1.1)', () => {
  test('flag true but no access entry holds cluster admin any more: pass, the flag is context', () => {
    const r = run('API', true, base.accessEntries);
    assert.equal(r.status, 'pass');
    assert.match(r.reason ?? '', /bootstrapClusterCreatorAdminPermissions is true \(set at creation, immutable\)/);
    assert.match(r.reason ?? '', /no access entry holds AmazonEKSClusterAdminPolicy/);
  });

  test("the entry EKS created with the cluster still holds cluster admin: fail, naming the creator's principal", () => {
    const creator = admin('ci-deployer', '2024-06-03T08:34:10.000Z');
    const r = run('API_AND_CONFIG_MAP', true, [...base.accessEntries, creator, admin('ops', '2024-09-01T10:00:00Z')]);
    assert.equal(r.status, 'fail');
    assert.equal(r.failing.length, 1);
    assert.equal(r.failing[0].name, creator.principalArn);
    assert.match(r.failing[0].message, /created with the cluster .* still holds AmazonEKSClusterAdminPolicy/);
  });

  test('a namespace-scoped policy on the creation-time entry is not cluster admin (near miss)', () => {
    const r = run('API', true, [admin('ci-deployer', '2024-06-03T08:34:10.000Z', 'namespace')]);
    assert.equal(r.status, 'pass');
  });

  test('cluster admins exist but none was created with the cluster: not assessed, naming the candidates', () => {
    const r = run('API', true, [admin('ops', '2024-09-01T10:00:00Z')]);
    assert.equal(r.status, 'not-assessed');
    assert.match(r.reason ?? '', /does not name the cluster creator/);
    assert.match(r.reason ?? '', /role\/ops/);
    assert.match(r.reason ?? '', /CloudTrail CreateCluster/);
  });

  test('CONFIG_MAP mode: the creator is an implicit admin that cannot be removed or seen: fail', () => {
    const r = run('CONFIG_MAP', true, null);
    assert.equal(r.status, 'fail');
    assert.match(r.failing[0].message, /CONFIG_MAP/);
  });

  test('the flag false: pass without needing the access entries', () => {
    const r = run('API', false, null);
    assert.equal(r.status, 'pass');
    assert.match(r.reason ?? '', /bootstrapClusterCreatorAdminPermissions is false/);
  });

  test('flag true in an API mode without the access entries: not assessed', () => {
    const r = run('API', true, null);
    assert.equal(r.status, 'not-assessed');
    assert.match(r.reason ?? '', /accessEntries/);
  });
});
