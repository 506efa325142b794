/**
 * An emulator of Security Hub's BatchImportFindings on 127.0.0.1 (REST-JSON, `POST /findings/import`), for the AWS
 * SDK pointed at it with AWS_ENDPOINT_URL_SECURITYHUB. It refuses a call of more than 100 findings as the service
 * does, and checks each finding for the fields ASFF requires, refusing one that lacks any with its Id in
 * FailedFindings. It keeps the accepted findings by product ARN and Id, applying an update only when its UpdatedAt
 * is newer, and resolving the workflow of a finding whose compliance changes from FAILED to PASSED, as Security
 * Hub does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The top-level fields BatchImportFindings requires of every finding. */
export const REQUIRED_ASFF_FIELDS = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Title',
  'Description',
  'Resources',
] as const;

type Finding = Record<string, unknown>;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const COMPLIANCE = ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'];

/** Why Security Hub would refuse this finding; empty when it would accept it. */
export function asffProblems(finding: object, importer?: { account: string; region: string }): string[] {
  const f = finding as Finding;
  const problems: string[] = [];
  for (const field of REQUIRED_ASFF_FIELDS) {
    if (f[field] === undefined || f[field] === null || f[field] === '') problems.push(`${field} is missing`);
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  if (f.SchemaVersion !== undefined && f.SchemaVersion !== '2018-10-08')
    problems.push('SchemaVersion is not 2018-10-08');
  if (text(f.Id).length > 512) problems.push('Id is longer than 512');
  if (f.AwsAccountId !== undefined && !/^\d{12}$/.test(text(f.AwsAccountId)))
    problems.push('AwsAccountId is not 12 digits');
  const product = /^arn:aws[a-z-]*:securityhub:([a-z0-9-]+):(\d{12}):product\/(\d{12})\/default$/.exec(
    text(f.ProductArn),
  );
  if (f.ProductArn !== undefined && !product) problems.push('ProductArn is not a custom integration product ARN');
  if (
    product &&
    importer &&
    (product[1] !== importer.region || product[2] !== importer.account || product[3] !== importer.account)
  ) {
    problems.push(`ProductArn is not the caller's (${importer.account} in ${importer.region})`);
  }
  if (f.Types !== undefined && (!Array.isArray(f.Types) || f.Types.length === 0 || f.Types.length > 50)) {
    problems.push('Types must be a list of 1 to 50');
  } else if (Array.isArray(f.Types) && f.Types.some((t) => !/^[^/]+(\/[^/]+){0,2}$/.test(text(t)))) {
    problems.push('Types must be namespace/category/classifier');
  }
  for (const field of ['CreatedAt', 'UpdatedAt']) {
    if (f[field] !== undefined && !ISO_8601.test(text(f[field]))) problems.push(`${field} is not an ISO 8601 time`);
  }
  const severity = f.Severity as { Label?: unknown } | undefined;
  if (severity !== undefined && !SEVERITY_LABELS.includes(text(severity?.Label)))
    problems.push('Severity.Label is not valid');
  if (text(f.Title).length > 256) problems.push('Title is longer than 256');
  if (text(f.Description).length > 1024) problems.push('Description is longer than 1024');
  const resources = f.Resources;
  if (resources !== undefined && (!Array.isArray(resources) || resources.length === 0 || resources.length > 32)) {
    problems.push('Resources must be a list of 1 to 32');
  } else if (Array.isArray(resources)) {
    for (const r of resources as Finding[]) if (!r.Type || !r.Id) problems.push('a resource lacks Type or Id');
  }
  const compliance = f.Compliance as { Status?: unknown } | undefined;
  if (compliance !== undefined && !COMPLIANCE.includes(text(compliance.Status)))
    problems.push('Compliance.Status is not valid');
  const recommendation = (f.Remediation as { Recommendation?: { Text?: unknown } } | undefined)?.Recommendation;
  if (text(recommendation?.Text).length > 512) problems.push('Remediation.Recommendation.Text is longer than 512');
  return problems;
}

export interface StoredFinding {
  finding: Finding;
  /** The workflow status Security Hub would show. */
  workflow: 'NEW' | 'RESOLVED';
}

export interface SecurityHubEmulator {
  url: string;
  /** Accepted findings by `${ProductArn}|${Id}`. */
  findings: Map<string, StoredFinding>;
  /** Findings per call, in order. */
  calls: number[];
  close(): Promise<void>;
}

function callerOf(authorization: string | undefined): { account: string; region: string } | undefined {
  const region = /Credential=[^/]+\/\d{8}\/([^/]+)\/securityhub\/aws4_request/.exec(authorization ?? '')?.[1];
  return region ? { account: '', region } : undefined;
}

export async function startSecurityHub(options: { account: string }): Promise<SecurityHubEmulator> {
  const findings = new Map<string, StoredFinding>();
  const calls: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown, type?: string) => {
        res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) });
        res.end(JSON.stringify(body));
      };
      const caller = callerOf(req.headers.authorization);
      if (req.method !== 'POST' || req.url !== '/findings/import' || !caller) {
        json(400, { Message: `unsupported request ${req.method} ${req.url}` }, 'InvalidInputException');
        return;
      }
      let body: { Findings?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        json(400, { Message: 'the body is not JSON' }, 'InvalidInputException');
        return;
      }
      const batch = Array.isArray(body.Findings) ? (body.Findings as Finding[]) : [];
      if (batch.length === 0 || batch.length > 100) {
        json(400, { Message: `Findings must hold 1 to 100 findings, got ${batch.length}` }, 'InvalidInputException');
        return;
      }
      calls.push(batch.length);
      const failed: Array<{ Id: string; ErrorCode: string; ErrorMessage: string }> = [];
      for (const f of batch) {
        const problems = asffProblems(f, { account: options.account, region: caller.region });
        if (problems.length > 0) {
          failed.push({ Id: String(f.Id ?? ''), ErrorCode: 'InvalidInput', ErrorMessage: problems.join('; ') });
          continue;
        }
        const key = `${f.ProductArn}|${f.Id}`;
        const stored = findings.get(key);
        if (stored && Date.parse(String(stored.finding.UpdatedAt)) >= Date.parse(String(f.UpdatedAt))) continue;
        const status = (f.Compliance as { Status?: string } | undefined)?.Status;
        const wasFailing = (stored?.finding.Compliance as { Status?: string } | undefined)?.Status === 'FAILED';
        // New findings take the provider's workflow (NEW when none); an update resolves one that stopped failing.
        const given = (f.Workflow as { Status?: string } | undefined)?.Status === 'RESOLVED' ? 'RESOLVED' : 'NEW';
        const workflow = stored
          ? wasFailing && status !== 'FAILED'
            ? 'RESOLVED'
            : status === 'FAILED' && !wasFailing
              ? 'NEW'
              : stored.workflow
          : given;
        findings.set(key, { finding: f, workflow });
      }
      json(200, { FailedCount: failed.length, SuccessCount: batch.length - failed.length, FailedFindings: failed });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    findings,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
