/** The catalog contract other helpers build on: ids, references and texts. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podSecurityChecks } from '../../../functions/checks/pod-security/index.js';
import { SEVERITIES } from '../../../functions/checks/types.js';
import { riskAreasOf } from '../../../functions/frameworks/index.js';
import { WORKLOAD_INVENTORIES } from '../../../functions/model/kinds.js';

test('every check has a unique id, texts, an exact kubescape reference and sane metadata', () => {
  const ids = podSecurityChecks.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const c of podSecurityChecks) {
    assert.match(c.id, /^pod-[a-z0-9-]+$/, c.id);
    assert.equal(c.family, 'pod-security', c.id);
    assert.ok(c.title.trim().length > 0, `${c.id} title`);
    assert.ok(c.rationale.trim().length > 40, `${c.id} rationale`);
    assert.ok(c.remediation.trim().length > 20, `${c.id} remediation`);
    assert.ok(SEVERITIES.includes(c.severity), `${c.id} severity`);
    const kubescape = c.references.kubescape ?? [];
    assert.ok(kubescape.length > 0, `${c.id} has a kubescape id`);
    for (const k of kubescape) assert.match(k, /^C-\d{4}$/, `${c.id} kubescape id ${k}`);
    for (const p of c.references.pss ?? []) assert.ok(p === 'baseline' || p === 'restricted', `${c.id} pss ${p}`);
    for (const p of c.references.polaris ?? []) assert.match(p, /^[a-z][A-Za-z]+$/, `${c.id} polaris ${p}`);
    assert.ok(riskAreasOf(c.id).length > 0, `${c.id} risk areas`);
    assert.deepEqual(
      c.inputs,
      WORKLOAD_INVENTORIES.map((inventory) => ({ kind: 'kubernetes', inventory })),
      `${c.id} reads every workload inventory`,
    );
  }
});

test('the NET_RAW default capability is explained where dropping capabilities is asked for', () => {
  const c = podSecurityChecks.find((x) => x.id === 'pod-capabilities-not-dropped');
  assert.ok(c);
  assert.match(c.rationale, /NET_RAW/);
});

test('the hostPath rationale mentions the container runtime socket', () => {
  const c = podSecurityChecks.find((x) => x.id === 'pod-host-path-volume');
  assert.ok(c);
  assert.match(c.rationale, /runtime socket/);
});

test('resource checks sit in risk area 9 and runtime checks in risk area 3', () => {
  for (const c of podSecurityChecks) {
    const isResource = /^pod-(cpu|memory)-(requests|limits)$/.test(c.id);
    assert.ok(riskAreasOf(c.id).includes(isResource ? 9 : 3), c.id);
  }
});
