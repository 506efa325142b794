/**
 * A scan's requirements as findings in the AWS Security Finding Format (ASFF), for Security Hub's
 * BatchImportFindings: one finding per framework requirement and cluster (the EKS cluster is the resource), under
 * the product ARN of the account's own custom integration. Pure: the Report step imports them
 * (functions/publish/security-hub.ts), the CLI writes them to a file (`--format asff`).
 *
 * A finding's Id names the account, region, cluster, framework and requirement, and nothing that changes between
 * runs, so next week's run updates this week's finding instead of adding one. Failing requirements are FAILED;
 * passing ones are PASSED with the workflow RESOLVED, so a finding fixed since last week is closed, not left open.
 * Requirements that were not judged (not assessed, not applicable, waived) are NOT_AVAILABLE with the reason, which
 * also closes a finding that failed before; manual ones wait for a person and are not sent.
 */

import { ALL_CHECKS } from '../checks/registry.js';
import { type Severity, severityRank } from '../checks/types.js';
import { securityHubProductArn } from '../model/aws-integrations.js';
import { partitionOf } from '../model/aws-partition.js';
import type { CheckResult, FrameworkResult, RequirementResult, ScanResults } from '../scoring/results.js';
import { plural } from './plural.js';

/** The ASFF fields this tool fills (a subset of AwsSecurityFinding). */
export interface AsffFinding {
  SchemaVersion: '2018-10-08';
  Id: string;
  ProductArn: string;
  ProductName: string;
  CompanyName: string;
  GeneratorId: string;
  AwsAccountId: string;
  Region: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: AsffSeverity; Original: string };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string; Url?: string } };
  SourceUrl?: string;
  ProductFields: Record<string, string>;
  Resources: AsffResource[];
  Compliance: { Status: AsffComplianceStatus; RelatedRequirements: string[] };
  Workflow?: { Status: 'RESOLVED' };
  RecordState: 'ACTIVE';
}

export interface AsffResource {
  Type: 'AwsEksCluster';
  Id: string;
  Partition: string;
  Region: string;
  Details: { AwsEksCluster: { Name: string; Arn: string; Version?: string } };
}

export type AsffSeverity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type AsffComplianceStatus = 'PASSED' | 'FAILED' | 'NOT_AVAILABLE';

/** Where the findings go and what they link to. */
export interface AsffContext {
  /**
   * The Security Hub that imports them (its account, region and partition make the product ARN): the Report
   * function's own. Undefined for a file (the CLI): then the cluster's account and region.
   */
  importTo?: { partition: string; region: string; accountId: string };
  /** The cluster report a finding links to (SourceUrl and Remediation.Recommendation.Url). */
  reportUrl?: string;
}

/** ASFF's limits on the fields we fill. */
export const ASFF_LIMITS = { title: 256, description: 1024, recommendation: 512, productFieldValue: 1024 } as const;

const SEVERITY_LABEL: Record<Severity, AsffSeverity> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

export class AsffError extends Error {}

/** `arn:aws-cn:eks:…` → `aws-cn`. */
function partitionOfArn(arn: string): string | undefined {
  return /^arn:([^:]+):/.exec(arn)?.[1];
}

/** Cut to `max` characters, saying so: ASFF rejects a finding with a longer field. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The cluster's account, region, partition and ARN; an AsffError when the scan does not know them. */
function clusterIdentity(results: ScanResults) {
  const { name, arn, region, accountId } = results.cluster;
  const fromArn = arn ? /^arn:[^:]+:eks:([^:]+):(\d{12}):cluster\//.exec(arn) : null;
  const r = region ?? fromArn?.[1];
  const account = accountId ?? fromArn?.[2];
  if (!r || !account || !/^\d{12}$/.test(account)) {
    throw new AsffError(
      `cluster ${name}: ASFF findings need the cluster's AWS account and region, which this scan does not know ` +
        '(scan an EKS cluster with --cluster and --region, or the demo)',
    );
  }
  const partition = (arn && partitionOfArn(arn)) || partitionOf(r).id;
  return { name, region: r, account, partition, arn: arn ?? `arn:${partition}:eks:${r}:${account}:cluster/${name}` };
}

/** The stable Id of a requirement's finding for a cluster. */
export function findingId(
  identity: { account: string; region: string; name: string },
  frameworkId: string,
  requirementId: string,
): string {
  const part = encodeURIComponent;
  return `eks-compliance-reporter/${identity.account}/${identity.region}/${part(identity.name)}/${part(frameworkId)}/${part(requirementId)}`;
}

function highestSeverity(checks: readonly CheckResult[]): Severity {
  return checks.reduce<Severity>((top, c) => (severityRank(c.severity) < severityRank(top) ? c.severity : top), 'info');
}

const REMEDIATION = new Map(ALL_CHECKS.map((c) => [c.id, c.remediation]));

function describe(req: RequirementResult, checks: readonly CheckResult[]): string {
  if (req.status === 'fail') {
    const failing = checks.filter((c) => c.status === 'fail');
    const parts = failing.map((c) => {
      const objects = c.failing.length;
      const first = c.failing[0]?.message;
      return `${c.title}: ${plural(objects, 'failing object')}${first ? ` (first: ${first})` : ''}.`;
    });
    return parts.length > 0 ? parts.join(' ') : (req.reason ?? 'Failed.');
  }
  if (req.status === 'pass') return `Passed: ${checks.map((c) => c.title).join('; ') || 'attested'}.`;
  return `${req.status}: ${req.reason ?? 'no reason recorded'}`;
}

function complianceOf(status: RequirementResult['status']): AsffComplianceStatus | undefined {
  if (status === 'fail') return 'FAILED';
  if (status === 'pass') return 'PASSED';
  if (status === 'manual') return undefined;
  return 'NOT_AVAILABLE';
}

/** Every requirement of the scan as a finding, in framework and requirement order. */
export function asffFindings(results: ScanResults, context: AsffContext = {}): AsffFinding[] {
  const identity = clusterIdentity(results);
  const to = context.importTo ?? {
    partition: identity.partition,
    region: identity.region,
    accountId: identity.account,
  };
  const productArn = securityHubProductArn(to.partition, to.region, to.accountId);
  const checksById = new Map(results.checks.map((c) => [c.id, c]));
  const out: AsffFinding[] = [];
  for (const framework of results.frameworks) {
    for (const req of framework.requirements) {
      const status = complianceOf(req.status);
      if (!status) continue;
      out.push(finding(results, identity, productArn, framework, req, status, checksById, context));
    }
  }
  return out;
}

function finding(
  results: ScanResults,
  identity: ReturnType<typeof clusterIdentity>,
  productArn: string,
  framework: FrameworkResult,
  req: RequirementResult,
  status: AsffComplianceStatus,
  checksById: ReadonlyMap<string, CheckResult>,
  context: AsffContext,
): AsffFinding {
  const checks = req.checks.flatMap((id) => checksById.get(id) ?? []);
  const severity = status === 'FAILED' ? highestSeverity(checks.filter((c) => c.status === 'fail')) : 'info';
  const remediation = [
    ...new Set(
      checks.filter((c) => status !== 'FAILED' || c.status === 'fail').flatMap((c) => REMEDIATION.get(c.id) ?? []),
    ),
  ];
  const failingObjects = checks.reduce((n, c) => n + c.failing.length, 0);
  return {
    SchemaVersion: '2018-10-08',
    Id: findingId(identity, framework.id, req.id),
    ProductArn: productArn,
    ProductName: 'eks-compliance-reporter',
    CompanyName: 'eks-compliance-reporter',
    GeneratorId: `eks-compliance-reporter/${framework.id}/${req.id}`,
    AwsAccountId: identity.account,
    Region: identity.region,
    // A type has at most three parts split by "/", so a slash in a title (NSA/CISA) becomes a dash.
    Types: [
      `Software and Configuration Checks/Industry and Regulatory Standards/${framework.title.replaceAll('/', '-')}`,
    ],
    // The run's time for both: Security Hub applies an update only when UpdatedAt is newer than the stored one.
    CreatedAt: results.generatedAt,
    UpdatedAt: results.generatedAt,
    Severity: { Label: SEVERITY_LABEL[severity], Original: severity },
    Title: clip(`${framework.title} ${req.id}: ${req.title}`, ASFF_LIMITS.title),
    Description: clip(describe(req, checks), ASFF_LIMITS.description),
    Remediation: {
      Recommendation: {
        Text: clip(remediation.join(' ') || 'See the requirement in the cluster report.', ASFF_LIMITS.recommendation),
        ...(context.reportUrl ? { Url: context.reportUrl } : {}),
      },
    },
    ...(context.reportUrl ? { SourceUrl: context.reportUrl } : {}),
    ProductFields: {
      'eks-compliance/Framework': framework.id,
      'eks-compliance/Requirement': req.id,
      'eks-compliance/Status': req.status,
      'eks-compliance/Checks': clip(req.checks.join(',') || '(attestation)', ASFF_LIMITS.productFieldValue),
      'eks-compliance/FailingObjects': String(failingObjects),
      'eks-compliance/RunId': results.runId,
    },
    Resources: [
      {
        Type: 'AwsEksCluster',
        Id: identity.arn,
        Partition: identity.partition,
        Region: identity.region,
        Details: {
          AwsEksCluster: {
            Name: identity.name,
            Arn: identity.arn,
            ...(results.cluster.kubernetesVersion ? { Version: results.cluster.kubernetesVersion } : {}),
          },
        },
      },
    ],
    Compliance: { Status: status, RelatedRequirements: [clip(`${framework.id} ${req.id}`, 64)] },
    ...(status === 'PASSED' ? { Workflow: { Status: 'RESOLVED' as const } } : {}),
    RecordState: 'ACTIVE',
  };
}

/** The findings file the CLI writes: BatchImportFindings' request shape, importable in batches of 100. */
export function renderAsff(results: ScanResults): string {
  return `${JSON.stringify({ Findings: asffFindings(results) }, null, 2)}\n`;
}
