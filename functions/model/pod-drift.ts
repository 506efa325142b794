/**
 * Pods that differ from their controller's template: the comparison behind "a controller-owned Pod is judged on
 * its own spec wherever it differs from its controller's template" (docs/verdicts.md, "Pods that differ from their
 * controller"). Not to be confused with the `drift-hand-edits` check (checks/drift), which reads who last wrote an
 * object (managedFields), not what a Pod runs.
 *
 * Only what the checks judge is compared: `judgedPodSpec` projects a pod spec onto those fields. Everything else a
 * live Pod carries and its template does not (nodeName, tolerations, the kube-api-access projected volume and its
 * mounts, imagePullPolicy and terminationMessagePath defaults, priority, hostname, status) is not in the projection,
 * so it can never make a Pod differ. Within the judged fields, what admission legitimately sets is normalised away:
 * `serviceAccountName: default` equals an unset one, `false` host namespaces equal unset ones, a hostPort that
 * hostNetwork defaults to its containerPort is no hostPort of the Pod's own, resources a LimitRange or an autoscaler
 * added are no difference (only a quantity the Pod lacks and its template declares is), an image pinned to its digest
 * by an admission webhook is the same image, and the env vars the EKS Pod Identity and IRSA webhooks inject are left
 * out.
 *
 * Pure, and tolerant of untrusted input: it reads raw API objects (in the collector, before normalisation) and
 * normalised ones (in the model) alike, and never throws.
 *
 * A check that starts to read a new pod-spec field must add it to `judgedPodSpec`, or a Pod that differs only there
 * is not judged on its own (docs/adding-a-check.md).
 */
import { isRecord, safeText, show } from './untrusted.js';
import { CREDENTIAL_FACTS, classifyValue } from './value-facts.js';

type Rec = Record<string, unknown>;

export const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
type ContainerListName = (typeof CONTAINER_LISTS)[number];

const LIST_WORDS: Record<ContainerListName, string> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
};

/**
 * Env vars that the EKS Pod Identity webhook and the IRSA (pod identity) webhook add to every Pod of an annotated
 * service account: file paths, a URL, a role ARN and Regions, none of them a credential (`classifyValue` says so too),
 * and none of them the template's doing, so they never make a Pod differ.
 */
const IDENTITY_WEBHOOK_ENV: ReadonlySet<string> = new Set([
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_STS_REGIONAL_ENDPOINTS',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
]);

const RESOURCE_KINDS = ['requests', 'limits'] as const;
const RESOURCE_NAMES = ['cpu', 'memory'] as const;

/** requests/limits of cpu/memory only: what the resource checks read (extended resources are not judged). */
function judgedResources(resources: unknown): Rec | undefined {
  if (!isRecord(resources)) return undefined;
  const out: Rec = {};
  for (const kind of RESOURCE_KINDS) {
    const map = resources[kind];
    if (!isRecord(map)) continue;
    const kept: Rec = {};
    for (const name of RESOURCE_NAMES) if (map[name] !== undefined && map[name] !== null) kept[name] = map[name];
    if (Object.keys(kept).length > 0) out[kind] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The env fact of a raw (`value`) or normalised (`valueFact`) entry. */
function envFact(e: Rec): unknown {
  if ('value' in e) return classifyValue(e.value, safeText(e.name ?? ''));
  return e.valueFact;
}

/** Env entries the secrets checks judge: credential-like literals (as their fact only) and Secret key references. */
function judgedEnv(env: unknown): Rec[] | undefined {
  if (!Array.isArray(env)) return undefined;
  const out: Rec[] = [];
  for (const e of env) {
    if (!isRecord(e) || (typeof e.name === 'string' && IDENTITY_WEBHOOK_ENV.has(e.name))) continue;
    if (isRecord(e.valueFrom) && isRecord(e.valueFrom.secretKeyRef)) {
      const ref = e.valueFrom.secretKeyRef;
      out.push({ name: e.name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } });
      continue;
    }
    const fact = envFact(e);
    if (CREDENTIAL_FACTS.has(fact as never)) out.push({ name: e.name, valueFact: fact });
  }
  return out.length > 0 ? out : undefined;
}

function judgedEnvFrom(envFrom: unknown): Rec[] | undefined {
  if (!Array.isArray(envFrom)) return undefined;
  const out = envFrom
    .filter((e): e is Rec => isRecord(e) && isRecord(e.secretRef))
    .map((e) => ({ secretRef: { name: (e.secretRef as Rec).name } }));
  return out.length > 0 ? out : undefined;
}

function judgedPorts(ports: unknown): Rec[] | undefined {
  if (!Array.isArray(ports)) return undefined;
  const out = ports
    .filter((p): p is Rec => isRecord(p) && typeof p.hostPort === 'number' && p.hostPort > 0)
    .map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort }));
  return out.length > 0 ? out : undefined;
}

function judgedContainer(c: Rec, hostPathVolumes: ReadonlySet<unknown>): Rec {
  const out: Rec = { name: c.name, image: c.image };
  if (isRecord(c.securityContext) && Object.keys(c.securityContext).length > 0) out.securityContext = c.securityContext;
  const ports = judgedPorts(c.ports);
  if (ports) out.ports = ports;
  const resources = judgedResources(c.resources);
  if (resources) out.resources = resources;
  const env = judgedEnv(c.env);
  if (env) out.env = env;
  const envFrom = judgedEnvFrom(c.envFrom);
  if (envFrom) out.envFrom = envFrom;
  if (Array.isArray(c.volumeMounts)) {
    // Only mounts of hostPath volumes: the hostPath check says who mounts them and how.
    const mounts = c.volumeMounts
      .filter((m): m is Rec => isRecord(m) && hostPathVolumes.has(m.name))
      .map((m) => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly === true ? { readOnly: true } : {}) }));
    if (mounts.length > 0) out.volumeMounts = mounts;
  }
  if (typeof c.targetContainerName === 'string') out.targetContainerName = c.targetContainerName;
  return out;
}

/**
 * A pod spec as the checks judge it: every container (name and image) with its judged fields, and the judged
 * pod-level fields. Idempotent, so a Pod the collector kept in this form projects to itself.
 */
export function judgedPodSpec(spec: unknown): Rec {
  if (!isRecord(spec)) return {};
  const out: Rec = {};
  const volumes = Array.isArray(spec.volumes)
    ? spec.volumes
        .filter((v): v is Rec => isRecord(v) && isRecord(v.hostPath))
        .map((v) => ({ name: v.name, hostPath: { path: (v.hostPath as Rec).path } }))
    : [];
  const hostPathNames = new Set<unknown>(volumes.map((v) => v.name));
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (Array.isArray(items)) out[list] = items.filter(isRecord).map((c) => judgedContainer(c, hostPathNames));
  }
  if (volumes.length > 0) out.volumes = volumes;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (spec[field] === true) out[field] = true;
  if (isRecord(spec.securityContext) && Object.keys(spec.securityContext).length > 0) {
    out.securityContext = spec.securityContext;
  }
  if (isRecord(spec.os)) out.os = spec.os;
  const resources = judgedResources(spec.resources);
  if (resources) out.resources = resources;
  const account = spec.serviceAccountName ?? spec.serviceAccount;
  if (typeof account === 'string' && account !== '') out.serviceAccountName = account;
  if (typeof spec.automountServiceAccountToken === 'boolean') {
    out.automountServiceAccountToken = spec.automountServiceAccountToken;
  }
  return out;
}

/** Absent, null and empty objects are one value (defaulting adds `securityContext: {}`, a manifest leaves it out). */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (isRecord(v) && Object.keys(v).every((k) => isEmpty(v[k])));
}

/** Deep equality in which key order does not matter and absent, null and empty values are equal. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  for (const k in a) if (!sameValue(a[k], b[k])) return false;
  for (const k in b) if (!(k in a) && !isEmpty(b[k])) return false;
  return true;
}

/** True when the Pod lacks a request or limit its template declares (more is what a LimitRange or VPA adds). */
function resourcesLost(pod: unknown, template: unknown): boolean {
  const t = isRecord(template) ? template : {};
  const p = isRecord(pod) ? pod : {};
  return RESOURCE_KINDS.some((kind) =>
    RESOURCE_NAMES.some((name) => {
      const had = isRecord(t[kind]) && (t[kind] as Rec)[name] !== undefined;
      const has = isRecord(p[kind]) && (p[kind] as Rec)[name] !== undefined;
      return had && !has;
    }),
  );
}

/** The same image, or the same reference pinned to its digest by admission (`nginx:1.27` → `nginx:1.27@sha256:…`). */
function sameImage(pod: unknown, template: unknown): boolean {
  if (pod === template) return true;
  return (
    typeof pod === 'string' &&
    typeof template === 'string' &&
    !template.includes('@') &&
    pod.startsWith(`${template}@sha256:`)
  );
}

/** hostPorts the Pod sets itself: with hostNetwork, Kubernetes defaults each hostPort to its containerPort. */
function ownHostPorts(ports: unknown, hostNetwork: boolean): Rec[] {
  const list = Array.isArray(ports) ? ports.filter(isRecord) : [];
  return list.filter((p) => !(hostNetwork && p.hostPort === p.containerPort));
}

/**
 * Words for a value in a difference: "nginx:1.28", "true", "not set". Whole, as every message shows a value
 * (`show`): only a hostile string past SHOWN_VALUE_MAX characters is shortened, saying how many characters follow
 * and where the whole value is.
 */
function word(value: unknown): string {
  return value === null ? 'not set' : show(value);
}

export interface PodDrift {
  /** What differs, in words: "container istio-proxy added", "container app image nginx:1.27 → nginx:1.28". */
  differences: string[];
  /**
   * The spec the checks judge for the Pod: its template's judged spec wherever the two agree (so a finding they share
   * reads the same and is reported once, at the controller), the Pod's own where they differ.
   */
  spec: Rec;
}

type FieldRule = {
  field: string;
  differs: (pod: unknown, template: unknown, ctx: { podHostNetwork: boolean; templateHostNetwork: boolean }) => boolean;
};

const CONTAINER_FIELDS: readonly FieldRule[] = [
  { field: 'image', differs: (p, t) => !sameImage(p, t) },
  { field: 'securityContext', differs: (p, t) => !sameValue(p, t) },
  {
    field: 'ports',
    differs: (p, t, ctx) => !sameValue(ownHostPorts(p, ctx.podHostNetwork), ownHostPorts(t, ctx.templateHostNetwork)),
  },
  { field: 'resources', differs: (p, t) => resourcesLost(p, t) },
  { field: 'env', differs: (p, t) => !sameValue(p, t) },
  { field: 'envFrom', differs: (p, t) => !sameValue(p, t) },
  { field: 'volumeMounts', differs: (p, t) => !sameValue(p, t) },
];

function compareContainer(
  list: ContainerListName,
  pod: Rec,
  template: Rec | undefined,
  ctx: { podHostNetwork: boolean; templateHostNetwork: boolean },
  differences: string[],
): Rec {
  const name = word(pod.name);
  if (!template) {
    const target = typeof pod.targetContainerName === 'string' ? ` (targets container ${pod.targetContainerName})` : '';
    differences.push(`${LIST_WORDS[list]} ${name} added${target}`);
    return pod;
  }
  const merged: Rec = { ...template };
  for (const rule of CONTAINER_FIELDS) {
    if (!rule.differs(pod[rule.field], template[rule.field], ctx)) continue;
    if (pod[rule.field] === undefined) delete merged[rule.field];
    else merged[rule.field] = pod[rule.field];
    differences.push(
      rule.field === 'image'
        ? `${LIST_WORDS[list]} ${name} image ${word(template.image)} → ${word(pod.image)}`
        : `${LIST_WORDS[list]} ${name} ${rule.field}`,
    );
  }
  return merged;
}

/**
 * What a controller-owned Pod runs that its controller's template does not, in the fields the checks judge; undefined
 * when nothing judged differs (an unchanged replica, reported at its controller). Ephemeral containers exist only on
 * Pods, so any one makes the Pod differ. A container of the template the Pod lacks is no difference: it can only
 * take findings away.
 */
export function podDrift(podSpec: unknown, templateSpec: unknown): PodDrift | undefined {
  return compareJudged(judgedPodSpec(podSpec), judgedTemplate(templateSpec));
}

/** A template's judged spec and its JSON, for comparing it with many Pods (`driftFromTemplate`). */
export interface JudgedTemplate {
  spec: Rec;
  json: string;
}

export function judgedTemplate(templateSpec: unknown): JudgedTemplate {
  const spec = judgedPodSpec(templateSpec);
  return { spec, json: JSON.stringify(spec) };
}

/**
 * `podDrift` against a template judged once. Most Pods are unchanged replicas, and a large cluster has 100,000 of
 * them, so `plainlySame` first looks for them without building anything; whatever it cannot vouch for is compared in
 * full.
 */
export function driftFromTemplate(podSpec: unknown, template: JudgedTemplate): PodDrift | undefined {
  if (plainlySame(podSpec, template.spec)) return undefined;
  const pod = judgedPodSpec(podSpec);
  return JSON.stringify(pod) === template.json ? undefined : compareJudged(pod, template);
}

/**
 * True only when the Pod's judged fields equal the judged template's outright: the same containers in the same order
 * with the same image, securityContext, judged env and envFrom, no hostPort, hostPath volume or hostPath mount on
 * either side, no resource the template declares missing, and the same pod-level fields. Conservative: false means
 * "compare in full", never "differs" (test/model/pod-drift.test.ts holds it to `podDrift`).
 */
export function plainlySame(podSpec: unknown, t: Rec): boolean {
  if (!isRecord(podSpec)) return false;
  const pod = podSpec;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if ((pod[field] === true) !== (t[field] === true)) return false;
  }
  if (t.volumes !== undefined || hasHostPath(pod.volumes)) return false;
  if (!sameValue(pod.securityContext, t.securityContext) || !sameValue(pod.os, t.os)) return false;
  if (resourcesLost(pod.resources, t.resources)) return false;
  const account = pod.serviceAccountName ?? pod.serviceAccount;
  const podAccount = typeof account === 'string' && account !== '' ? account : 'default';
  if (podAccount !== (typeof t.serviceAccountName === 'string' ? t.serviceAccountName : 'default')) return false;
  const automount =
    typeof pod.automountServiceAccountToken === 'boolean' ? pod.automountServiceAccountToken : undefined;
  if (automount !== t.automountServiceAccountToken) return false;
  for (const list of CONTAINER_LISTS) {
    const items = Array.isArray(pod[list]) ? (pod[list] as unknown[]) : [];
    const templateItems = (t[list] as Rec[] | undefined) ?? [];
    if (items.length !== templateItems.length) return false;
    for (let i = 0; i < items.length; i++) {
      const c = items[i];
      const tc = templateItems[i];
      if (!isRecord(c) || c.name !== tc.name || !sameImage(c.image, tc.image)) return false;
      if (tc.ports !== undefined || tc.volumeMounts !== undefined || hasHostPort(c.ports)) return false;
      if (!sameValue(c.securityContext, tc.securityContext) || resourcesLost(c.resources, tc.resources)) return false;
      if (!sameValue(judgedEnv(c.env), tc.env) || !sameValue(judgedEnvFrom(c.envFrom), tc.envFrom)) return false;
    }
  }
  return true;
}

function hasHostPath(volumes: unknown): boolean {
  return Array.isArray(volumes) && volumes.some((v) => isRecord(v) && isRecord(v.hostPath));
}

function hasHostPort(ports: unknown): boolean {
  return Array.isArray(ports) && ports.some((p) => isRecord(p) && typeof p.hostPort === 'number' && p.hostPort > 0);
}

function compareJudged(pod: Rec, judged: JudgedTemplate): PodDrift | undefined {
  const template = judged.spec;
  const differences: string[] = [];
  const spec: Rec = {};
  const ctx = { podHostNetwork: pod.hostNetwork === true, templateHostNetwork: template.hostNetwork === true };

  for (const list of CONTAINER_LISTS) {
    const podItems = (pod[list] as Rec[] | undefined) ?? [];
    const templateItems = (template[list] as Rec[] | undefined) ?? [];
    if (podItems.length === 0) continue;
    spec[list] = podItems.map((c) =>
      compareContainer(
        list,
        c,
        templateItems.find((t) => t.name === c.name),
        ctx,
        differences,
      ),
    );
  }

  const hostPaths = (pod.volumes as Rec[] | undefined) ?? [];
  const templatePaths = (template.volumes as Rec[] | undefined) ?? [];
  const volumes = hostPaths.map((v) => {
    const same = templatePaths.find((t) => t.name === v.name);
    if (same && sameValue(same, v)) return same;
    differences.push(`hostPath volume ${word(v.name)} ${same ? 'path' : 'added'}: ${word((v.hostPath as Rec).path)}`);
    return v;
  });
  if (volumes.length > 0) spec.volumes = volumes;

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod[field] === true) spec[field] = true;
    if ((pod[field] === true) !== (template[field] === true)) {
      differences.push(`spec.${field} ${pod[field] === true ? 'true' : 'not set'}`);
    }
  }
  for (const field of ['securityContext', 'os'] as const) {
    const differs = !sameValue(pod[field], template[field]);
    const value = differs ? pod[field] : template[field];
    if (value !== undefined) spec[field] = value;
    if (differs) differences.push(`pod ${field}`);
  }
  const podResources = resourcesLost(pod.resources, template.resources) ? pod.resources : template.resources;
  if (podResources !== undefined) spec.resources = podResources;
  if (podResources !== template.resources) differences.push('pod resources');

  // Admission sets serviceAccountName: default where the template left it unset; the template's form is kept.
  const account = (s: Rec) => (typeof s.serviceAccountName === 'string' ? s.serviceAccountName : 'default');
  const accountDiffers = account(pod) !== account(template);
  const accountValue = accountDiffers ? pod.serviceAccountName : template.serviceAccountName;
  if (accountValue !== undefined) spec.serviceAccountName = accountValue;
  if (accountDiffers)
    differences.push(`serviceAccountName ${word(template.serviceAccountName)} → ${word(account(pod))}`);
  if (pod.automountServiceAccountToken !== template.automountServiceAccountToken) {
    differences.push(`automountServiceAccountToken ${word(pod.automountServiceAccountToken)}`);
  }
  const automount = pod.automountServiceAccountToken;
  if (automount !== undefined) spec.automountServiceAccountToken = automount;

  return differences.length > 0 ? { differences, spec } : undefined;
}
