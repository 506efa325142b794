/** Small builders for the corpus's Kubernetes objects, so each case shows only what it is about. */

export type Obj = Record<string, unknown>;

export const NS = 'team-a';

/** A container with a pinned image and nothing else unless `extra` says so. */
export function ctr(name = 'app', extra: Obj = {}): Obj {
  return { name, image: `registry.example.com/${name}:1.4.2`, ...extra };
}

/** A container with only a securityContext of interest. */
export function sc(securityContext: Obj | null, name = 'app', extra: Obj = {}): Obj {
  return ctr(name, { securityContext, ...extra });
}

export function pod(name: string, spec: Obj, meta: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, ...meta }, spec };
}

type TemplateKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job';

const API: Record<TemplateKind | 'CronJob', string> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

export function workload(kind: TemplateKind, name: string, podSpec: Obj, meta: Obj = {}): Obj {
  const selector = { matchLabels: { app: name } };
  const template = { metadata: { labels: { app: name } }, spec: podSpec };
  return {
    apiVersion: API[kind],
    kind,
    metadata: { name, namespace: NS, ...meta },
    spec: kind === 'Job' ? { template } : { selector, template },
  };
}

export const deployment = (name: string, podSpec: Obj, meta: Obj = {}) => workload('Deployment', name, podSpec, meta);

export function cronJob(name: string, podSpec: Obj, meta: Obj = {}): Obj {
  return {
    apiVersion: API.CronJob,
    kind: 'CronJob',
    metadata: { name, namespace: NS, ...meta },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', ...podSpec } } } },
    },
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export interface RuleSpec {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export function clusterRole(name: string, rules: RuleSpec[]): Obj {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
}

export function role(name: string, rules: RuleSpec[], ns = NS): Obj {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: ns }, rules };
}

export type Subject =
  | { kind: 'User' | 'Group'; name: string }
  | { kind: 'ServiceAccount'; name: string; namespace: string };

export const user = (name: string): Subject => ({ kind: 'User', name });
export const group = (name: string): Subject => ({ kind: 'Group', name });
export const serviceAccountSubject = (name: string, ns = NS): Subject => ({
  kind: 'ServiceAccount',
  name,
  namespace: ns,
});

function subjectsOf(subjects: Subject[]): Obj[] {
  return subjects.map((s) => (s.kind === 'ServiceAccount' ? s : { apiGroup: 'rbac.authorization.k8s.io', ...s }));
}

export function clusterRoleBinding(name: string, roleName: string, subjects: Subject[]): Obj {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: subjectsOf(subjects),
  };
}

export function roleBinding(
  name: string,
  ref: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: Subject[],
  ns = NS,
): Obj {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...ref },
    subjects: subjectsOf(subjects),
  };
}

export function serviceAccount(name: string, extra: Obj = {}, ns = NS): Obj {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns }, ...extra };
}

export function configMap(name: string, data: Record<string, string>, ns = NS): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}

export function service(name: string, spec: Obj, meta: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS, ...meta }, spec };
}
