import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { singleLine } from '../../functions/report/escape.js';
import { JUNIT_OBJECT_LIMIT, renderJunit } from '../../functions/report/junit.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { EVIL_CLUSTER_NAME, EVIL_SINGLE_LINE } from '../fixtures/report/fleet.js';
import { HOSTILE_SCRIPT_NAME, MANY_FINDINGS, reportResults } from '../fixtures/report/scan-results.js';
import { descendants, parseXml, type XmlElement } from './xml.js';

const NASTY_MESSAGE = 'value ]]> & "quoted" \u0001bell\u0007 <b>bold</b>';

function hostileResults(): ScanResults {
  const base = reportResults();
  return {
    ...base,
    cluster: { ...base.cluster, name: EVIL_CLUSTER_NAME },
    checks: base.checks.map((c) =>
      c.id === 'rbac-cluster-admin-bindings'
        ? { ...c, failing: [{ ...c.failing[0], name: `x'y"z&<w>`, message: NASTY_MESSAGE }] }
        : c,
    ),
  };
}

function suiteByName(root: XmlElement, name: string): XmlElement {
  const suite = root.children.find((s) => s.attributes.name === name);
  assert.ok(suite, `suite ${name}`);
  return suite;
}

/** The testcase's outcome element (failure or skipped), after its properties. */
function outcomeOf(testcase: XmlElement | undefined): XmlElement | undefined {
  return testcase?.children.find((c) => c.name !== 'properties');
}

/** A testcase's properties as a record. */
function propertiesOf(testcase: XmlElement | undefined): Record<string, string> {
  const props = testcase?.children.find((c) => c.name === 'properties')?.children ?? [];
  return Object.fromEntries(props.map((p) => [p.attributes.name, p.attributes.value]));
}

function kindOf(testcase: XmlElement): 'failure' | 'skipped' | 'pass' {
  const child = outcomeOf(testcase);
  return child ? (child.name as 'failure' | 'skipped') : 'pass';
}

describe('renderJunit', () => {
  const results = hostileResults();
  const xml = renderJunit(results);
  const root = parseXml(xml);

  test('parses as XML: testsuites with one suite per framework and a "checks" suite', () => {
    assert.equal(root.name, 'testsuites');
    assert.deepEqual(
      root.children.map((s) => s.attributes.name),
      [
        'CIS Amazon EKS Benchmark 1.8.0',
        'NSA/CISA Kubernetes Hardening Guidance 1.2',
        'Kubernetes security risk areas 2022',
        'checks',
      ],
    );
  });

  test('requirement outcomes: failure for fail, skipped for manual / not-applicable / not-assessed', () => {
    const cis = suiteByName(root, 'CIS Amazon EKS Benchmark 1.8.0');
    const outcome = Object.fromEntries(
      descendants(cis, 'testcase').map((t) => [t.attributes.name.split(' ')[0], kindOf(t)]),
    );
    assert.deepEqual(outcome, {
      '3.2.1': 'skipped',
      '4.1.1': 'failure',
      '4.1.8': 'skipped',
      '4.2.1': 'failure',
      '4.2.4': 'pass',
      '4.2.6': 'failure',
      '5.3.1': 'pass',
    });
    const notAssessed = descendants(cis, 'testcase').find((t) => t.attributes.name.startsWith('3.2.1'));
    assert.match(outcomeOf(notAssessed)?.attributes.message ?? '', /^Not assessed: nodes\/proxy is not granted/);
    const nsa = suiteByName(root, 'NSA/CISA Kubernetes Hardening Guidance 1.2');
    const attested = descendants(nsa, 'testcase').find((t) => t.attributes.name.startsWith('audit.review'));
    assert.equal(
      outcomeOf(attested)?.attributes.message,
      'Manual: attested pass by sec-team@example.com on 2026-11-01',
    );
  });

  test('every testcase carries the status as results.json has it, and requirements their verdict source', () => {
    const cis = suiteByName(root, 'CIS Amazon EKS Benchmark 1.8.0');
    for (const t of descendants(cis, 'testcase')) {
      const id = t.attributes.name.split(' ')[0];
      const r = results.frameworks[0].requirements.find((x) => x.id === id);
      assert.equal(propertiesOf(t).status, r?.status, id);
      assert.ok(propertiesOf(t).verdictSource, id);
    }
    const nsa = suiteByName(root, 'NSA/CISA Kubernetes Hardening Guidance 1.2');
    const attested = descendants(nsa, 'testcase').find((t) => t.attributes.name.startsWith('audit.review'));
    assert.equal(propertiesOf(attested).verdictSource, 'attestation');
    // A check passing only through waivers is waived, as summary.counts has it, and stays a passing testcase.
    const waivedChecks = results.checks.filter((c) => c.status === 'pass' && c.waived.length > 0);
    assert.ok(waivedChecks.length > 0);
    for (const c of waivedChecks) {
      const t = descendants(suiteByName(root, 'checks'), 'testcase').find((x) =>
        x.attributes.name.startsWith(`${c.id}:`),
      );
      assert.equal(propertiesOf(t).status, 'waived');
      assert.equal(kindOf(t as XmlElement), 'pass');
    }
  });

  test('tests, failures and skipped counts add up per suite and in total', () => {
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    for (const suite of root.children) {
      const cases = suite.children.filter((c) => c.name === 'testcase');
      const f = cases.filter((c) => kindOf(c) === 'failure').length;
      const s = cases.filter((c) => kindOf(c) === 'skipped').length;
      assert.equal(Number(suite.attributes.tests), cases.length, suite.attributes.name);
      assert.equal(Number(suite.attributes.failures), f, suite.attributes.name);
      assert.equal(Number(suite.attributes.skipped), s, suite.attributes.name);
      assert.equal(suite.attributes.errors, '0');
      tests += cases.length;
      failures += f;
      skipped += s;
    }
    assert.deepEqual([root.attributes.tests, root.attributes.failures, root.attributes.skipped].map(Number), [
      tests,
      failures,
      skipped,
    ]);
    const checks = suiteByName(root, 'checks');
    assert.deepEqual([checks.attributes.tests, checks.attributes.failures, checks.attributes.skipped], ['7', '3', '2']);
  });

  test('a failing check lists its objects, capped, with the rest counted', () => {
    const checks = suiteByName(root, 'checks');
    const many = descendants(checks, 'testcase').find((t) => t.attributes.name.startsWith('pod-run-as-non-root'));
    const failure = outcomeOf(many);
    assert.equal(failure?.attributes.message, `medium: ${MANY_FINDINGS} of 42 objects fail`);
    assert.equal(
      failure?.text.split('\n').filter((l) => l.startsWith('  - ')).length,
      Math.min(MANY_FINDINGS, JUNIT_OBJECT_LIMIT),
    );
    const big = {
      ...results,
      checks: results.checks.map((c) =>
        c.id === 'pod-run-as-non-root'
          ? { ...c, failing: Array.from({ length: 70 }, (_, i) => ({ ...c.failing[0], name: `w${i}` })) }
          : c,
      ),
    };
    assert.match(renderJunit(big), /… and 20 more: findings\.csv and results\.json list every one/);
  });

  test('suite names carry a version once, whether or not the title has it', () => {
    const titled = renderJunit({
      ...results,
      frameworks: results.frameworks.map((f) => ({ ...f, title: `${f.title} v${f.version}` })),
    });
    const names = parseXml(titled).children.map((s) => s.attributes.name);
    assert.deepEqual(
      names.slice(0, -1),
      results.frameworks.map((f) => `${f.title} v${f.version}`),
    );
    for (const name of names) assert.doesNotMatch(name, /(\d+(?:\.\d+)*)\D+\1$/, name);
  });

  test('every suite carries the run score and its formula; a framework suite its own score', () => {
    const withFormula = { ...results, summary: { ...results.summary, scoreFormula: 'score = 100 × pass / all' } };
    const read = parseXml(renderJunit(withFormula));
    for (const suite of read.children) {
      const props = propertiesOf(suite);
      assert.equal(props.runScore, `${results.summary.score}`, suite.attributes.name);
      assert.equal(props.scoreFormula, 'score = 100 × pass / all', suite.attributes.name);
    }
    for (const f of results.frameworks) {
      const suite = read.children.find((s) => s.attributes.id === f.id);
      assert.equal(propertiesOf(suite).score, f.score === null ? 'n/a' : `${f.score}`, f.id);
    }
    assert.equal(propertiesOf(read.children.find((s) => s.attributes.id === 'checks')).score, undefined);
  });

  test('nothing is cut: a long reason is whole in the skip message and in its body, with its line breaks', () => {
    const long = `${'why '.repeat(400)}\nsecond line`;
    const read = parseXml(
      renderJunit({
        ...results,
        checks: results.checks.map((c) => (c.status === 'not-assessed' ? { ...c, reason: long } : c)),
        frameworks: results.frameworks.map((f) => ({
          ...f,
          requirements: f.requirements.map((r) => ({ ...r, title: `${r.title} ${'long title '.repeat(80)}` })),
        })),
      }),
    );
    const skip = descendants(suiteByName(read, 'checks'), 'skipped').find((s) => s.attributes.message.includes('why'));
    assert.equal(skip?.attributes.message, `Not assessed: ${long}`.replace(/\s+/g, ' ').trim());
    assert.equal(skip?.text, `Not assessed: ${long}`);
    const names = descendants(read, 'testcase').map((t) => t.attributes.name);
    assert.ok(names.some((n) => n.length > 900 && n.endsWith('long title')));
  });

  test('hostile strings are escaped: attributes stay one line, text reads back unchanged minus forbidden characters', () => {
    assert.equal(root.attributes.name, `eks-compliance ${EVIL_SINGLE_LINE}`);
    const property = descendants(root, 'property').find((p) => p.attributes.name === 'cluster');
    assert.equal(property?.attributes.value, EVIL_SINGLE_LINE);
    assert.ok(!xml.includes('<script>'));
    assert.ok(!xml.includes(HOSTILE_SCRIPT_NAME));
    const checks = suiteByName(root, 'checks');
    const rbac = descendants(checks, 'testcase').find((t) =>
      t.attributes.name.startsWith('rbac-cluster-admin-bindings'),
    );
    const body = outcomeOf(rbac)?.text ?? '';
    assert.ok(body.includes(`ClusterRoleBinding x'y"z&<w>: value ]]> & "quoted" bell <b>bold</b>`), body);
    const privileged = descendants(checks, 'testcase').find((t) => t.attributes.name.startsWith('pod-privileged'));
    assert.ok(outcomeOf(privileged)?.text.includes(`Pod default/${HOSTILE_SCRIPT_NAME}`));
    assert.equal(singleLine(EVIL_CLUSTER_NAME), EVIL_SINGLE_LINE);
  });
});

describe('the test XML reader', () => {
  test('rejects what an unescaped name would produce', () => {
    assert.throws(() => parseXml('<a name="x"y"/>'), /malformed tag/);
    assert.throws(() => parseXml('<a>1 < 2</a>'), /malformed tag|unescaped/);
    assert.throws(() => parseXml('<a>R&D</a>'), /bare &|unknown entity/);
    assert.throws(() => parseXml('<a><b></a>'), /does not close/);
    assert.throws(() => parseXml('<a>\u0001</a>'), /not allowed/);
    assert.equal(parseXml('<a t="x&#10;y">&lt;ok&gt;</a>').attributes.t, 'x\ny');
  });
});
