import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ALL_CHECKS } from '../../functions/checks/registry.js';
import type { CheckDefinition } from '../../functions/checks/types.js';
import { configSchema } from '../../functions/config/schema.js';
import {
  CIS_EKS_1_8_0,
  cisRequirementIdsOf,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  frameworkById,
  K8S_TOP10_RISKS,
  NSA_CISA_1_2,
  requirementCheckIds,
  riskAreasOf,
} from '../../functions/frameworks/index.js';

const cis = CIS_EKS_1_8_0.requirements;

describe('CIS Amazon EKS Benchmark v1.8.0', () => {
  test('has exactly 50 unique requirement ids, each with a title and section', () => {
    assert.equal(cis.length, 50);
    assert.equal(new Set(cis.map((r) => r.id)).size, 50);
    for (const r of cis) {
      assert.match(r.id, /^[2-5]\.\d\.\d{1,2}$/, r.id);
      assert.ok(r.title.length > 10, `${r.id} title`);
      assert.ok(r.section.startsWith(r.id.split('.').slice(0, 2).join('.')), `${r.id} section ${r.section}`);
      assert.equal(r.level, 1);
    }
  });

  test('sections hold the catalog counts (2.1: 2, 3.1: 4, 3.2: 9, 4.1: 12, 4.2: 5, …, 5.5: 1)', () => {
    const per: Record<string, number> = {};
    for (const r of cis) {
      const s = r.id.split('.').slice(0, 2).join('.');
      per[s] = (per[s] ?? 0) + 1;
    }
    assert.deepEqual(per, {
      '2.1': 2,
      '3.1': 4,
      '3.2': 9,
      '4.1': 12,
      '4.2': 5,
      '4.3': 2,
      '4.4': 2,
      '4.5': 2,
      '5.1': 4,
      '5.2': 1,
      '5.3': 1,
      '5.4': 5,
      '5.5': 1,
    });
  });

  test('23 recommendations are Automated and 27 Manual in the benchmark', () => {
    assert.equal(cis.filter((r) => r.benchmarkAssessment === 'automated').length, 23);
    assert.equal(cis.filter((r) => r.benchmarkAssessment === 'manual').length, 27);
  });

  test('4.2.1–4.2.5 map to the pod-security checks', () => {
    const map = Object.fromEntries(cis.filter((r) => r.id.startsWith('4.2.')).map((r) => [r.id, r.checks]));
    assert.deepEqual(map, {
      '4.2.1': ['pod-privileged-container', 'namespaces-admission-privileged'],
      '4.2.2': ['pod-host-pid', 'namespaces-admission-host-pid'],
      '4.2.3': ['pod-host-ipc', 'namespaces-admission-host-ipc'],
      '4.2.4': ['pod-host-network', 'namespaces-admission-host-network'],
      '4.2.5': ['pod-allow-privilege-escalation', 'namespaces-admission-privilege-escalation'],
    });
  });

  test('3.1.x cannot be assessed remotely and say why', () => {
    for (const id of ['3.1.1', '3.1.2', '3.1.3', '3.1.4']) {
      const r = cis.find((x) => x.id === id);
      assert.match(
        r?.notAssessableReason ?? '',
        /^node file permissions cannot be read through the Kubernetes or AWS APIs/,
      );
    }
  });
});

describe('all frameworks', () => {
  test('FRAMEWORKS lists the three frameworks and frameworkById finds them', () => {
    assert.deepEqual(
      FRAMEWORKS.map((f) => f.id),
      ['cis-eks-1.8.0', 'nsa-cisa-1.2', 'k8s-top10-risks'],
    );
    assert.equal(frameworkById('nsa-cisa-1.2'), NSA_CISA_1_2);
    assert.equal(frameworkById('nope'), undefined);
  });

  test('every requirement without a check carries manual guidance', () => {
    for (const fw of FRAMEWORKS) {
      for (const r of fw.requirements) {
        if (r.checks.length === 0) assert.ok((r.manualGuidance ?? '').length > 20, `${fw.id} ${r.id} guidance`);
      }
    }
  });

  test('requirement ids are unique within each framework', () => {
    for (const fw of FRAMEWORKS) {
      const ids = fw.requirements.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, fw.id);
    }
  });

  test('NSA/CISA ids are stable "nsa-<chapter>.<n>" ids over the five chapters', () => {
    for (const r of NSA_CISA_1_2.requirements) assert.match(r.id, /^nsa-[1-5]\.\d{1,2}$/);
    const chapters = new Set(NSA_CISA_1_2.requirements.map((r) => r.id.split('.')[0]));
    assert.deepEqual([...chapters], ['nsa-1', 'nsa-2', 'nsa-3', 'nsa-4', 'nsa-5']);
  });

  test('the ten risk areas are requirements "1".."10", each mapping its own checks', () => {
    assert.deepEqual(
      K8S_TOP10_RISKS.requirements.map((r) => r.id),
      Array.from({ length: 10 }, (_, i) => String(i + 1)),
    );
    for (const r of K8S_TOP10_RISKS.requirements) assert.ok(r.checks.length > 0, `risk area ${r.id} has checks`);
  });

  test("a check's risk areas and CIS ids are read from the frameworks, never kept on the check", () => {
    for (const c of ALL_CHECKS) {
      const areas = riskAreasOf(c.id);
      for (const a of areas) assert.ok(K8S_TOP10_RISKS.requirements[a - 1].checks.includes(c.id), c.id);
      for (const id of cisRequirementIdsOf(c.id)) {
        assert.ok(CIS_EKS_1_8_0.requirements.find((r) => r.id === id)?.checks.includes(c.id), `${c.id} ${id}`);
      }
      assert.equal('kube-bench' in c.references, false, `${c.id} keeps no hand-written CIS ids`);
      assert.equal('riskAreas' in c, false, `${c.id} keeps no hand-written risk areas`);
    }
  });

  test('requirementCheckIds lists each mapped check once, in mapping order, known to the run or not', () => {
    const fake = (id: string) => ({ id }) as CheckDefinition;
    const area9 = { ...K8S_TOP10_RISKS.requirements[8], checks: ['b', 'a', 'b', 'gone'] };
    assert.deepEqual(requirementCheckIds(area9, [fake('a'), fake('b')]), ['b', 'a', 'gone']);
  });
});

describe('mapping against the check registry (fails until every mapped check is registered)', () => {
  const known = new Set(ALL_CHECKS.map((c) => c.id));

  test('every check id mapped by a framework exists in ALL_CHECKS', () => {
    const unknown: string[] = [];
    for (const fw of FRAMEWORKS) {
      for (const r of fw.requirements)
        for (const id of r.checks) if (!known.has(id)) unknown.push(`${fw.id} ${r.id} → ${id}`);
    }
    assert.deepEqual(unknown, []);
  });

  test('every registered check serves a requirement of some framework and sits in at least one risk area', () => {
    const mapped = new Set(FRAMEWORKS.flatMap((f) => f.requirements.flatMap((r) => r.checks)));
    assert.deepEqual(
      ALL_CHECKS.filter((c) => !mapped.has(c.id)).map((c) => c.id),
      [],
      'a check no framework maps would never run',
    );
    assert.deepEqual(
      ALL_CHECKS.filter((c) => riskAreasOf(c.id).length === 0).map((c) => c.id),
      [],
    );
  });
});

describe('evidence checks (compensating evidence for manual and not-assessable requirements)', () => {
  const known = new Set(ALL_CHECKS.map((c) => c.id));

  test('every evidence check id exists in ALL_CHECKS', () => {
    const unknown: string[] = [];
    for (const fw of FRAMEWORKS) {
      for (const r of fw.requirements)
        for (const id of r.evidenceChecks ?? []) if (!known.has(id)) unknown.push(`${fw.id} ${r.id} → ${id}`);
    }
    assert.deepEqual(unknown, []);
  });

  test('CIS 3.1.x stay not-assessable with the AMI family as evidence; 5.1.2 and 5.5.1 stay manual', () => {
    for (const id of ['3.1.1', '3.1.2', '3.1.3', '3.1.4']) {
      const r = cis.find((x) => x.id === id);
      assert.deepEqual(r?.checks, [], id);
      assert.ok(r?.notAssessableReason, id);
      assert.deepEqual(r?.evidenceChecks, ['aws-node-ami-family'], id);
    }
    for (const id of ['5.1.2', '5.5.1']) {
      const r = cis.find((x) => x.id === id);
      assert.deepEqual(r?.checks, [], id);
      assert.ok((r?.evidenceChecks ?? []).length > 0, id);
    }
    assert.deepEqual(cis.find((x) => x.id === '5.5.1')?.evidenceChecks, [
      'aws-cluster-access-principals',
      'aws-authentication-mode-api',
    ]);
  });
});

describe('framework ids: one list', () => {
  test('each id has exactly one definition, in the same order', () => {
    assert.deepEqual(
      FRAMEWORKS.map((f) => f.id),
      [...FRAMEWORK_IDS],
    );
  });

  test("results.schema.json's framework enum and the config schema take the same ids", () => {
    const schema = JSON.parse(readFileSync('schema/results.schema.json', 'utf8'));
    const enums: string[][] = [];
    const walk = (node: unknown, key: string) => {
      if (Array.isArray(node)) for (const n of node) walk(n, key);
      else if (node && typeof node === 'object') {
        const rec = node as Record<string, unknown>;
        if (key === 'id' && Array.isArray(rec.enum)) enums.push(rec.enum as string[]);
        for (const [k, v] of Object.entries(rec)) walk(v, k);
      }
    };
    walk(schema, '');
    assert.ok(enums.length > 0, 'the results schema names framework ids');
    for (const e of enums) assert.deepEqual(e, [...FRAMEWORK_IDS]);
    assert.deepEqual(configSchema.properties.frameworks.items.enum, FRAMEWORK_IDS);
  });
});
