import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  buildFleetModel,
  cisSection,
  FLEET_NAMED_CLUSTERS,
  heatFill,
  renderFleetHtml,
  renderFleetPdf,
} from '../../functions/report/fleet.js';
import { EVIL_SINGLE_LINE, fleetSummaries } from '../fixtures/report/fleet.js';
import { needs, tool } from '../support/tools.js';

function run(command: string, args: string[]): string {
  return execFileSync(tool(command), args, { encoding: 'utf8' });
}

describe('buildFleetModel', () => {
  const model = buildFleetModel(fleetSummaries());

  test('every cluster side by side, names made single-line and told apart by region', () => {
    assert.equal(model.clusterCount, 4);
    assert.deepEqual(
      model.clusters.map((c) => [c.name, c.scoreText, c.failingChecks]),
      [
        [EVIL_SINGLE_LINE, '45', 3],
        ['healthy', '92', 0],
        ['shared (us-east-1)', '61', 3],
        ['shared (ap-south-1)', '70', 3],
      ],
    );
    assert.equal(model.averageScoreText, '67');
    assert.deepEqual(
      model.clusters[0].counts.map((c) => [c.key, c.count]),
      [
        ['pass', 4],
        ['fail', 7],
        ['manual', 2],
        ['waived', 0],
        ['not-applicable', 1],
        ['not-assessed', 1],
      ],
    );
    assert.equal(model.clusters[0].findings, 3 + 31 + 1);
  });

  test('nothing is cut: a 100-character cluster name and a long region stay whole', () => {
    const one = fleetSummaries()[0];
    const name = `prod-${'x'.repeat(90)}-tail`;
    const region = `eu-${'central-'.repeat(5)}1`;
    const twins = [0, 1].map((i) => ({ ...one, cluster: { ...one.cluster, name, region: `${region}-${i}` } }));
    const built = buildFleetModel(twins);
    assert.deepEqual(
      built.clusters.map((c) => c.name),
      [`${name} (${region}-0)`, `${name} (${region}-1)`],
    );
  });

  test('worst requirements: failing in the most clusters first, with the clusters named', () => {
    const top = model.worstRequirements[0];
    assert.deepEqual(
      [top.frameworkId, top.id, top.failingClusters, top.assessedClusters],
      ['cis-eks-1.8.0', '4.1.1', 3, 4],
    );
    assert.equal(top.clusters, `${EVIL_SINGLE_LINE}, shared (us-east-1), shared (ap-south-1)`);
    assert.ok(model.worstRequirements.every((r) => r.failingClusters === 3));
    assert.ok(!model.worstRequirements.some((r) => r.id === '4.2.4'), 'passing everywhere: not listed');
  });

  test('a requirement failing in many clusters names the first FLEET_NAMED_CLUSTERS and counts the rest', () => {
    const one = fleetSummaries()[0];
    const many = Array.from({ length: FLEET_NAMED_CLUSTERS + 5 }, (_, i) => ({
      ...one,
      cluster: { ...one.cluster, name: `c${i}` },
    }));
    const top = buildFleetModel(many).worstRequirements[0];
    assert.equal(top.failingClusters, FLEET_NAMED_CLUSTERS + 5);
    const named = Array.from({ length: FLEET_NAMED_CLUSTERS }, (_, i) => `c${i}`).join(', ');
    assert.equal(top.clusters, `${named} and 5 more`);
  });

  test('heat map: CIS sections in numeric order, cell = passed ÷ assessed', () => {
    assert.deepEqual(
      model.heatmap.sections.map((s) => s.id),
      ['3.2', '4.1', '4.2', '5.3'],
    );
    assert.equal(model.heatmap.sections[2].title, '4.2 Pod Security Standards');
    const evil = model.heatmap.rows[0];
    assert.deepEqual(
      evil.cells.map((c) => c.text),
      // 3.2.1 not assessed; 4.1: 4.1.1 fail (4.1.8 manual left out); 4.2: 1 of 3 pass; 5.3: pass.
      ['n/a', '0%', '33%', '100%'],
    );
    assert.deepEqual(
      model.heatmap.rows[1].cells.map((c) => c.text),
      ['n/a', '100%', '100%', '100%'],
    );
    assert.equal(evil.cells[0].fill, heatFill(null));
    assert.notEqual(heatFill(0), heatFill(1));
  });

  test('section ids and heat colours', () => {
    assert.equal(cisSection('4.2.1'), '4.2');
    assert.equal(cisSection('5'), '5');
    assert.match(heatFill(0.25), /^#[0-9a-f]{6}$/);
    assert.equal(heatFill(2), heatFill(1));
  });
});

describe('renderFleetHtml', () => {
  const html = renderFleetHtml(buildFleetModel(fleetSummaries()));

  test('self-contained: no reference outside the page, no script', () => {
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|url\(|@import/i);
    const refs = html.match(/\b(?:src|href|action)\s*=\s*"[^"]*"/gi) ?? [];
    assert.deepEqual(refs, []);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  test('escapes the hostile cluster name and keeps it on one line', () => {
    assert.ok(html.includes('evil Bcc: x@y.z &lt;script&gt;'));
    assert.ok(!html.includes('<script>'));
    assert.ok(!html.includes('evil\r\n'));
  });

  test('carries the three parts with table headers and the heat map cells', () => {
    for (const heading of ['Clusters side by side', 'Requirements failing in the most clusters', 'CIS sections']) {
      assert.ok(html.includes(heading), heading);
    }
    assert.match(html, /<th scope="row" class="name"><strong>shared \(ap-south-1\)/);
    assert.match(
      html,
      /<td class="cell" style="background-color: #[0-9a-f]{6}" title="4\.2: 1 of 3 passing">33%<\/td>/,
    );
    assert.equal((html.match(/<td class="cell"/g) ?? []).length, 4 * 4);
  });
});

describe('renderFleetPdf', needs('poppler', 'qpdf'), () => {
  let dir: string;
  let pdfPath: string;
  let text: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-pdf-'));
    pdfPath = join(dir, 'fleet.pdf');
    writeFileSync(pdfPath, await renderFleetPdf(buildFleetModel(fleetSummaries())));
    text = run('pdftotext', ['-layout', pdfPath, '-']);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('qpdf --check: no syntax or stream encoding error', () => {
    assert.match(run('qpdf', ['--check', pdfPath]), /No syntax or stream encoding errors found/);
  });

  test('is a tagged PDF/A with only embedded fonts', () => {
    const info = run('pdfinfo', [pdfPath]);
    assert.match(info, /^Title:\s+EKS compliance: fleet report$/m);
    assert.match(info, /^Tagged:\s+yes$/m);
    const fonts = run('pdffonts', [pdfPath])
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    assert.ok(fonts.length >= 1);
    for (const row of fonts) assert.match(row, /\byes\s+yes\s+yes\b/, `not embedded: ${row}`);
  });

  test('shows clusters, worst requirements, the heat map and page numbers', () => {
    for (const expected of [
      'Clusters side by side',
      'Requirements failing in the most clusters',
      'CIS sections',
      EVIL_SINGLE_LINE,
      'shared (ap-south-1)',
      '4.1.1',
      '33%',
      'Page 1 of',
    ]) {
      assert.ok(text.includes(expected), expected);
    }
  });
});
