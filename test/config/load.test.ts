import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, defaultConfig, loadConfig, parseConfig } from '../../functions/config/load.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  test('the shipped example is valid and keeps its values', () => {
    const config = loadConfig('docs/config.example.yaml');
    assert.equal(config.schedule.timezone, 'Europe/Berlin');
    assert.equal(config.clusters.length, 2);
    assert.equal(config.waivers[0].id, 'W-001');
    assert.equal(config.attestations[0].requirement, '5.1.2');
    assert.equal(config.retention.objectLock?.mode, 'GOVERNANCE');
  });

  test('an empty file gets every default', () => {
    const config = defaultConfig();
    assert.deepEqual(config.schedule, { weekDay: 'MON', hour: 6, minute: 0, timezone: 'UTC' });
    assert.deepEqual(config.frameworks, ['cis-eks-1.8.0', 'nsa-cisa-1.2', 'k8s-top10-risks']);
    assert.equal(config.scan.kubeletConfig, false);
    assert.equal(config.report.linkExpiryDays, 7);
  });

  test('errors name the file, the line and the key', () => {
    const problems = problemsOf(() =>
      parseConfig('clusters:\n  - name: a\n    region: mars-1\n    netwrk: x\n', 'team.yaml'),
    );
    assert.ok(problems.includes('team.yaml:4: clusters[0].netwrk: unknown key (check its spelling and place)'));
    assert.ok(problems.includes('team.yaml:3: clusters[0].region: must be an AWS region such as eu-west-1'));
  });

  test('a missing required key and a bad enum are reported by key', () => {
    const problems = problemsOf(() =>
      parseConfig(
        'waivers:\n  - id: W1\n    check: x\n    reason: long enough reason\n    expires: "2027-01-01"\n',
        'w.yaml',
      ),
    );
    assert.ok(
      problems.some((p) => p === 'w.yaml:2: waivers[0].approvedBy: is required'),
      problems.join('\n'),
    );
    const enumProblems = problemsOf(() => parseConfig('schedule:\n  weekDay: Monday\n', 'w.yaml'));
    assert.match(enumProblems[0], /^w\.yaml:2: schedule\.weekDay: must be one of "MON"/);
  });

  test('cross-field rules: unknown network, duplicate ids, recipients without sender', () => {
    const text = [
      'clusters:',
      '  - { name: a, region: eu-west-1, network: nowhere }',
      'report:',
      '  recipients: [a@example.com]',
      'attestations: []',
    ].join('\n');
    const problems = problemsOf(() => parseConfig(text, 'x.yaml'));
    assert.ok(problems.some((p) => p.startsWith('x.yaml:2: clusters[0].network: names no entry under networks')));
    assert.ok(problems.some((p) => /^x\.yaml:\d+: report\.sender: is required/.test(p)));
  });

  test('more recipients than one SES message takes (50) is refused at the key', () => {
    const addresses = (n: number) => Array.from({ length: n }, (_, i) => `r${i}@example.com`).join(', ');
    const config = (n: number) => `report:\n  sender: s@example.com\n  recipients: [${addresses(n)}]\n`;
    assert.equal(parseConfig(config(50), 'r.yaml').report.recipients.length, 50);
    const problems = problemsOf(() => parseConfig(config(51), 'r.yaml'));
    assert.ok(
      problems.some((p) => /^r\.yaml:3: report\.recipients: /.test(p) && /50/.test(p)),
      problems.join('\n'),
    );
  });

  test('YAML syntax errors carry the line', () => {
    const problems = problemsOf(() => parseConfig('clusters: [\n', 'bad.yaml'));
    assert.match(problems[0], /^bad\.yaml:\d+: YAML syntax error: /);
  });

  test('a missing file is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    try {
      const problems = problemsOf(() => loadConfig(join(dir, 'nope.yaml')));
      assert.equal(problems[0], `${join(dir, 'nope.yaml')}: no such file`);
      writeFileSync(join(dir, 'ok.yaml'), 'scan: { concurrency: 2 }\n');
      assert.equal(loadConfig(join(dir, 'ok.yaml')).scan.concurrency, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
