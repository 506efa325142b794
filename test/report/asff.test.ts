import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { configuredChecks } from '../../functions/checks/registry.js';
import { loadDemo } from '../../functions/pipeline.js';
import { BATCH_IMPORT_LIMIT, importFindings } from '../../functions/publish/security-hub.js';
import { ASFF_LIMITS, AsffError, asffFindings, renderAsff } from '../../functions/report/asff.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { asffProblems, type SecurityHubEmulator, startSecurityHub } from '../support/security-hub-emulator.js';

const ACCOUNT = '111122223333';

async function demoResults(generatedAt: string): Promise<ScanResults> {
  const demo = await loadDemo();
  return evaluate(demo.snapshot, {
    checks: configuredChecks(demo.config),
    generatedAt,
    waivers: demo.config.waivers,
    attestations: demo.config.attestations,
  });
}

describe('ASFF findings of the demo', () => {
  let week1: ScanResults;
  let week2: ScanResults;

  before(async () => {
    week1 = await demoResults('2026-11-23T06:00:00.000Z');
    week2 = await demoResults('2026-11-30T06:00:00.000Z');
  });

  test('every finding has the fields ASFF requires, within its limits', () => {
    const findings = asffFindings(week1, { reportUrl: 'https://example.com/report.html' });
    assert.ok(findings.length > 0);
    for (const f of findings) assert.deepEqual(asffProblems(f, { account: ACCOUNT, region: 'eu-west-1' }), [], f.Id);
    assert.equal(new Set(findings.map((f) => f.Id)).size, findings.length, 'Ids are unique');
    for (const f of findings) {
      assert.equal(f.Resources[0].Type, 'AwsEksCluster');
      assert.equal(f.Resources[0].Id, week1.cluster.arn);
      assert.equal(f.SourceUrl, 'https://example.com/report.html');
    }
  });

  test('one finding per judged requirement: failing FAILED at their worst check severity, passing PASSED and resolved', () => {
    const findings = asffFindings(week1);
    const requirements = week1.frameworks.flatMap((fw) => fw.requirements.map((r) => ({ fw, r })));
    const judged = requirements.filter(({ r }) => r.status !== 'manual');
    assert.equal(findings.length, judged.length);
    const checks = new Map(week1.checks.map((c) => [c.id, c]));
    for (const { fw, r } of requirements) {
      const f = findings.find(
        (x) =>
          x.ProductFields['eks-compliance/Framework'] === fw.id &&
          x.ProductFields['eks-compliance/Requirement'] === r.id,
      );
      if (r.status === 'manual') {
        assert.equal(f, undefined, `${fw.id} ${r.id} waits for a person`);
        continue;
      }
      assert.ok(f, `${fw.id} ${r.id}`);
      if (r.status === 'fail') {
        assert.equal(f.Compliance.Status, 'FAILED');
        assert.equal(f.Workflow, undefined);
        const failing = r.checks.flatMap((id) => (checks.get(id)?.status === 'fail' ? [checks.get(id)?.severity] : []));
        const order = ['info', 'low', 'medium', 'high', 'critical'];
        const worst = failing.sort((a, b) => order.indexOf(b ?? 'info') - order.indexOf(a ?? 'info'))[0];
        assert.equal(f.Severity.Original, worst ?? 'info', `${fw.id} ${r.id}`);
      } else if (r.status === 'pass') {
        assert.equal(f.Compliance.Status, 'PASSED');
        assert.deepEqual(f.Workflow, { Status: 'RESOLVED' });
        assert.equal(f.Severity.Label, 'INFORMATIONAL');
      } else {
        assert.equal(f.Compliance.Status, 'NOT_AVAILABLE');
        assert.match(f.Description, new RegExp(`^${r.status}: `));
      }
    }
    assert.ok(findings.some((f) => f.Compliance.Status === 'FAILED' && f.Severity.Label === 'CRITICAL'));
  });

  test('the same Ids next week: Security Hub updates findings instead of adding them', () => {
    const ids = (r: ScanResults) => asffFindings(r).map((f) => f.Id);
    assert.notEqual(week1.runId, week2.runId);
    assert.deepEqual(ids(week2), ids(week1));
    assert.match(ids(week1)[0], new RegExp(`^eks-compliance-reporter/${ACCOUNT}/eu-west-1/prod-eu-west-1/`));
  });

  test('the CLI file is the BatchImportFindings request shape', () => {
    const doc = JSON.parse(renderAsff(week1)) as { Findings: unknown[] };
    assert.deepEqual(doc.Findings, JSON.parse(JSON.stringify(asffFindings(week1))));
  });

  test('long text is cut to ASFF limits, saying so', () => {
    const copy: ScanResults = structuredClone(week1);
    const failing = copy.checks.find((c) => c.status === 'fail');
    assert.ok(failing);
    failing.failing[0].message = 'x'.repeat(5_000);
    for (const f of asffFindings(copy)) {
      assert.ok(f.Description.length <= ASFF_LIMITS.description);
      assert.ok(f.Title.length <= ASFF_LIMITS.title);
      assert.ok(f.Remediation.Recommendation.Text.length <= ASFF_LIMITS.recommendation);
    }
    assert.ok(asffFindings(copy).some((f) => f.Description.endsWith('…')));
  });

  test('a scan without an AWS account (manifests, kubeconfig) cannot make findings, and says why', () => {
    const copy: ScanResults = structuredClone(week1);
    copy.cluster = { ...copy.cluster, arn: null, accountId: null, region: null, source: 'manifests' };
    assert.throws(
      () => asffFindings(copy),
      (err: unknown) => err instanceof AsffError && /AWS account and region/.test(err.message),
    );
  });

  describe('imported into the Security Hub emulator', () => {
    let hub: SecurityHubEmulator;
    let client: SecurityHubClient;
    const importTo = { partition: 'aws', region: 'eu-west-1', accountId: ACCOUNT };

    before(async () => {
      hub = await startSecurityHub({ account: ACCOUNT });
      client = new SecurityHubClient({
        region: 'eu-west-1',
        endpoint: hub.url,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        maxAttempts: 1,
      });
    });
    after(async () => {
      client?.destroy();
      await hub?.close();
    });

    test('in batches of at most 100; a fixed requirement is PASSED and its finding resolved the week after', async () => {
      const first = asffFindings(week1, { importTo });
      const out1 = await importFindings(client, first);
      assert.deepEqual(out1, { imported: first.length, problems: [] });
      assert.ok(hub.calls.every((n) => n <= BATCH_IMPORT_LIMIT));
      assert.equal(
        hub.calls.reduce((a, b) => a + b, 0),
        first.length,
      );
      assert.equal(hub.calls.length, Math.ceil(first.length / BATCH_IMPORT_LIMIT));

      // Next week one failing requirement passes.
      const fixed = structuredClone(week2);
      const framework = fixed.frameworks[0];
      const requirement = framework.requirements.find((r) => r.status === 'fail');
      assert.ok(requirement);
      requirement.status = 'pass';
      for (const id of requirement.checks) {
        const check = fixed.checks.find((c) => c.id === id);
        if (check) Object.assign(check, { status: 'pass', failing: [] });
      }
      const out2 = await importFindings(client, asffFindings(fixed, { importTo }));
      assert.deepEqual(out2.problems, []);
      assert.equal(hub.findings.size, first.length, 'updated, not added');
      const stored = [...hub.findings.values()].find(
        (s) =>
          s.finding.ProductFields &&
          (s.finding.ProductFields as Record<string, string>)['eks-compliance/Requirement'] === requirement.id &&
          (s.finding.ProductFields as Record<string, string>)['eks-compliance/Framework'] === framework.id,
      );
      assert.ok(stored);
      assert.equal((stored.finding.Compliance as { Status: string }).Status, 'PASSED');
      assert.equal(stored.workflow, 'RESOLVED');
      const stillFailing = [...hub.findings.values()].filter(
        (s) => (s.finding.Compliance as { Status: string }).Status === 'FAILED',
      );
      assert.ok(stillFailing.length > 0 && stillFailing.every((s) => s.workflow === 'NEW'));
    });

    test('a refused finding is named with its reason; a refused call names the batch', async () => {
      const [good, bad] = asffFindings(week1, { importTo });
      const broken = { ...bad, Title: '' };
      const out = await importFindings(client, [good, broken]);
      assert.equal(out.imported, 1);
      assert.deepEqual(out.problems, [`Security Hub refused finding ${bad.Id}: InvalidInput: Title is missing`]);
      const elsewhere = asffFindings(week1, { importTo: { ...importTo, accountId: '444455556666' } }).slice(0, 1);
      const refused = await importFindings(client, elsewhere);
      assert.match(refused.problems[0], /refused finding .*ProductArn is not the caller's/);
      const down = new SecurityHubClient({
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        maxAttempts: 1,
      });
      const failed = await importFindings(down, [good]);
      down.destroy();
      assert.equal(failed.imported, 0);
      assert.match(failed.problems[0], /^Security Hub BatchImportFindings failed for 1 findings: /);
    });
  });
});
