/** Fake checks, frameworks and snapshots for the engine tests: the engine must not depend on real check logic. */
import type { CheckDefinition, CheckInput, CheckOutcome, Severity } from '../../functions/checks/types.js';
import type { FrameworkDefinition, RequirementDefinition } from '../../functions/frameworks/types.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import type { KubeObject, Snapshot } from '../../functions/model/snapshot.js';

export function fakeCheck(
  id: string,
  outcome: CheckOutcome | (() => CheckOutcome),
  opts: { severity?: Severity; inputs?: CheckInput[] } = {},
): CheckDefinition {
  return {
    id,
    title: `Fake check ${id}`,
    severity: opts.severity ?? 'high',
    family: 'fake',
    rationale: 'test',
    remediation: 'test',
    references: { kubescape: ['C-0000'] },
    inputs: opts.inputs ?? [{ kind: 'kubernetes', inventory: 'pods' }],
    evaluate: typeof outcome === 'function' ? outcome : () => outcome,
  };
}

export const PASS: CheckOutcome = { status: 'pass', evaluatedCount: 2, failing: [] };
export const NA: CheckOutcome = { status: 'not-applicable', evaluatedCount: 0, failing: [], reason: 'no pods' };

export function failing(...objects: [kind: string, namespace: string | null, name: string][]): CheckOutcome {
  return {
    status: 'fail',
    evaluatedCount: objects.length + 1,
    failing: objects.map(([kind, namespace, name]) => ({ kind, namespace, name, message: `${name} is bad` })),
  };
}

export function req(id: string, checks: string[], extra: Partial<RequirementDefinition> = {}): RequirementDefinition {
  return { id, title: `Requirement ${id}`, section: 'S', checks, ...extra };
}

export function framework(requirements: RequirementDefinition[], id: FrameworkDefinition['id'] = 'cis-eks-1.8.0') {
  const fw: FrameworkDefinition = {
    id,
    title: `Test ${id}`,
    shortName: `T-${id}`,
    version: '0',
    publisher: 'test',
    description: 'test',
    requirements,
  };
  return fw;
}

export function snapshot(objects: KubeObject[] = [], name = 'prod-eu'): Snapshot {
  return snapshotFromObjects({
    cluster: { name, arn: null, region: 'eu-west-1', accountId: null, kubernetesVersion: '1.31', source: 'demo' },
    collectedAt: '2026-01-10T08:00:00.000Z',
    objects,
  }).snapshot;
}

export const GENERATED_AT = '2026-01-10T09:00:00.000Z';
