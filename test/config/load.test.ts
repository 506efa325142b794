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
    assert.equal(config.waivers[0].approvedOn, '2026-06-30');
    assert.equal(config.attestations[0].requirement, '5.1.2');
    assert.equal(config.retention.objectLock?.mode, 'GOVERNANCE');
  });

  test('discovery across accounts: the keys, their defaults, and errors naming the key', () => {
    const ok = parseConfig(
      'discovery:\n  regions: [eu-west-1]\n  accounts: ["111111111111"]\n  organization: true\n' +
        '  organizationRoleArn: arn:aws:iam::999999999999:role/OrgReader\n',
      'd.yaml',
    );
    assert.deepEqual(ok.discovery.accounts, ['111111111111']);
    assert.equal(ok.discovery.roleName, 'EksComplianceScan');
    assert.equal(parseConfig('', 'e.yaml').discovery.organization, false);
    assert.throws(
      () => parseConfig('discovery:\n  accounts: ["111111111111"]\n', 'd.yaml'),
      /discovery\.regions.*is required with discovery\.accounts/,
    );
    assert.throws(() => parseConfig('discovery:\n  accounts: ["12345"]\n', 'd.yaml'), /discovery\.accounts\[0\]/);
    assert.throws(() => parseConfig('discovery:\n  roleName: "a/b"\n', 'd.yaml'), /discovery\.roleName/);
    assert.throws(
      () => parseConfig('discovery:\n  organizationRoleArn: arn:aws:iam::999999999999:role/R\n', 'd.yaml'),
      /discovery\.organizationRoleArn.*only read with discovery\.organization/,
    );
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

  test('report.classification and report.distribution: read as given, refused by key when empty or of the wrong type', () => {
    const ok = parseConfig(
      'report:\n  classification: Confidential\n  distribution: [CISO, audit@example.com]\n',
      'd.yaml',
    );
    assert.equal(ok.report.classification, 'Confidential');
    assert.deepEqual(ok.report.distribution, ['CISO', 'audit@example.com']);
    assert.equal(defaultConfig().report.classification, undefined);
    assert.deepEqual(
      problemsOf(() => parseConfig('report:\n  classification: "  "\n', 'd.yaml')),
      ['d.yaml:2: report.classification: must be a label with text, such as Confidential'],
    );
    assert.deepEqual(
      problemsOf(() => parseConfig('report:\n  distribution: CISO\n', 'd.yaml')),
      ['d.yaml:2: report.distribution: must be array'],
    );
    assert.deepEqual(
      problemsOf(() => parseConfig('report:\n  distribution: [CISO, ""]\n', 'd.yaml')),
      ['d.yaml:2: report.distribution[1]: must be names, roles or addresses with text'],
    );
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

  describe('configs that cannot deploy are refused with the file, the line and the key', () => {
    test('a time zone that is not an IANA name; IANA links such as UTC, Asia/Kolkata and US/Eastern pass', () => {
      for (const zone of ['Europe/Berln', 'europe/berlin', '+01:00', 'CEST', 'Mars/Olympus']) {
        const problems = problemsOf(() => parseConfig(`schedule:\n  hour: 6\n  timezone: "${zone}"\n`, 'tz.yaml'));
        assert.deepEqual(
          problems,
          [
            `tz.yaml:3: schedule.timezone: is not an IANA time zone: "${zone}" (for example UTC, Europe/Berlin, America/New_York)`,
          ],
          zone,
        );
      }
      for (const zone of [
        'UTC',
        'Etc/UTC',
        'Europe/Berlin',
        'Asia/Kolkata',
        'Europe/Kyiv',
        'US/Eastern',
        'Etc/GMT+5',
      ]) {
        assert.equal(parseConfig(`schedule: { timezone: "${zone}" }\n`, 'tz.yaml').schedule.timezone, zone);
      }
    });

    test('cluster or network names that differ only in punctuation (one resource name in the stack)', () => {
      const problems = problemsOf(() =>
        parseConfig(
          [
            'clusters:',
            '  - { name: prod-eu, region: eu-west-1 }',
            '  - { name: prod-eu, region: us-east-1 }', // the same name elsewhere is another cluster, not a clash
            '  - { name: prod_eu, region: eu-west-1 }',
            'networks:',
            '  - { name: vpc.a, vpcId: vpc-0a, subnetIds: [subnet-0a] }',
            '  - { name: vpc-a, vpcId: vpc-0b, subnetIds: [subnet-0b] }',
            '',
          ].join('\n'),
          'names.yaml',
        ),
      );
      assert.deepEqual(problems, [
        'names.yaml:4: clusters[2].name: "prod_eu" and clusters[0].name "prod-eu" differ only in punctuation and would name the same resource (ProdEu) in the stack; rename one',
        'names.yaml:7: networks[1].name: "vpc-a" and networks[0].name "vpc.a" differ only in punctuation and would name the same resource (VpcA) in the stack; rename one',
      ]);
    });

    test('Object Lock retention longer than the lifecycle expiry', () => {
      const text = 'retention:\n  days: 30\n  objectLock:\n    mode: COMPLIANCE\n    days: 90\n';
      assert.deepEqual(
        problemsOf(() => parseConfig(text, 'r.yaml')),
        [
          'r.yaml:5: retention.objectLock.days: (90) is longer than retention.days (30): the lifecycle rule would expire objects their lock still holds; lock for at most retention.days',
        ],
      );
      assert.equal(parseConfig(text.replace('days: 90', 'days: 30'), 'r.yaml').retention.objectLock?.days, 30);
    });

    test('scan.concurrency above the default account concurrency, unless scan.accountConcurrency says more', () => {
      assert.deepEqual(
        problemsOf(() => parseConfig('scan:\n  concurrency: 1500\n', 's.yaml')),
        [
          "s.yaml:2: scan.concurrency: (1500) is above an account's default Lambda concurrency (1000); if the account's quota is raised, say so with scan.accountConcurrency",
        ],
      );
      assert.equal(parseConfig('scan: { concurrency: 1000 }\n', 's.yaml').scan.concurrency, 1000);
      assert.equal(
        parseConfig('scan: { concurrency: 1500, accountConcurrency: 3000 }\n', 's.yaml').scan.concurrency,
        1500,
      );
      assert.deepEqual(
        problemsOf(() => parseConfig('scan:\n  concurrency: 400\n  accountConcurrency: 300\n', 's.yaml')),
        ['s.yaml:2: scan.concurrency: (400) is above scan.accountConcurrency (300)'],
      );
    });

    test('a cluster in another account than the deploying one without roleArn (checked when the account is known)', () => {
      const text = 'clusters:\n  - name: a\n    region: eu-west-1\n    account: "444455556666"\n';
      assert.deepEqual(
        problemsOf(() => parseConfig(text, 'a.yaml', { account: '111122223333' })),
        [
          'a.yaml:2: clusters[0].roleArn: is required: the cluster is in account 444455556666, not 111122223333 where the reporter is deployed, and can only be read through the role the target-account stack creates there',
        ],
      );
      // In the deploying account, or with the account unknown (the CLI, an environment-agnostic synth), it is fine.
      assert.equal(parseConfig(text, 'a.yaml', { account: '444455556666' }).clusters.length, 1);
      assert.equal(parseConfig(text, 'a.yaml').clusters.length, 1);
    });
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

  test('a waiver approved after it expires, or on a date that is not one, is refused at approvedOn', () => {
    const waiver = (approvedOn: string) =>
      `waivers:\n  - id: W1\n    check: x\n    reason: long enough reason\n    approvedBy: me\n    approvedOn: "${approvedOn}"\n    expires: "2027-01-01"\n`;
    assert.equal(parseConfig(waiver('2026-12-31'), 'w.yaml').waivers[0].approvedOn, '2026-12-31');
    assert.deepEqual(
      problemsOf(() => parseConfig(waiver('2027-01-02'), 'w.yaml')),
      ['w.yaml:6: waivers[0].approvedOn: is after expires (2027-01-01)'],
    );
    assert.deepEqual(
      problemsOf(() => parseConfig(waiver('31.12.2026'), 'w.yaml')),
      ['w.yaml:6: waivers[0].approvedOn: must be a date as YYYY-MM-DD'],
    );
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
