import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { documentModel, limitations, scanIdentityText } from '../../functions/report/model-document.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { reportResults } from '../fixtures/report/scan-results.js';

const ARN = 'arn:aws:sts::123456789012:assumed-role/EksComplianceScan/s';

function withIdentity(scanIdentity: ScanResults['scanIdentity'], more: Partial<ScanResults> = {}): ScanResults {
  return reportResults({ scanIdentity, ...more });
}

describe('scanIdentityText', () => {
  test('each way a scan reads a cluster, named as results.json records it', () => {
    assert.equal(
      scanIdentityText(withIdentity({ awsCallerArn: ARN, kubeconfigUser: null, kubeconfigContext: null })),
      `AWS caller ${ARN} (the EKS token and every AWS API call)`,
    );
    assert.equal(
      scanIdentityText(withIdentity({ awsCallerArn: null, kubeconfigUser: 'admin', kubeconfigContext: 'prod' })),
      'kubeconfig user admin (context prod)',
    );
    assert.equal(
      scanIdentityText(withIdentity({ awsCallerArn: ARN, kubeconfigUser: 'admin', kubeconfigContext: 'prod' })),
      `kubeconfig user admin (context prod); AWS API calls as ${ARN}`,
    );
    assert.equal(
      scanIdentityText(
        withIdentity({
          awsCallerArn: null,
          awsCallerReason: 'sts:GetCallerIdentity failed: TimeoutError',
          kubeconfigUser: null,
          kubeconfigContext: null,
        }),
      ),
      'AWS caller not determined: sts:GetCallerIdentity failed: TimeoutError',
    );
    const manifests = reportResults({ collector: { name: 'x', version: '1', mode: 'manifests' } });
    assert.match(scanIdentityText(manifests), /^none: manifest files were read offline/);
    assert.match(scanIdentityText(reportResults()), /^not recorded/);
  });
});

describe('limitations', () => {
  const titles = (r: ScanResults) => limitations(r).map((l) => l.title);

  test('always: point in time with the collection time, sampling, node files, runtime, judgement', () => {
    const list = limitations(reportResults());
    assert.deepEqual(titles(reportResults()), [
      'Point in time',
      'Sampling',
      'Node files',
      'Runtime behaviour',
      'Data not collected',
      'Judgement',
    ]);
    assert.match(list[0].text, /listed at 2026-11-26 06:00:00 UTC/);
  });

  test('kubelet sampling states how many nodes were read of how many', () => {
    const base = reportResults();
    const sources = (base.sources ?? []).map((s) =>
      s.id === 'kubelet-config' ? { ...s, status: 'collected' as const, itemCount: 2, reason: undefined } : s,
    );
    sources.push({
      id: 'nodes',
      kind: 'kubernetes',
      title: 'Nodes',
      status: 'collected',
      itemCount: 5,
      permission: 'list nodes',
    });
    const coverage = '2 of 5 nodes read, one per node group: a (x), b (y); not read: c (x), d (x), e (y)';
    const checks = base.checks.map((c) =>
      c.id === 'kubelet-anonymous-auth'
        ? { ...c, evidence: { sources: ['get nodes/proxy'], sample: [], coverage } }
        : c,
    );
    assert.ok(
      checks.some((c) => c.evidence?.coverage === coverage),
      'the fixture has a kubelet check',
    );
    const sampling = limitations({ ...base, sources, checks }).find((l) => l.title === 'Sampling');
    assert.match(sampling?.text ?? '', /was read from 2 of 5 nodes, one per node group/);
    // The checks' own account of the nodes read and not read, once.
    assert.deepEqual(sampling?.items, [`Kubelet configuration: ${coverage}`]);
  });

  test('a source not collected is listed with its permission and reason; Secrets off adds the opt-in note', () => {
    const base = reportResults();
    const sources = (base.sources ?? []).map((s) =>
      s.id === 'secrets'
        ? {
            ...s,
            status: 'not-collected' as const,
            itemCount: null,
            reason: 'Secret metadata is opt-in and was not enabled',
          }
        : s,
    );
    const list = limitations({ ...base, sources });
    const missing = list.find((l) => l.title === 'Data not collected');
    for (const s of sources.filter((x) => x.status === 'not-collected')) {
      assert.ok(missing?.items.includes(`${s.title} (${s.permission}): ${s.reason}`), s.id);
    }
    assert.match(list.find((l) => l.title === 'Secrets')?.text ?? '', /opt-in \(--secret-metadata/);
    assert.ok(!titles(base).includes('Secrets'), 'collected Secrets: no note');
  });

  test('node files list the CIS 3.1 requirements with their status', () => {
    const base = reportResults();
    const frameworks = base.frameworks.map((f) =>
      f.id === 'cis-eks-1.8.0'
        ? {
            ...f,
            requirements: [
              ...f.requirements,
              { id: '3.1.1', title: 'Kubeconfig file permissions', status: 'not-assessed' as const, checks: [] },
            ],
          }
        : f,
    );
    const nodeFiles = limitations({ ...base, frameworks }).find((l) => l.title === 'Node files');
    assert.deepEqual(nodeFiles?.items, ['CIS 3.1.1 Kubeconfig file permissions: not assessed']);
  });
});

describe('sign-off', () => {
  test('classification and distribution from the config; recipients stand in; unset keys are named', () => {
    const r = reportResults();
    const set = documentModel(r, { classification: 'Internal', distribution: ['CISO'], recipients: ['a@x.example'] });
    assert.equal(set.signOff.classification, 'Internal');
    assert.ok(set.signOff.classified);
    assert.deepEqual(set.signOff.distribution, ['CISO']);
    assert.equal(set.signOff.distributionSource, 'report.distribution');
    const fallback = documentModel(r, { recipients: ['a@x.example'] });
    assert.deepEqual(fallback.signOff.distribution, ['a@x.example']);
    assert.equal(fallback.signOff.classified, false);
    assert.match(fallback.signOff.classification, /report\.classification/);
    assert.deepEqual(documentModel(r).signOff.distribution, []);
    assert.deepEqual(documentModel(r).signOff.roles, ['Reviewed by', 'Approved by']);
  });
});
