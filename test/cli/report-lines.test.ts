import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckDefinition } from '../../functions/checks/types.js';
import { checksTable, requirementsByCheck, summaryLine } from '../../functions/cli/report-lines.js';
import type { FrameworkDefinition } from '../../functions/frameworks/types.js';
import type { ScanResults } from '../../functions/scoring/results.js';

const counts = { pass: 0, fail: 0, manual: 0, notApplicable: 0, notAssessed: 0, waived: 0 };

function check(id: string, severity: CheckDefinition['severity'], title: string): CheckDefinition {
  return {
    id,
    title,
    severity,
    family: 'test',
    rationale: '',
    remediation: '',
    references: {},
    inputs: [],
    evaluate: () => ({ status: 'pass', evaluatedCount: 0, failing: [] }),
  };
}

const frameworks: FrameworkDefinition[] = [
  {
    id: 'cis-eks-1.8.0',
    title: 'CIS',
    shortName: 'CIS',
    version: '1.8.0',
    publisher: 'CIS',
    description: '',
    requirements: [
      { id: '4.2.1', title: 'a', section: '4.2', checks: ['priv'] },
      { id: '4.2.2', title: 'b', section: '4.2', checks: ['priv', 'pid'] },
      { id: '5.1.1', title: 'c', section: '5.1', checks: [] },
    ],
  },
  {
    id: 'nsa-cisa-1.2',
    title: 'NSA',
    shortName: 'NSA',
    version: '1.2',
    publisher: 'NSA',
    description: '',
    requirements: [{ id: 'nsa-1.4', title: 'd', section: 'x', checks: ['priv'] }],
  },
];

describe('summaryLine', () => {
  test('overall score, each framework, and the folder', () => {
    const results = {
      summary: { score: 71.25, counts },
      frameworks: [
        { id: 'cis-eks-1.8.0', title: 'CIS Amazon EKS Benchmark v1.8.0', score: 65.2, counts, requirements: [] },
        { id: 'nsa-cisa-1.2', title: 'NSA/CISA', score: null, counts, requirements: [] },
      ],
    } as unknown as ScanResults;
    assert.equal(
      summaryLine(results, 'reports/prod-eu-west-1'),
      'score 71.3 (CIS Amazon EKS Benchmark v1.8.0: 65.2, NSA/CISA: n/a) → reports/prod-eu-west-1/',
    );
  });
});

describe('checks table', () => {
  test('requirements per check, grouped by framework', () => {
    const map = requirementsByCheck(frameworks);
    assert.deepEqual(map.get('priv'), ['cis-eks-1.8.0 4.2.1 4.2.2', 'nsa-cisa-1.2 nsa-1.4']);
    assert.deepEqual(map.get('pid'), ['cis-eks-1.8.0 4.2.2']);
  });

  test('lists every check with id, severity, title and requirements', () => {
    const out = checksTable(
      [check('priv', 'critical', 'No privileged'), check('orphan', 'low', 'Unmapped')],
      frameworks,
    );
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0], /^ID\s+SEVERITY\s+TITLE\s+REQUIREMENTS$/);
    assert.match(lines[1], /^priv\s+critical\s+No privileged\s+cis-eks-1.8.0 4.2.1 4.2.2; nsa-cisa-1.2 nsa-1.4$/);
    assert.match(lines[2], /^orphan\s+low\s+Unmapped\s+-$/);
    assert.equal(lines[3], '2 checks');
  });

  test('--framework keeps only the checks that framework uses', () => {
    const out = checksTable([check('priv', 'critical', 'P'), check('pid', 'high', 'H')], frameworks, 'nsa-cisa-1.2');
    assert.match(out, /^priv\s+critical\s+P\s+nsa-cisa-1.2 nsa-1.4$/m);
    assert.doesNotMatch(out, /^pid/m);
    assert.match(out, /1 check used by nsa-cisa-1.2/);
  });
});

test('the catalog lists risk areas and evidence links as well as framework requirements', async () => {
  const { ALL_CHECKS } = await import('../../functions/checks/registry.js');
  const { FRAMEWORKS } = await import('../../functions/frameworks/index.js');
  const lines = checksTable(ALL_CHECKS, FRAMEWORKS).split('\n');
  const line = (id: string) => lines.find((l) => l.startsWith(`${id} `)) ?? '';
  assert.match(line('drift-hand-edits'), /k8s-top10-risks 4/);
  assert.match(line('aws-node-ami-family'), /cis-eks-1\.8\.0 3\.1\.1 \(evidence\)/);
  assert.ok(
    lines.every((l) => !/ -$/.test(l)),
    'every check serves some requirement or risk area',
  );
});
