/** Item 6 of issue 13: a check that deliberately differs from the benchmark's audit says so, and the outputs show it. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_CHECKS, checkById } from '../../functions/checks/registry.js';
import { DEMO_COLLECTED_AT, loadDemoSnapshot } from '../../functions/demo/index.js';
import { defaultCatalog } from '../../functions/report/catalog.js';
import { renderHtml } from '../../functions/report/html.js';
import { evaluate } from '../../functions/scoring/evaluate.js';

/** Checks known to be stricter or looser than kube-bench's eks-1.8.0 audit or their Kubescape control. */
const KNOWN: Record<string, RegExp> = {
  'pod-allow-privilege-escalation': /kube-bench.*explicit true/,
  'kubelet-rotate-certificates': /kube-bench.*absent/,
  'namespaces-default-unused': /NetworkPolicy, LimitRange and ResourceQuota/,
  'aws-bootstrap-cluster-creator-admin': /flag/,
};

describe('deviations from the benchmark are stated', () => {
  for (const [id, pattern] of Object.entries(KNOWN)) {
    test(`${id} states how it differs`, () => {
      assert.match(checkById(id)?.deviation ?? '', pattern);
    });
  }

  test('a stated deviation is a full sentence, not a placeholder', () => {
    for (const c of ALL_CHECKS.filter((x) => x.deviation !== undefined)) {
      assert.ok((c.deviation ?? '').length >= 60 && /[.)]$/.test(c.deviation ?? ''), c.id);
    }
  });

  test('results.json carries it on the check and the report catalog hands it to the renderers', () => {
    const results = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), { generatedAt: DEMO_COLLECTED_AT });
    const ape = results.checks.find((c) => c.id === 'pod-allow-privilege-escalation');
    assert.equal(ape?.deviation, checkById('pod-allow-privilege-escalation')?.deviation);
    const plainId = ALL_CHECKS.find((c) => c.deviation === undefined)?.id;
    const plain = results.checks.find((c) => c.id === plainId);
    assert.equal(plain && 'deviation' in plain, false);
    assert.equal(
      defaultCatalog().check('kubelet-rotate-certificates')?.deviation,
      checkById('kubelet-rotate-certificates')?.deviation,
    );
  });

  test('the HTML report shows it beside the failing check', () => {
    const results = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), { generatedAt: DEMO_COLLECTED_AT });
    assert.equal(results.checks.find((c) => c.id === 'pod-allow-privilege-escalation')?.status, 'fail');
    const html = renderHtml({ results, history: [], catalog: defaultCatalog() });
    const article = html.split('data-check="pod-allow-privilege-escalation"')[1]?.split('</article>')[0] ?? '';
    assert.match(article, /Differs from the benchmark or a peer tool:<\/strong> Stricter than the CIS 4\.2\.5 audit/);
  });
});
