/**
 * Document control for the audit copy: who the scan read the cluster as, what the assessment cannot see (derived
 * from the run's own facts, not boilerplate alone), and the sign-off page's distribution and classification from the
 * config. Pure: results.json plus the config's `report.classification` / `report.distribution` in, text out.
 */
import type { ScanResults } from '../scoring/results.js';
import { plural } from './plural.js';

/** From the config (report.classification, report.distribution, report.recipients); all optional. */
export interface DocumentControl {
  classification?: string;
  /** Who receives this report; the email recipients stand in when it is not set. */
  distribution?: readonly string[];
  recipients?: readonly string[];
}

export interface Limitation {
  /** "Point in time", "Sampling", … */
  title: string;
  text: string;
  /** Items the text is about, one per line (not-collected sources, requirements). */
  items: string[];
}

export interface SignOffModel {
  /** The tool and the identity it scanned as. */
  preparedBy: string;
  preparedOn: string;
  classification: string;
  /** False when the config sets no classification: the page says which key sets it. */
  classified: boolean;
  distribution: string[];
  /** Where the distribution came from ("report.distribution", "report.recipients (the weekly email)"), or the key that sets it. */
  distributionSource: string;
  /** Roles with blank name, date and signature lines. */
  roles: string[];
}

export interface DocumentModel {
  /** "AWS caller arn:aws:sts::…" / "kubeconfig user admin (context prod)" / "none: …". */
  identityText: string;
  limitations: Limitation[];
  signOff: SignOffModel;
}

/** Who the cluster was read as, in one line; names only, as results.json records them. */
export function scanIdentityText(results: ScanResults): string {
  const id = results.scanIdentity;
  const source = results.collector?.mode ?? results.cluster.source;
  if (!id) {
    if (source === 'manifests')
      return 'none: manifest files were read offline; no cluster or AWS account was contacted';
    return 'not recorded (results written by an earlier version, or a snapshot without it)';
  }
  const parts: string[] = [];
  if (id.kubeconfigUser !== null || id.kubeconfigContext !== null) {
    const user = id.kubeconfigUser ?? '(no user entry)';
    parts.push(`kubeconfig user ${user}${id.kubeconfigContext ? ` (context ${id.kubeconfigContext})` : ''}`);
    if (id.awsCallerArn) parts.push(`AWS API calls as ${id.awsCallerArn}`);
  } else if (id.awsCallerArn) {
    parts.push(`AWS caller ${id.awsCallerArn} (the EKS token and every AWS API call)`);
  }
  if (!id.awsCallerArn && id.awsCallerReason) parts.push(`AWS caller not determined: ${id.awsCallerReason}`);
  if (parts.length === 0) return 'not recorded';
  return `${parts.join('; ')}${source === 'demo' ? ' (demo data: no cluster was contacted)' : ''}`;
}

function pointInTime(results: ScanResults): Limitation {
  const at = results.collectedAt ?? results.generatedAt;
  return {
    title: 'Point in time',
    text: `The verdicts describe the cluster as it was listed at ${at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}. Each inventory is one paginated list taken during the collection, not one atomic snapshot, and nothing that changed afterwards is reflected: a later deployment, RBAC change or AWS setting can pass or fail differently.`,
    items: [],
  };
}

/** The kubelet checks' own account of which nodes they read and which not (evidence.coverage), each text once. */
function kubeletCoverage(results: ScanResults): string[] {
  const texts = results.checks
    .filter((c) => c.evidence?.sources.some((s) => s.includes('nodes/proxy')))
    .map((c) => c.evidence?.coverage)
    .filter((t): t is string => typeof t === 'string' && t.length > 0);
  return [...new Set(texts)];
}

function sampling(results: ScanResults): Limitation {
  const sources = results.sources ?? [];
  const kubelet = sources.find((s) => s.id === 'kubelet-config');
  const nodes = sources.find((s) => s.id === 'nodes');
  const total = nodes?.status === 'collected' ? nodes.itemCount : null;
  let kubeletText: string;
  if (kubelet?.status === 'collected') {
    const read = kubelet.itemCount ?? 0;
    kubeletText = `Kubelet configuration (CIS 3.2) was read from ${read}${total !== null ? ` of ${plural(total, 'node')}` : ` ${read === 1 ? 'node' : 'nodes'}`}, one per node group (or Karpenter node pool, or OS image and kubelet version); every other node is taken to be configured like its group's sampled node, which holds only while a group's nodes share one launch template or AMI. Fargate nodes have no kubelet the reporter may read. Each kubelet check's evidence names the nodes read and the nodes not read.`;
  } else {
    kubeletText = `Kubelet configuration (CIS 3.2) was not read${kubelet?.reason ? ` (${kubelet.reason})` : ''}: those requirements are not assessed.`;
  }
  return {
    title: 'Sampling',
    text: `${kubeletText} Every check reads every object of its inventories; the evidence samples in results.json (up to 10 objects per check) and the object lists in this report (capped per check, with the rest counted) are extracts, and findings.csv and results.json list every failing object.`,
    items: kubelet?.status === 'collected' ? kubeletCoverage(results).map((t) => `Kubelet configuration: ${t}`) : [],
  };
}

function nodeFiles(results: ScanResults): Limitation {
  const cis = results.frameworks.find((f) => f.id === 'cis-eks-1.8.0');
  const fileRequirements = (cis?.requirements ?? []).filter((r) => r.id.startsWith('3.1.'));
  return {
    title: 'Node files',
    text: 'No file on a node is read: the reporter has no shell or agent on the nodes. File permissions and ownership (CIS section 3.1: the kubeconfig and kubelet configuration files) can only be settled by an attestation or by inspecting the nodes.',
    items: fileRequirements.map(
      (r) =>
        `CIS ${r.id} ${r.title}: ${r.status.replace('-', ' ')}${r.attestation ? ` (attested by ${r.attestation.by})` : ''}`,
    ),
  };
}

function runtime(): Limitation {
  return {
    title: 'Runtime behaviour',
    text: 'Only declared configuration is assessed. Running processes, system calls, network traffic, the actual use of permissions and whether a weakness is exploitable are not observed; GuardDuty and Inspector are read for their status only. A configuration that passes here can still be misused at run time.',
    items: [],
  };
}

function notCollected(results: ScanResults): Limitation | undefined {
  const missing = (results.sources ?? []).filter((s) => s.status === 'not-collected');
  const known = new Set((results.sources ?? []).map((s) => s.id));
  const otherGaps = results.gaps.filter((g) => !known.has(g.source));
  if (missing.length === 0 && otherGaps.length === 0) return undefined;
  return {
    title: 'Data not collected',
    text: `${plural(missing.length + otherGaps.length, 'data source')} could not be read or ${missing.length + otherGaps.length === 1 ? 'was' : 'were'} not requested; the checks and requirements that need ${missing.length + otherGaps.length === 1 ? 'it' : 'them'} are not assessed, never passed.`,
    items: [
      ...missing.map((s) => `${s.title} (${s.permission}): ${s.reason ?? 'not collected'}`),
      ...otherGaps.map((g) => `${g.source}: ${g.reason}`),
    ],
  };
}

function secretsOptIn(results: ScanResults): Limitation | undefined {
  const secrets = (results.sources ?? []).find((s) => s.id === 'secrets');
  if (!secrets || secrets.status === 'collected') return undefined;
  return {
    title: 'Secrets',
    text: `Secrets were not listed${secrets.reason ? ` (${secrets.reason})` : ''}. Secret metadata is opt-in (--secret-metadata, or scan.secretMetadata in the config) because list secrets cannot be limited to metadata; without it the legacy service-account token and unused Secret checks are not assessed. Secret values are never requested in any mode.`,
    items: [],
  };
}

function judgement(results: ScanResults): Limitation {
  const manual = results.frameworks.flatMap((f) =>
    f.requirements.filter((r) => r.status === 'manual').map((r) => `${f.title} ${r.id}`),
  );
  const attested = results.frameworks.flatMap((f) => f.requirements.filter((r) => r.attestation)).length;
  const waived = results.frameworks.flatMap((f) => f.requirements.filter((r) => r.status === 'waived')).length;
  return {
    title: 'Judgement',
    text: `${plural(manual.length, 'requirement')} still ${manual.length === 1 ? 'needs' : 'need'} a person's review (no attestation settles ${manual.length === 1 ? 'it' : 'them'}); ${plural(attested, 'requirement')} ${attested === 1 ? 'rests' : 'rest'} on an attestation, a named person's statement that this scan does not verify; ${plural(waived, 'requirement')} ${waived === 1 ? 'is' : 'are'} waived, an accepted risk rather than a pass. Automated verdicts follow the benchmark's audit procedure as implemented by each check; a check that differs from it says so beside its result.`,
    items: [],
  };
}

/** What this assessment cannot see, derived from the run: sources missing, sampling, opt-ins off. */
export function limitations(results: ScanResults): Limitation[] {
  const source = results.collector?.mode ?? results.cluster.source;
  const out: (Limitation | undefined)[] = [
    pointInTime(results),
    source === 'manifests'
      ? {
          title: 'Manifests only',
          text: 'The objects were read from manifest files, not from a cluster: the live state (objects created by controllers, changes made since the files, cluster-wide RBAC and nodes), the kubelet and the AWS side are not seen.',
          items: [],
        }
      : undefined,
    sampling(results),
    nodeFiles(results),
    runtime(),
    notCollected(results),
    secretsOptIn(results),
    judgement(results),
  ];
  return out.filter((l): l is Limitation => l !== undefined);
}

export const SIGN_OFF_ROLES = ['Reviewed by', 'Approved by'] as const;

export function signOffModel(results: ScanResults, control: DocumentControl, identityText: string): SignOffModel {
  const distribution = control.distribution?.length ? [...control.distribution] : [...(control.recipients ?? [])];
  return {
    preparedBy: `${results.tool.name} ${results.tool.version}, scanning as ${identityText}`,
    preparedOn: results.generatedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'),
    classification: control.classification ?? 'Not classified (set report.classification in the config)',
    classified: control.classification !== undefined,
    distribution,
    distributionSource: control.distribution?.length
      ? 'report.distribution'
      : distribution.length > 0
        ? 'report.recipients (the weekly email)'
        : 'report.distribution in the config',
    roles: [...SIGN_OFF_ROLES],
  };
}

export function documentModel(results: ScanResults, control: DocumentControl = {}): DocumentModel {
  const identityText = scanIdentityText(results);
  return { identityText, limitations: limitations(results), signOff: signOffModel(results, control, identityText) };
}
