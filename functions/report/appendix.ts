/**
 * The appendix prose: how the data was gathered, how the score is computed, and what each status and severity
 * means. Written for an auditor who has not read the code; docs/scoring.md is the long form of the score section.
 */
import type { ScanResults } from '../scoring/results.js';

export interface GlossaryEntry {
  term: string;
  definition: string;
}

export interface AppendixModel {
  /** Paragraphs, each with a short lead ("Agentless.") and its text. */
  method: { lead: string; text: string }[];
  formula: { summary: string; lines: string[] };
  statuses: GlossaryEntry[];
  severities: GlossaryEntry[];
  registerStates: GlossaryEntry[];
  terms: GlossaryEntry[];
}

const MODE_TEXT: Record<string, string> = {
  demo: 'the embedded demo cluster (a fixed, synthetic snapshot shipped with the tool)',
  kubeconfig: 'a kubeconfig context, through the Kubernetes API',
  eks: 'the Amazon EKS API and the cluster’s Kubernetes API, with a short-lived EKS token',
  snapshot: 'a snapshot saved earlier by the collect command',
  manifests: 'manifest files read offline (no cluster was contacted)',
};

function methodParagraphs(results: ScanResults, rowLimit: number): string[] {
  const collector = results.collector;
  const mode = collector ? (MODE_TEXT[collector.mode] ?? collector.mode) : (MODE_TEXT[results.cluster.source] ?? '');
  const who = collector ? `${collector.name} ${collector.version}` : `${results.tool.name} ${results.tool.version}`;
  return [
    `Agentless. Nothing was installed in the cluster. The data was gathered by ${who} from ${mode}.`,
    'Read-only. The collector sends only list and get requests to the Kubernetes API and only Describe, List and Get calls to AWS; it holds no permission to change anything. The identity it uses and the exact permissions are listed under Data sources below.',
    'What was collected. Workloads (pods and their controllers), services, ingresses, network policies, RBAC roles and bindings, service accounts, nodes, storage, quotas and admission webhooks and policies, each as one paginated list. Secrets are listed only when Secret metadata is requested (an opt-in, since the permission cannot be limited to metadata), and then as metadata only (name, namespace, labels, annotations): their values are never requested. ConfigMap values and literal environment variables are reduced, at collection time, to facts such as "looks like an AWS access key"; the values themselves never leave the cluster. The aws-auth ConfigMap is reduced to the IAM principals it maps and their groups.',
    'Kubelet and AWS. Kubelet configuration is read from each node’s configz endpoint through the API server proxy only when that option is enabled, because it needs get on nodes/proxy, a powerful permission. On the AWS side the collector reads the cluster configuration, node groups, add-ons, access entries, ECR scanning and image findings, GuardDuty and Inspector status, the control-plane log group, node instances, subnets, route tables and node role policies.',
    'Evaluation. Each check is a pure function over this snapshot; frameworks map their requirements to checks. A check whose data could not be collected is not run: it is reported as not assessed, with the missing data and permission, never as passed.',
    `Evidence. Every failing object is named with the value observed. The report shows at most ${rowLimit} objects per check; findings.csv lists them all, and results.json (written beside this report and attached to the PDF, whose cover prints its SHA-256) holds every number in this report.`,
  ];
}

const FORMULA_LINES = [
  'Each check has a weight from its severity: critical 10, high 5, medium 3, low 1, info 0.',
  'The summary score counts each check once: 100 × (weight of passing checks) ÷ (weight of passing and failing checks), rounded to one decimal. A check shared by several frameworks therefore counts once.',
  'Only checks that actually passed or failed count. Not-applicable and not-assessed checks, and checks whose every failing object is waived, are left out of both sides of the fraction and shown separately as coverage.',
  'A framework score applies the same rule to requirements. A requirement weighs as much as its most severe check; one settled only by an attestation weighs as a medium check (3).',
  'A failing requirement served by several checks keeps partial credit in proportion to the weight of its passing checks, so a broad area with one gap scores above one with nothing in place. It is still shown as failing everywhere.',
  'Manual, not-applicable, not-assessed and waived requirements do not count. When nothing counts, the framework has no score; the summary score is then 0, so an empty scan never passes a threshold.',
];

const STATUSES: GlossaryEntry[] = [
  { term: 'Pass', definition: 'Every check behind the requirement passed (or an attestation says it passes).' },
  { term: 'Fail', definition: 'At least one check found an object in breach (or an attestation says it fails).' },
  {
    term: 'Manual',
    definition: 'No automated evidence exists; a person must judge it. An attestation can settle it.',
  },
  {
    term: 'Waived',
    definition: 'Every failing object is covered by an approved, unexpired waiver: an accepted risk, not a pass.',
  },
  { term: 'Not applicable', definition: 'Nothing in the cluster is subject to it (for example, no such objects).' },
  {
    term: 'Not assessed',
    definition: 'The data needed could not be collected; the reason names the missing permission or failed call.',
  },
];

const SEVERITIES: GlossaryEntry[] = [
  { term: 'Critical (10)', definition: 'Direct path to cluster or node takeover, or to cloud credentials.' },
  { term: 'High (5)', definition: 'Significant weakening of isolation or access control.' },
  { term: 'Medium (3)', definition: 'Defence in depth missing; exploitable together with another weakness.' },
  { term: 'Low (1)', definition: 'Hygiene and hardening.' },
  { term: 'Info (0)', definition: 'Reported for awareness; does not move the score.' },
];

const REGISTER_STATES: GlossaryEntry[] = [
  { term: 'Active', definition: 'Applies in this run and ends more than 30 days from the run date.' },
  { term: 'Expiring', definition: 'Applies in this run and ends within 30 days.' },
  { term: 'Expired', definition: 'Past its date: no longer applies.' },
  { term: 'Unused', definition: 'Matched nothing in this run: a candidate for removal.' },
];

const TERMS: GlossaryEntry[] = [
  { term: 'Check', definition: 'One automated test with an id, a severity, a rationale and a remediation.' },
  { term: 'Requirement', definition: 'An item of a framework (a CIS recommendation, an NSA/CISA topic, a risk area).' },
  { term: 'Finding', definition: 'One object that failed a check, with the value observed.' },
  { term: 'Waiver', definition: 'An approved, time-limited acceptance of risk for matching objects of a check.' },
  { term: 'Attestation', definition: 'A named person’s dated verdict on a manual requirement, with evidence.' },
  { term: 'Data source', definition: 'One inventory or API call the scan read; each is collected or not.' },
];

export function appendixModel(results: ScanResults, rowLimit: number): AppendixModel {
  return {
    method: methodParagraphs(results, rowLimit).map((paragraph) => {
      const dot = paragraph.indexOf('. ');
      return { lead: paragraph.slice(0, dot + 1), text: paragraph.slice(dot + 2) };
    }),
    formula: { summary: results.summary.scoreFormula ?? '', lines: FORMULA_LINES },
    statuses: STATUSES,
    severities: SEVERITIES,
    registerStates: REGISTER_STATES,
    terms: TERMS,
  };
}
