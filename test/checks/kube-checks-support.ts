/**
 * Test support for the Kubernetes-object check families: YAML fixtures → normalizeObject → snapshotFromObjects,
 * and a snapshot that records which inventories a check reads (to hold each check's `inputs` to the truth).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { CheckDefinition, CheckOutcome } from '../../functions/checks/types.js';
import { parseAwsAuth } from '../../functions/kube/aws-auth.js';
import { compactControlledWorkload, normalizeObject } from '../../functions/kube/normalize.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import type { ClusterIdentity, KubeInventory, KubeObject, Snapshot } from '../../functions/model/snapshot.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export const CLUSTER = {
  name: 'fixture',
  arn: null,
  region: null,
  accountId: null,
  kubernetesVersion: '1.33',
  source: 'manifests' as const,
};

/**
 * What the collector keeps of a fixture's objects: a Pod, ReplicaSet or Job whose controller is among them in
 * compact form (`compactControlledWorkload`), everything else whole.
 */
function compactControlled(docs: KubeObject[]): KubeObject[] {
  const key = (kind: unknown, ns: unknown, name: unknown) => `${String(kind)}/${String(ns ?? '')}/${String(name)}`;
  const present = new Set(docs.map((d) => key(d.kind, d.metadata?.namespace, d.metadata?.name)));
  return docs.map((d) => {
    const owners: { kind?: string; name?: string; controller?: boolean }[] = d.metadata?.ownerReferences ?? [];
    const controlled = owners.some(
      (o) => o.controller === true && present.has(key(o.kind, d.metadata.namespace, o.name)),
    );
    return controlled ? compactControlledWorkload(d) : d;
  });
}

/**
 * Objects from a multi-document YAML string, normalised. kube-system/aws-auth also fills `kubernetes.awsAuth`.
 * `compact`: keep controlled objects as the collector does (`compactControlledWorkload`).
 */
export function snapshotFromYaml(
  text: string,
  origin = 'fixture',
  cluster: Partial<ClusterIdentity> = {},
  compact = false,
): Snapshot {
  const parsed = parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((d) => d !== null && d !== undefined);
  const docs = compact ? compactControlled(parsed) : parsed;
  const objects: KubeObject[] = docs.map((d, i) => normalizeObject(d, `${origin}, document ${i + 1}`));
  const awsAuthDoc = docs.find(
    (d) => d.kind === 'ConfigMap' && d.metadata?.namespace === 'kube-system' && d.metadata?.name === 'aws-auth',
  );
  const { snapshot, skipped } = snapshotFromObjects({
    cluster: { ...CLUSTER, ...cluster },
    collectedAt: '2026-01-01T00:00:00.000Z',
    objects,
    kubernetes: { awsAuth: { status: 'collected', items: awsAuthDoc ? parseAwsAuth(awsAuthDoc.data) : [] } },
  });
  assert.deepEqual(
    skipped.map((o) => o.kind),
    [],
    `${origin}: fixture has kinds no inventory holds`,
  );
  return snapshot;
}

export function loadFixture(
  family: string,
  checkId: string,
  variant: 'fail' | 'pass',
  cluster: Partial<ClusterIdentity> = {},
  compact = false,
): Snapshot {
  const file = `${FIXTURES}${family}/${checkId}/${variant}.yaml`;
  return snapshotFromYaml(readFileSync(file, 'utf8'), file, cluster, compact);
}

/** Wraps the snapshot so every inventory (and aws-auth) the check touches is recorded. */
export function recordReads(snapshot: Snapshot): { snapshot: Snapshot; reads: Set<string> } {
  const reads = new Set<string>();
  const inventories = new Proxy(snapshot.kubernetes.inventories, {
    get(target, key, receiver) {
      if (typeof key === 'string') reads.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
  const kubernetes = new Proxy(
    { ...snapshot.kubernetes, inventories },
    {
      get(target, key, receiver) {
        if (key === 'awsAuth') reads.add('aws-auth');
        if (key === 'kubeletConfigs') reads.add('kubelet-config');
        return Reflect.get(target, key, receiver);
      },
    },
  );
  return { snapshot: { ...snapshot, kubernetes }, reads };
}

export function declaredInputs(check: CheckDefinition): Set<string> {
  return new Set(
    check.inputs.map((i) => (i.kind === 'kubernetes' ? i.inventory : i.kind === 'aws' ? `aws:${i.fact}` : i.kind)),
  );
}

export interface FixtureCase {
  check: CheckDefinition;
  /** "Kind namespace/name" (or "Kind name" for cluster-scoped) of every expected finding, in any order. */
  failing: string[];
  /** Words that must appear in the finding messages (the observed value). */
  messageIncludes?: string[];
  /** Expected status of the pass fixture, when not 'pass' (e.g. 'not-applicable'). */
  passStatus?: CheckOutcome['status'];
  /** The cluster the fixtures' snapshots are of, when the verdict depends on it (e.g. its AWS account). */
  cluster?: Partial<ClusterIdentity>;
}

const describeFinding = (f: { kind: string; namespace: string | null; name: string }) =>
  f.namespace ? `${f.kind} ${f.namespace}/${f.name}` : `${f.kind} ${f.name}`;

/** Registers, for one check: fail fixture fails with exactly the expected objects; pass fixture passes; inputs are exact. */
export function fixtureTests(family: string, c: FixtureCase): void {
  const id = c.check.id;
  test(`${id}: fail fixture names the failing objects`, () => {
    const { snapshot, reads } = recordReads(loadFixture(family, id, 'fail', c.cluster));
    const out = c.check.evaluate(snapshot);
    assert.equal(out.status, 'fail', JSON.stringify(out));
    assert.deepEqual(out.failing.map(describeFinding).sort(), [...c.failing].sort());
    for (const f of out.failing) assert.ok(f.message.length > 0);
    const messages = out.failing.map((f) => f.message).join('\n');
    for (const word of c.messageIncludes ?? []) assert.ok(messages.includes(word), `"${word}" not in:\n${messages}`);
    assertReadsDeclared(c.check, reads);
  });
  test(`${id}: pass fixture passes`, () => {
    const { snapshot, reads } = recordReads(loadFixture(family, id, 'pass', c.cluster));
    const out = c.check.evaluate(snapshot);
    assert.equal(out.status, c.passStatus ?? 'pass', JSON.stringify(out));
    assert.deepEqual(out.failing, []);
    assertReadsDeclared(c.check, reads);
  });
  test(`${id}: declares exactly the inventories it reads`, () => {
    const reads = new Set<string>();
    for (const variant of ['fail', 'pass'] as const) {
      const recorded = recordReads(loadFixture(family, id, variant, c.cluster));
      c.check.evaluate(recorded.snapshot);
      for (const r of recorded.reads) reads.add(r);
    }
    assert.deepEqual([...reads].sort(), [...declaredInputs(c.check)].sort());
  });
}

function assertReadsDeclared(check: CheckDefinition, reads: Set<string>): void {
  const declared = declaredInputs(check);
  const undeclared = [...reads].filter((r) => !declared.has(r));
  assert.deepEqual(undeclared, [], `${check.id} reads inventories it does not declare in inputs`);
}

/** A snapshot where the given inventories were not collected (403), everything else empty but collected. */
export function snapshotMissing(missing: KubeInventory[]): Snapshot {
  const snapshot = snapshotFromYaml('');
  for (const inv of missing) {
    snapshot.kubernetes.inventories[inv] = {
      status: 'not-collected',
      reason: `list ${inv}: 403 Forbidden`,
      permission: `list ${inv}`,
    };
  }
  return snapshot;
}
