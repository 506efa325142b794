/**
 * The HTML keeps the PDF's evidence (collapsed): every check's sources and sample of observed values, and the
 * kubelet checks' coverage, for the demo's checks, discovered from the results.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Handlebars from 'handlebars';
import { demoConfig } from '../../functions/demo/config.js';
import { DEMO_COLLECTED_AT, loadDemoSnapshot } from '../../functions/demo/index.js';
import { renderHtml } from '../../functions/report/html.js';
import { checkEvidenceView } from '../../functions/report/model-evidence.js';
import { evaluate } from '../../functions/scoring/evaluate.js';

const escapeHtml = (text: string) => Handlebars.escapeExpression(text);

test('the HTML shows each passing or failing check’s evidence in a collapsed block', () => {
  const config = demoConfig(DEMO_COLLECTED_AT);
  const results = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), {
    generatedAt: DEMO_COLLECTED_AT,
    ...config,
  });
  const html = renderHtml({ results });
  assert.match(html, /<details class="evidence-sample">/);
  const shown = results.checks.filter((c) => (c.status === 'pass' || c.status === 'fail') && c.evidence);
  assert.ok(shown.length > 0);
  for (const check of shown) {
    const view = checkEvidenceView(check);
    assert.ok(html.includes(escapeHtml(view.summary)), `${check.id}: summary`);
    assert.ok(html.includes(escapeHtml(view.sources)), `${check.id}: sources`);
    if (view.coverage) assert.ok(html.includes(escapeHtml(view.coverage)), `${check.id}: coverage`);
    for (const row of view.rows) assert.ok(html.includes(escapeHtml(row.observed)), `${check.id}: ${row.observed}`);
  }
});
