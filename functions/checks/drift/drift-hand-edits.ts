import { isRecord, itemsOf, kubeInputs, notLookedAt, optionalInput } from '../../model/namespace-scope.js';
import type { KubeInventory, KubeObject } from '../../model/snapshot.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import { isGitOpsManager, isHandEditManager, SYNC_OPERATIONS } from './managers.js';

/**
 * The kinds a GitOps repository or IaC stack declares. Pods, ReplicaSets and Jobs are left out: controllers make
 * them, and a collected controlled object keeps no managedFields (see `compactControlledWorkload`).
 */
export const DRIFT_INVENTORIES: readonly KubeInventory[] = [
  'namespaces',
  'deployments',
  'statefulsets',
  'daemonsets',
  'cronjobs',
  'services',
  'ingresses',
  'networkpolicies',
  'serviceaccounts',
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'configmaps',
  'secrets',
  'persistentvolumeclaims',
  'storageclasses',
  'limitranges',
  'resourcequotas',
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
];

interface Write {
  manager: string;
  operation: string;
  time: string;
  at: number;
}

/** The object's writes with a usable manager, operation and time (malformed entries are ignored). */
function writesOf(obj: KubeObject): Write[] {
  const managers = obj.metadata.managers;
  if (!Array.isArray(managers)) return [];
  const out: Write[] = [];
  for (const m of managers) {
    if (!isRecord(m)) continue;
    const { manager, operation, time } = m;
    if (typeof manager !== 'string' || typeof operation !== 'string' || typeof time !== 'string') continue;
    const at = Date.parse(time);
    if (!Number.isNaN(at)) out.push({ manager, operation, time, at });
  }
  return out;
}

const describeWrite = (w: Write) => `${w.manager} ${w.operation} at ${w.time}`;

/** The latest write of the kind `keep` selects; ties go to the lexically first description, so order never matters. */
function latest(writes: Write[], keep: (w: Write) => boolean): Write | undefined {
  let best: Write | undefined;
  for (const w of writes) {
    if (!keep(w)) continue;
    if (!best || w.at > best.at || (w.at === best.at && describeWrite(w) < describeWrite(best))) best = w;
  }
  return best;
}

/**
 * Risk area 4: live objects changed by hand after the GitOps or IaC tool last wrote them. The next sync puts the
 * declared state back, so the hand edit (often an emergency fix or a debugging change) silently disappears, or it
 * lingers where the tool does not own the field and the repository no longer describes the cluster.
 */
export const driftHandEdits: CheckDefinition = {
  id: 'drift-hand-edits',
  title: 'No GitOps-managed object was edited by hand since its last sync',
  severity: 'low',
  family: 'drift',
  rationale:
    'When Argo CD, Flux, Helm, Terraform, Pulumi or an EKS add-on owns an object, the repository or stack is the ' +
    'source of truth. A later `kubectl edit`, `patch`, `scale`, `set`, `label`, `annotate` or client-side `apply` ' +
    'makes the cluster differ from it: the next sync reverts the change (an emergency fix vanishes) or, for fields ' +
    'the tool does not own, keeps a change nobody reviewed. The evidence is metadata.managedFields: a kubectl ' +
    'manager whose last write is newer than the last write of a GitOps or IaC manager.',
  remediation:
    'Move the change into the source of truth (commit it to the Git repository, the Helm values or the Terraform ' +
    'code) and let the tool sync it, or revert it with a sync (`argocd app sync APP`, `flux reconcile kustomization ' +
    'NAME`, `helm upgrade`). Turn on self-heal (Argo CD `syncPolicy.automated.selfHeal: true`) and restrict ' +
    'update/patch on these kinds to the GitOps controller.',
  references: {},
  // Secrets are looked at when their (opt-in) metadata was collected.
  inputs: [...kubeInputs(...DRIFT_INVENTORIES.filter((inv) => inv !== 'secrets')), optionalInput('secrets')],
  evaluate(snapshot) {
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const inventory of DRIFT_INVENTORIES) {
      for (const obj of itemsOf(snapshot, inventory)) {
        const writes = writesOf(obj);
        const sync = latest(writes, (w) => isGitOpsManager(w.manager) && SYNC_OPERATIONS.has(w.operation));
        if (!sync) continue;
        const edits = writes
          .filter((w) => isHandEditManager(w.manager) && w.at > sync.at)
          .sort((a, b) => a.at - b.at || describeWrite(a).localeCompare(describeWrite(b)));
        evaluated.push(
          seen(
            obj,
            `last sync by ${describeWrite(sync)}; ${edits.length > 0 ? `hand edits after it: ${edits.map(describeWrite).join(', ')}` : 'no hand edit after it'}`,
          ),
        );
        if (edits.length === 0) continue;
        failing.push({
          kind: obj.kind,
          namespace: obj.metadata.namespace ?? null,
          name: obj.metadata.name,
          message: `${edits.map(describeWrite).join(', ')} after the last sync by ${describeWrite(sync)}`,
          path: 'metadata.managedFields',
        });
      }
    }
    const partial = notLookedAt(snapshot, ['secrets']);
    const none = 'no object is managed by a GitOps or IaC tool (no such manager in managedFields)';
    return outcome({
      evaluated,
      failing,
      ifNoneEvaluated: partial ? `${none}; ${partial}` : none,
      ...(partial ? { reason: partial } : {}),
    });
  },
};
