/**
 * results.sarif: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps), mainly for `manifests` scans in
 * CI. One run; one rule per check with its rationale and remediation; one result per failing object, and one
 * suppressed result per waived object so the waiver stays visible. Objects are named by logical location
 * (namespace/Kind/name); a caller that knows which file and line an object came from passes `locate`.
 */
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../checks/types.js';
import type { CheckResult, ScanResults, WaivedObject } from '../scoring/results.js';
import { TOOL_DESCRIPTION, TOOL_HOMEPAGE, TOOL_ORGANIZATION } from '../version.js';
import { defaultCatalog, type ReportCatalog } from './catalog.js';
import { singleLine } from './escape.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';

export type SarifLevel = 'error' | 'warning' | 'note';

/** Where an object's source is, when known (a manifest file, relative to the repository root, and its line). */
export interface SourceLocation {
  /** A relative path or URI reference (resolved against `uriBaseId` when given), or an absolute URI. */
  file: string;
  line?: number;
  /** `%SRCROOT%` for a path relative to the repository root; absent for an absolute URI. */
  uriBaseId?: string;
}

/** The source file of an object named as findings name it, or undefined when it was not read from a file. */
export type ObjectLocator = (object: {
  kind: string;
  namespace: string | null;
  name: string;
}) => SourceLocation | undefined;

export interface SarifOptions {
  catalog?: ReportCatalog;
  /** The source file of an object, for `manifests` scans whose loader recorded it. */
  locate?: ObjectLocator;
  /** The tool's description, homepage and organization; package.json's by default. */
  toolFacts?: SarifToolFacts;
}

const LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * GitHub code scanning ranks security alerts by this number: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium,
 * 0.1–3.9 low. Info checks get 0.0, which ranks as none.
 */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

// SARIF property bags and messages are open-ended JSON; these are the parts this file writes.
interface SarifMessage {
  text: string;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage & { markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: Record<string, unknown>;
}

interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } };
  logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  kind: 'fail';
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
}

/** SARIF's toolComponent for this tool: every field the package describes itself with. */
export interface SarifDriver {
  name: string;
  fullName: string;
  version: string;
  semanticVersion: string;
  shortDescription?: SarifMessage;
  /** package.json's `homepage`; absent while the package declares none. */
  informationUri?: string;
  /** package.json's `author`; absent while the package declares none. */
  organization?: string;
  rules: SarifRule[];
}

/** Where the driver's descriptive fields come from: package.json (functions/version.ts), replaceable in tests. */
export interface SarifToolFacts {
  description?: string;
  homepage?: string;
  organization?: string;
}

const PACKAGE_TOOL_FACTS: SarifToolFacts = {
  description: TOOL_DESCRIPTION,
  homepage: TOOL_HOMEPAGE,
  organization: TOOL_ORGANIZATION,
};

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: {
    tool: { driver: SarifDriver };
    automationDetails: { id: string };
    invocations: { executionSuccessful: boolean; endTimeUtc: string }[];
    results: SarifResult[];
    properties: Record<string, unknown>;
  }[];
}

/** "pod-privileged" → "PodPrivileged": SARIF's rule name is an identifier-like label. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function objectName(o: { kind: string; namespace: string | null; name: string }): string {
  return o.namespace ? `${o.namespace}/${o.kind}/${o.name}` : `${o.kind}/${o.name}`;
}

function requirementRefs(results: ScanResults): Map<string, string[]> {
  const refs = new Map<string, string[]>();
  for (const framework of results.frameworks) {
    for (const requirement of framework.requirements) {
      for (const checkId of requirement.checks) {
        refs.set(checkId, [...(refs.get(checkId) ?? []), `${framework.id}:${requirement.id}`]);
      }
    }
  }
  return refs;
}

function rule(check: CheckResult, catalog: ReportCatalog, requirements: string[]): SarifRule {
  const text = catalog.check(check.id);
  const rationale = text?.rationale || check.title;
  const remediation = text?.remediation || 'See the compliance report for this check.';
  return {
    id: check.id,
    name: ruleName(check.id),
    shortDescription: { text: check.title },
    fullDescription: { text: rationale },
    // Markdown is rendered by dashboards; the catalog text is our own prose, not cluster data.
    help: { text: remediation, markdown: `**Remediation:** ${remediation}` },
    defaultConfiguration: { level: LEVEL[check.severity] ?? 'warning' },
    properties: {
      severity: check.severity,
      'security-severity': SECURITY_SEVERITY[check.severity] ?? '0.0',
      references: check.references,
      riskAreas: check.riskAreas,
      requirements,
      tags: ['security', 'kubernetes', 'eks', ...requirements],
    },
  };
}

function location(
  o: { kind: string; namespace: string | null; name: string },
  locate: SarifOptions['locate'],
): SarifLocation {
  const source = locate?.(o);
  const logical = { name: o.name, fullyQualifiedName: objectName(o), kind: 'resource' };
  if (!source) return { logicalLocations: [logical] };
  return {
    physicalLocation: {
      artifactLocation: {
        uri: source.file.replace(/\\/g, '/'),
        ...(source.uriBaseId ? { uriBaseId: source.uriBaseId } : {}),
      },
      ...(source.line && source.line > 0 ? { region: { startLine: source.line } } : {}),
    },
    logicalLocations: [logical],
  };
}

/** Stable across runs for the same check and object, so a dashboard tracks one alert rather than new ones weekly. */
function fingerprint(checkId: string, o: { kind: string; namespace: string | null; name: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([checkId, o.kind, o.namespace ?? '', o.name]))
    .digest('hex');
}

function failingResult(check: CheckResult, ruleIndex: number, f: Finding, options: SarifOptions): SarifResult {
  return {
    ruleId: check.id,
    ruleIndex,
    level: LEVEL[check.severity] ?? 'warning',
    kind: 'fail',
    message: { text: `${check.title}: ${f.kind} ${objectName(f)}: ${f.message}` },
    locations: [location(f, options.locate)],
    partialFingerprints: { 'eksComplianceObject/v1': fingerprint(check.id, f) },
    properties: { severity: check.severity, ...(f.path ? { path: f.path } : {}) },
  };
}

function waivedResult(check: CheckResult, ruleIndex: number, w: WaivedObject, options: SarifOptions): SarifResult {
  return {
    ruleId: check.id,
    ruleIndex,
    level: LEVEL[check.severity] ?? 'warning',
    kind: 'fail',
    message: {
      text: `${check.title}: ${w.kind} ${objectName(w)}: ${w.message ? `${w.message}; ` : ''}waived by ${w.waiver}`,
    },
    locations: [location(w, options.locate)],
    partialFingerprints: { 'eksComplianceObject/v1': fingerprint(check.id, w) },
    properties: { severity: check.severity, waiver: w.waiver },
    suppressions: [{ kind: 'external', status: 'accepted', justification: `Waiver ${w.waiver}` }],
  };
}

function driver(results: ScanResults, facts: SarifToolFacts, rules: SarifRule[]): SarifDriver {
  return {
    name: results.tool.name,
    fullName: `${results.tool.name} ${results.tool.version}`,
    version: results.tool.version,
    semanticVersion: results.tool.version,
    ...(facts.description ? { shortDescription: { text: facts.description } } : {}),
    ...(facts.homepage ? { informationUri: facts.homepage } : {}),
    ...(facts.organization ? { organization: facts.organization } : {}),
    rules,
  };
}

export function buildSarif(results: ScanResults, options: SarifOptions = {}): SarifLog {
  const catalog = options.catalog ?? defaultCatalog();
  const refs = requirementRefs(results);
  // One rule per check id; a duplicated id in results would otherwise produce an invalid log.
  const checks = [...new Map(results.checks.map((c) => [c.id, c])).values()].sort((a, b) => a.id.localeCompare(b.id));
  const rules = checks.map((c) => rule(c, catalog, refs.get(c.id) ?? []));
  const out: SarifResult[] = [];
  checks.forEach((check, ruleIndex) => {
    if (check.status === 'fail') for (const f of check.failing) out.push(failingResult(check, ruleIndex, f, options));
    for (const w of check.waived) out.push(waivedResult(check, ruleIndex, w, options));
  });
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: driver(results, options.toolFacts ?? PACKAGE_TOOL_FACTS, rules) },
        // Category for code scanning: one per cluster (or manifest set), so two scans do not close each other's alerts.
        automationDetails: { id: `eks-compliance/${singleLine(results.cluster.name)}/${results.runId}` },
        invocations: [{ executionSuccessful: true, endTimeUtc: results.generatedAt }],
        results: out,
        properties: {
          cluster: results.cluster.name,
          source: results.cluster.source,
          runId: results.runId,
          score: results.summary.score,
        },
      },
    ],
  };
}

/** results.sarif as text (JSON, two-space indent). JSON.stringify escapes every string, hostile or not. */
export function renderSarif(results: ScanResults, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(results, options), null, 2)}\n`;
}
