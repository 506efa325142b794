/**
 * junit.xml: for CI gates that understand JUnit (GitLab, Jenkins, GitHub test reporters). Requirement cases and
 * check cases sit in separate suites: one testsuite per framework (named as the reports name it, the version once)
 * with a testcase per requirement, then a "checks" suite with a testcase per check. A failing requirement or check
 * is a <failure> whose body lists the failing objects; manual, not-applicable and not-assessed are <skipped> with the
 * reason; pass and waived are plain passing testcases. Every testcase carries properties with the status as
 * results.json has it (`waived` on its own, never folded into `pass`) and, for requirements, the verdict source
 * (`attestation` for an attested pass) and the benchmark's own Automated/Manual designation. Every suite carries the
 * run's score and its formula as properties, a framework suite its own score too.
 *
 * Nothing is cut: attribute values are the whole text on one line, and a failure's or skip's element body repeats it
 * with its line breaks (and, for a failure, every failing object up to JUNIT_OBJECT_LIMIT, the rest counted).
 */
import type { CheckResult, RequirementResult, ScanResults } from '../scoring/results.js';
import { checkState } from '../scoring/waivers.js';
import { escapeXml, escapeXmlAttribute, singleLine } from './escape.js';
import { frameworkLabel, verdictSourceOf } from './model.js';

/** Objects listed per failing check in a failure body; the count of the rest is stated. */
export const JUNIT_OBJECT_LIMIT = 50;
type Outcome =
  | { kind: 'pass' }
  | { kind: 'failure'; message: string; body: string }
  | { kind: 'skipped'; message: string; body: string };

interface TestCase {
  classname: string;
  name: string;
  outcome: Outcome;
  /** status, verdictSource, benchmarkAssessment: the result's own words, for readers that show properties. */
  properties: Record<string, string>;
}

interface TestSuite {
  id: string;
  name: string;
  properties: Record<string, string>;
  cases: TestCase[];
}

function attr(name: string, value: string | number): string {
  // One line, never cut (issue 14: nothing is truncated in any output).
  return `${name}="${escapeXmlAttribute(typeof value === 'number' ? `${value}` : singleLine(value))}"`;
}

/** A skip: the attribute is the text on one line, the body the same text with its line breaks. */
function skipped(text: string): Outcome {
  return { kind: 'skipped', message: text, body: text };
}

function objectLine(o: { kind: string; namespace: string | null; name: string; message?: string }): string {
  const where = o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
  return o.message ? `${where}: ${o.message}` : where;
}

/** The failing objects of a check, capped, one per line. */
function findingsText(check: CheckResult): string {
  const lines = check.failing.slice(0, JUNIT_OBJECT_LIMIT).map((f) => `  - ${objectLine(f)}`);
  const more = check.failing.length - JUNIT_OBJECT_LIMIT;
  if (more > 0) lines.push(`  … and ${more} more: findings.csv and results.json list every one`);
  return [`${check.id} (${check.severity}): ${check.failing.length} of ${check.evaluatedCount} fail`, ...lines].join(
    '\n',
  );
}

function checkCase(check: CheckResult): TestCase {
  const base = {
    classname: 'checks',
    name: `${check.id}: ${check.title}`,
    properties: { status: checkState(check) },
  };
  switch (check.status) {
    case 'fail':
      return {
        ...base,
        outcome: {
          kind: 'failure',
          message: `${check.severity}: ${check.failing.length} of ${check.evaluatedCount} objects fail`,
          body: findingsText(check),
        },
      };
    case 'not-applicable':
      return { ...base, outcome: skipped(`Not applicable: ${check.reason ?? 'no reason given'}`) };
    case 'not-assessed':
      return { ...base, outcome: skipped(`Not assessed: ${check.reason ?? 'no reason given'}`) };
    default:
      return { ...base, outcome: { kind: 'pass' } };
  }
}

function requirementCase(frameworkId: string, r: RequirementResult, checks: Map<string, CheckResult>): TestCase {
  const properties: Record<string, string> = { status: r.status, verdictSource: verdictSourceOf(r) };
  if (r.benchmarkAssessment) properties.benchmarkAssessment = r.benchmarkAssessment;
  if (r.attestationState) properties.attestationState = r.attestationState;
  const base = { classname: frameworkId, name: `${r.id} ${r.title}`, properties };
  const reason = r.reason ?? '';
  switch (r.status) {
    case 'fail': {
      const failing = r.checks.map((id) => checks.get(id)).filter((c): c is CheckResult => c?.status === 'fail');
      const body = failing.length > 0 ? failing.map(findingsText).join('\n\n') : reason || 'Requirement failed.';
      const message = failing.length > 0 ? `Failing checks: ${failing.map((c) => c.id).join(', ')}` : 'Failed';
      return { ...base, outcome: { kind: 'failure', message, body } };
    }
    case 'manual': {
      const note = r.attestation
        ? `attested ${r.attestation.status} by ${r.attestation.by} on ${r.attestation.date}`
        : reason || 'needs a manual review and an attestation';
      return { ...base, outcome: skipped(`Manual: ${note}`) };
    }
    case 'not-applicable':
      return { ...base, outcome: skipped(`Not applicable: ${reason || 'no reason given'}`) };
    case 'not-assessed':
      return { ...base, outcome: skipped(`Not assessed: ${reason || 'no reason given'}`) };
    default:
      return { ...base, outcome: { kind: 'pass' } };
  }
}

/** The run's headline score and its formula, on every suite: JUnit has no properties on <testsuites>. */
function runScore(results: ScanResults): Record<string, string> {
  const score: Record<string, string> = { runScore: `${results.summary.score}` };
  if (results.summary.scoreFormula) score.scoreFormula = results.summary.scoreFormula;
  return score;
}

function suites(results: ScanResults): TestSuite[] {
  const checks = new Map(results.checks.map((c) => [c.id, c]));
  const frameworkSuites: TestSuite[] = results.frameworks.map((f) => ({
    id: f.id,
    name: frameworkLabel(f),
    properties: { framework: f.id, score: f.score === null ? 'n/a' : `${f.score}`, ...runScore(results) },
    cases: f.requirements.map((r) => requirementCase(f.id, r, checks)),
  }));
  const checkSuite: TestSuite = {
    id: 'checks',
    name: 'checks',
    properties: runScore(results),
    cases: results.checks.map(checkCase),
  };
  return [...frameworkSuites, checkSuite];
}

function tally(cases: TestCase[]): { tests: number; failures: number; skipped: number } {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome.kind === 'failure').length,
    skipped: cases.filter((c) => c.outcome.kind === 'skipped').length,
  };
}

function caseXml(c: TestCase): string {
  const open = `    <testcase ${attr('classname', c.classname)} ${attr('name', c.name)} time="0">`;
  const props = Object.entries(c.properties).map(([k, v]) => `<property ${attr('name', k)} ${attr('value', v)}/>`);
  const properties = `\n      <properties>${props.join('')}</properties>`;
  switch (c.outcome.kind) {
    case 'failure':
      return `${open}${properties}\n      <failure ${attr('message', c.outcome.message)} type="compliance">${escapeXml(c.outcome.body)}</failure>\n    </testcase>`;
    case 'skipped':
      return `${open}${properties}\n      <skipped ${attr('message', c.outcome.message)}>${escapeXml(c.outcome.body)}</skipped>\n    </testcase>`;
    default:
      return `${open}${properties}\n    </testcase>`;
  }
}

export function renderJunit(results: ScanResults): string {
  const all = suites(results);
  const total = tally(all.flatMap((s) => s.cases));
  const timestamp = results.generatedAt;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attr('name', `eks-compliance ${results.cluster.name}`)} tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="0">`,
  ];
  for (const suite of all) {
    const t = tally(suite.cases);
    lines.push(
      `  <testsuite ${attr('name', suite.name)} ${attr('id', suite.id)} ${attr('hostname', results.cluster.name)} ${attr('timestamp', timestamp)} tests="${t.tests}" failures="${t.failures}" errors="0" skipped="${t.skipped}" time="0">`,
    );
    const properties = { cluster: results.cluster.name, runId: results.runId, ...suite.properties };
    lines.push('    <properties>');
    for (const [name, value] of Object.entries(properties)) {
      lines.push(`      <property ${attr('name', name)} ${attr('value', value)}/>`);
    }
    lines.push('    </properties>');
    for (const c of suite.cases) lines.push(caseXml(c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
