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

/** A refused cluster's reason as the scan writes it (access-refused.ts): long, with commands and ARNs. */
const REFUSED_REASON =
  'the Kubernetes API answered GET /version with 401 Unauthorized (the credentials were rejected): Unauthorized. ' +
  'The cluster did not accept arn:aws:iam::444455556666:role/EksComplianceScan: most likely it has no EKS access ' +
  'entry on payments. Grant it read access: aws eks create-access-entry --cluster-name payments --region ' +
  'eu-central-1 --principal-arn arn:aws:iam::444455556666:role/EksComplianceScan --kubernetes-groups ' +
  'eks-compliance-reporter && aws eks associate-access-policy --cluster-name payments --region eu-central-1 ' +
  '--principal-arn arn:aws:iam::444455556666:role/EksComplianceScan --policy-arn ' +
  'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy --access-scope type=cluster';
const NOT_SCANNED = [
  { cluster: 'payments', region: 'eu-central-1', account: '444455556666', reason: REFUSED_REASON },
  {
    cluster: '(cluster discovery in account 777788889999, eu-west-1)',
    region: 'eu-west-1',
    account: '777788889999',
    reason: 'account 777788889999 (through arn:aws:iam::777788889999:role/EksComplianceScan): AccessDenied',
    discovery: true,
  },
];

describe('clusters not scanned', () => {
  const model = buildFleetModel(fleetSummaries(), NOT_SCANNED);

  test('are listed whole with their reasons, and the header says what the run covered', () => {
    assert.equal(model.coverageText, '4 clusters scanned · 1 not scanned · 1 discovery problem');
    assert.deepEqual(
      model.notScanned.map((n) => [n.name, n.where, n.reason, n.discovery]),
      NOT_SCANNED.map((n) => [n.cluster, `${n.region} · ${n.account}`, n.reason, n.discovery === true]),
    );
    assert.equal(model.clusterCount, 4, 'the average and the tables are of scanned clusters only');
    assert.equal(buildFleetModel(fleetSummaries()).coverageText, '4 clusters scanned');
    assert.equal(buildFleetModel(fleetSummaries().slice(0, 1)).coverageText, '1 cluster scanned');
  });

  test('the HTML has the section with each reason, commands included; without any, no section', () => {
    const html = renderFleetHtml(model);
    assert.match(html, /<h2 id="not-scanned-heading">Not scanned<\/h2>/);
    assert.ok(html.includes('aws eks create-access-entry --cluster-name payments --region eu-central-1'));
    assert.ok(html.replace(/&#x3D;/g, '=').includes('--access-scope type=cluster</td>'), 'the reason is whole');
    assert.match(html, /4 clusters scanned · 1 not scanned · 1 discovery problem/);
    assert.doesNotMatch(renderFleetHtml(buildFleetModel(fleetSummaries())), /not-scanned-heading/);
  });

  test('the PDF lists them whole, after the clusters', needs('poppler'), async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-not-scanned-'));
    try {
      const path = join(dir, 'fleet.pdf');
      writeFileSync(path, await renderFleetPdf(model));
      const text = run('pdftotext', [path, '-']);
      const flat = text.replace(/\s+/g, ' ');
      assert.ok(flat.indexOf('Not scanned') > flat.indexOf('Clusters side by side'));
      for (const piece of ['4 clusters scanned · 1 not scanned · 1 discovery problem', 'payments', 'AccessDenied']) {
        assert.ok(flat.includes(piece), piece);
      }
      // Every word of the long reason is on the page (wrapped, never cut; pdftotext joins a line broken after a
      // hyphen without it, so hyphens are left out of the comparison).
      const page = flat.replace(/[ -]/g, '');
      for (const word of REFUSED_REASON.split(' ')) assert.ok(page.includes(word.replace(/-/g, '')), word);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
