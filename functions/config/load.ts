/**
 * Reads and validates the config file. Every error names the file, the line and the key, e.g.
 * `config.yaml:14: clusters[0].region: must match pattern …` — never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { resourceId } from './resource-id.js';
import { configSchema } from './schema.js';
import { isIanaTimeZone } from './time-zone.js';
import type { ReporterConfig } from './types.js';

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

// ajv-formats is CommonJS; its default export arrives wrapped when imported from ESM.
type AddFormats = (ajv: Ajv2020, formats: string[]) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;
const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: true });
addFormats(ajv, ['email']);
const validate = ajv.compile(configSchema);

type PathSegment = string | number;

function pointerToSegments(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function formatPath(segments: PathSegment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out || '(top level)';
}

function describeError(e: ErrorObject): { segments: PathSegment[]; message: string } {
  const segments = pointerToSegments(e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return { segments: [...segments, extra], message: 'unknown key (check its spelling and place)' };
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return { segments: [...segments, missing], message: 'is required' };
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
    return { segments, message: `must be one of ${allowed}` };
  }
  if (e.keyword === 'pattern' || e.keyword === 'format') {
    const last = segments.findLast((s) => typeof s === 'string');
    const hint = last ? PATTERN_HINTS[last] : undefined;
    if (hint) return { segments, message: `must be ${hint}` };
  }
  return { segments, message: e.message ?? 'is invalid' };
}

const PATTERN_HINTS: Record<string, string> = {
  region: 'an AWS region such as eu-west-1',
  regions: 'AWS regions such as eu-west-1',
  account: 'a 12-digit AWS account id',
  roleArn: 'an IAM role ARN (arn:aws:iam::123456789012:role/NAME)',
  name: 'a cluster name (letters, digits, - and _, starting with a letter or digit)',
  vpcId: 'a VPC id (vpc-…)',
  subnetIds: 'subnet ids (subnet-…)',
  securityGroupIds: 'security group ids (sg-…)',
  clusterSecurityGroupIds: 'security group ids (sg-…)',
  expires: 'a date as YYYY-MM-DD',
  date: 'a date as YYYY-MM-DD',
  approvedOn: 'a date as YYYY-MM-DD',
  sender: 'an email address',
  recipients: 'email addresses',
  email: 'an email address',
  classification: 'a label with text, such as Confidential',
  distribution: 'names, roles or addresses with text',
};

/** What is known about the deployment the config is checked for (`cdk synth`/`cdk deploy`); nothing elsewhere. */
export interface DeployTarget {
  /** The 12-digit account the reporter stack is deployed to, when the synth knows it. */
  account?: string;
}

/** The default Lambda concurrent-executions quota of an account; scan.concurrency above it needs scan.accountConcurrency. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;

/** Cross-field rules a schema cannot express. */
function semanticProblems(
  config: ReporterConfig,
  deploy: DeployTarget,
): { segments: PathSegment[]; message: string }[] {
  const problems: { segments: PathSegment[]; message: string }[] = [];
  if (!isIanaTimeZone(config.schedule.timezone)) {
    problems.push({
      segments: ['schedule', 'timezone'],
      message: `is not an IANA time zone: "${config.schedule.timezone}" (for example UTC, Europe/Berlin, America/New_York)`,
    });
  }
  // Names become parts of CloudFormation logical ids (resource-id.ts): two that differ only in punctuation would
  // be one resource.
  for (const [list, items] of [
    ['clusters', config.clusters],
    ['networks', config.networks],
  ] as const) {
    const byId = new Map<string, { name: string; index: number }>();
    items.forEach((item, i) => {
      const id = resourceId(item.name);
      const earlier = byId.get(id);
      if (earlier && earlier.name !== item.name) {
        problems.push({
          segments: [list, i, 'name'],
          message:
            `"${item.name}" and ${list}[${earlier.index}].name "${earlier.name}" differ only in punctuation and would ` +
            `name the same resource (${id}) in the stack; rename one`,
        });
      } else if (!earlier) byId.set(id, { name: item.name, index: i });
    });
  }
  const lock = config.retention.objectLock;
  if (lock && lock.days > config.retention.days) {
    problems.push({
      segments: ['retention', 'objectLock', 'days'],
      message:
        `(${lock.days}) is longer than retention.days (${config.retention.days}): the lifecycle rule would expire ` +
        'objects their lock still holds; lock for at most retention.days',
    });
  }
  const accountConcurrency = config.scan.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY;
  if (config.scan.concurrency > accountConcurrency) {
    problems.push({
      segments: ['scan', 'concurrency'],
      message:
        config.scan.accountConcurrency === undefined
          ? `(${config.scan.concurrency}) is above an account's default Lambda concurrency (${DEFAULT_ACCOUNT_CONCURRENCY}); ` +
            "if the account's quota is raised, say so with scan.accountConcurrency"
          : `(${config.scan.concurrency}) is above scan.accountConcurrency (${accountConcurrency})`,
    });
  }
  if (deploy.account) {
    config.clusters.forEach((c, i) => {
      if (c.account && c.account !== deploy.account && !c.roleArn) {
        problems.push({
          segments: ['clusters', i, 'roleArn'],
          message:
            `is required: the cluster is in account ${c.account}, not ${deploy.account} where the reporter is ` +
            'deployed, and can only be read through the role the target-account stack creates there',
        });
      }
    });
  }
  const networks = new Set(config.networks.map((n) => n.name));
  const seenClusters = new Set<string>();
  config.clusters.forEach((c, i) => {
    if (c.network && !networks.has(c.network)) {
      problems.push({ segments: ['clusters', i, 'network'], message: `names no entry under networks: "${c.network}"` });
    }
    const key = `${c.account ?? ''}/${c.region}/${c.name}`;
    if (seenClusters.has(key)) problems.push({ segments: ['clusters', i], message: 'is listed twice' });
    seenClusters.add(key);
  });
  for (const [list, items] of [
    ['waivers', config.waivers],
    ['attestations', config.attestations],
  ] as const) {
    const ids = new Set<string>();
    items.forEach((item, i) => {
      if (ids.has(item.id)) problems.push({ segments: [list, i, 'id'], message: `duplicates id "${item.id}"` });
      ids.add(item.id);
    });
  }
  config.waivers.forEach((w, i) => {
    // ISO dates compare as strings; a waiver approved after it ends is a typo in one of the two.
    if (w.approvedOn !== undefined && w.approvedOn > w.expires) {
      problems.push({ segments: ['waivers', i, 'approvedOn'], message: `is after expires (${w.expires})` });
    }
  });
  const { discovery } = config;
  const crossAccount = discovery.accounts.length > 0 || discovery.organization;
  if (crossAccount && discovery.regions.length === 0) {
    problems.push({
      segments: ['discovery', 'regions'],
      message: `is required with discovery.${discovery.organization ? 'organization' : 'accounts'}: the regions to list each account's clusters in`,
    });
  }
  if (discovery.organizationRoleArn && !discovery.organization) {
    problems.push({
      segments: ['discovery', 'organizationRoleArn'],
      message: "is only read with discovery.organization: true (the role to list the organization's accounts through)",
    });
  }
  if (deploy.account && discovery.accounts.includes(deploy.account)) {
    problems.push({
      segments: ['discovery', 'accounts', discovery.accounts.indexOf(deploy.account)],
      message:
        `is ${deploy.account}, where the reporter is deployed: its own clusters are discovered with its own role ` +
        '(discovery.regions alone); list only other accounts',
    });
  }
  if (config.report.recipients.length > 0 && !config.report.sender) {
    problems.push({ segments: ['report', 'sender'], message: 'is required when report.recipients is set' });
  }
  return problems;
}

/**
 * Parses and validates config text; `file` is used only in messages. `deploy` adds the checks that need the
 * deployment's account (the CDK app passes it).
 */
export function parseConfig(text: string, file: string, deploy: DeployTarget = {}): ReporterConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const line = e.linePos?.[0]?.line;
      return `${file}${line ? `:${line}` : ''}: YAML syntax error: ${e.message.split('\n')[0]}`;
    });
    throw new ConfigError(problems[0], problems);
  }
  const data = doc.toJS() ?? {};
  const lineOf = (segments: PathSegment[]): number | undefined => {
    for (let n = segments.length; n >= 0; n--) {
      const node = doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const format = (p: { segments: PathSegment[]; message: string }) => {
    const line = lineOf(p.segments);
    return `${file}${line ? `:${line}` : ''}: ${formatPath(p.segments)}: ${p.message}`;
  };
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map(describeError).map(format);
    const unique = [...new Set(problems)];
    throw new ConfigError(unique[0], unique);
  }
  const config = data as unknown as ReporterConfig;
  const semantic = semanticProblems(config, deploy).map(format);
  if (semantic.length > 0) throw new ConfigError(semantic[0], semantic);
  return config;
}

export function loadConfig(file: string, deploy: DeployTarget = {}): ReporterConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code ?? err);
    throw new ConfigError(`${file}: ${why}`, [`${file}: ${why}`]);
  }
  return parseConfig(text, file, deploy);
}

/** The configuration with every default applied, for runs without a config file. */
export function defaultConfig(): ReporterConfig {
  return parseConfig('{}', '(defaults)');
}
