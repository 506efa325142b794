/**
 * report.pdf: the auditor's copy. PDF/A-3b with embedded DejaVu fonts only (the constructor gets a TTF so pdfkit
 * never loads its standard Helvetica, which a bundle cannot resolve), tagged, with bookmarks, page footers, and
 * results.json attached so the numbers can be re-checked. Deterministic for the same input: every date comes from
 * the results.
 */
import { revealInvisibleIn } from '../model/visible-text.js';
import { renderResultsJson, sha256Hex } from './json.js';
import { buildReportModel, type ChangedCheck, type ReportInput, type TrendChart } from './model.js';
import { COLOR, SEVERITY_COLOR, STATUS_COLOR } from './pdf-colors.js';
import { fillContents, reserveContents, writeDocumentControl, writeLimitations } from './pdf-document.js';
import { FONT } from './pdf-fonts.js';
import {
  type PrintedChecks,
  writeAppendix,
  writeCoverageGaps,
  writeFrameworks,
  writePlatformExemptions,
  writeRegisters,
} from './pdf-sections.js';
import {
  contentWidth,
  createPdfDocument,
  ensureSpace,
  PdfWriter,
  pdfDate,
  type Struct,
  type TableCell,
  writeFooters,
  writeRunningHeaders,
} from './pdf-writer.js';

export {
  breakableCell,
  COLOR,
  contentWidth,
  createPdfDocument,
  type Doc,
  ensureSpace,
  FONT,
  PDF_TOKEN_RUN,
  type PdfDocumentOptions,
  PdfWriter,
  pdfDate,
  SEVERITY_COLOR,
  STATUS_COLOR,
  type Struct,
  type TableCell,
  writeFooters,
} from './pdf-writer.js';

/** pdfkit 0.20's file() options; @types/pdfkit omits `relationship` (the Filespec's AFRelationship). */
type AttachmentOptions = PDFKit.Mixins.PDFAttachmentOptions & {
  relationship: 'Data' | 'Source' | 'Alternative' | 'Supplement' | 'Unspecified';
};

export interface PdfInput extends ReportInput {
  /** The exact results.json bytes to attach; by default `renderResultsJson(results)`. */
  resultsJson?: string | Uint8Array;
  /** The run's evidence manifest (and its signature), attached beside results.json and named on the cover. */
  evidence?: PdfEvidence;
}

/** See functions/integrity/manifest.ts: the manifest of results.json and the snapshot, written before the PDF. */
export interface PdfEvidence {
  manifest: Uint8Array;
  /** DER ECDSA signature of `manifest`; absent when the run is not signed. */
  signature?: Uint8Array;
  /** `sha256:<hex>` of the signing public key. */
  keyId?: string;
  kmsKeyArn?: string;
}

const EVIDENCE_ATTACHMENTS = { manifest: 'evidence-manifest.json', signature: 'evidence-manifest.sig' } as const;

/** Not-collected sources named on the cover before "… and N more". */
const COVER_GAP_LIMIT = 4;

function writeCover(w: PdfWriter, resultsSha256: string, evidence: PdfEvidence | undefined): void {
  const { doc, model } = w;
  const sect = w.section();
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  // Nothing on the cover is cut: the band grows with the cluster name, the run line and the identity and
  // classification lines past what the standard band holds (one line of name, one run line, two more lines).
  const { document } = model;
  const runLine = `Run ${model.runId} · collected ${model.collectedAtText} · generated ${model.generatedAtText}`;
  const identityLines = `Scanned as ${document.identityText}`;
  doc.font(FONT.regular).fontSize(15);
  const nameExtra = doc.heightOfString(model.cluster.name, { width }) - doc.currentLineHeight(true);
  doc.font(FONT.regular).fontSize(8.5);
  const line = doc.currentLineHeight(true);
  const extra = Math.max(
    0,
    nameExtra +
      doc.heightOfString(runLine, { width }) +
      doc.heightOfString(identityLines, { width }) +
      (document.signOff.classified ? line : 0) -
      3 * line,
  );
  w.artifact(() => doc.rect(0, 0, doc.page.width, 190 + extra).fill(COLOR.cover));
  doc.y = 48;
  doc
    .font(FONT.regular)
    .fontSize(8.5)
    .fillColor(COLOR.coverMuted)
    .text(model.frameworkList || model.subtitle, left, doc.y, {
      width,
      characterSpacing: 0.2,
      structParent: sect,
      structType: 'P',
    });
  doc.moveDown(0.8);
  // The cover's title heads the contents too.
  w.headings.push({ level: 1, text: 'EKS compliance report', page: 1, destination: 'toc-cover' });
  doc.font(FONT.bold).fontSize(24).fillColor('#ffffff').text('EKS compliance report', left, doc.y, {
    width,
    structParent: sect,
    structType: 'H1',
    destination: 'toc-cover',
  });
  doc.moveDown(0.1);
  doc
    .font(FONT.regular)
    .fontSize(15)
    .fillColor('#ffffff')
    .text(model.cluster.name, left, doc.y, { width, structParent: sect, structType: 'P' });
  doc.moveDown(0.3);
  doc.font(FONT.regular).fontSize(8.5).fillColor(COLOR.coverMuted).text(runLine, left, doc.y, {
    width,
    structParent: sect,
    structType: 'P',
  });
  doc.text(identityLines, left, doc.y, { width, structParent: sect, structType: 'P' });
  if (document.signOff.classified) {
    doc.font(FONT.bold).fillColor('#ffffff').text(`Classification: ${document.signOff.classification}`, left, doc.y, {
      width,
      structParent: sect,
      structType: 'P',
    });
  }

  doc.y = 206 + extra;
  const scoreTop = doc.y;
  doc.font(FONT.bold).fontSize(9).fillColor(COLOR.muted).text('Compliance score', left, scoreTop, {
    width: 150,
    structParent: sect,
    structType: 'P',
  });
  doc
    .font(FONT.bold)
    .fontSize(34)
    .fillColor(
      STATUS_COLOR[model.score.band === 'good' ? 'pass' : model.score.band === 'fair' ? 'not-assessed' : 'fail'],
    )
    .text(`${model.score.text}`, left, scoreTop + 12, {
      width: 150,
      continued: true,
      structParent: sect,
      structType: 'P',
    })
    .font(FONT.regular)
    .fontSize(12)
    .fillColor(COLOR.muted)
    .text(' / 100');
  const countsText = `Checks: ${model.checkCounts.map((c) => `${c.label.toLowerCase()} ${c.count}`).join(', ')}.`;
  doc
    .font(FONT.regular)
    .fontSize(8.5)
    .fillColor(COLOR.ink)
    .text(countsText, left + 160, scoreTop + 2, { width: width - 160, structParent: sect, structType: 'P' });
  doc.moveDown(0.2);
  doc
    .fontSize(8)
    .fillColor(COLOR.ink)
    .text(`${model.score.label}. Coverage: ${model.score.coverage.join('; ')}.`, left + 160, doc.y, {
      width: width - 160,
      structParent: sect,
      structType: 'P',
    });
  doc.moveDown(0.2);
  doc
    .fontSize(7.5)
    .fillColor(COLOR.muted)
    .text(model.score.formula, left + 160, doc.y, { width: width - 160, structParent: sect, structType: 'P' });
  doc.y = Math.max(doc.y, scoreTop + 58) + 10;

  w.heading(sect, 2, 'Scope and versions', COLOR.accent, { keepWith: 100 });
  w.table(
    sect,
    [
      { header: 'Item', width: 120 },
      { header: 'Value', width: '*' },
    ],
    model.scope.map((row) => [{ text: row.label, bold: true }, { text: row.value }]),
  );

  const { sources } = model;
  w.heading(sect, 2, 'Data sources and permissions used', COLOR.accent, { keepWith: 80 });
  w.paragraph(sect, `${sources.summaryText} All access was read-only; the full list is in the appendix.`, {
    size: 8.5,
  });
  if (sources.available) {
    const gaps = sources.notCollectedRows;
    const rows: TableCell[][] = [
      ...sources.permissionSummary.map((p) => [{ text: p.label, bold: true }, { text: p.value }]),
      ...gaps
        .slice(0, COVER_GAP_LIMIT)
        .map((g) => [
          { text: `Not collected: ${g.title}`, bold: true, color: STATUS_COLOR['not-assessed'] },
          { text: `missing ${g.permission}: ${g.reason}` },
        ]),
    ];
    if (gaps.length > COVER_GAP_LIMIT) {
      rows.push([
        { text: 'Not collected', bold: true, color: STATUS_COLOR['not-assessed'] },
        { text: `… and ${gaps.length - COVER_GAP_LIMIT} more (see Appendix: Data sources)` },
      ]);
    }
    w.table(
      sect,
      [
        { header: 'Access', width: 120 },
        { header: 'Permissions and result', width: '*' },
      ],
      rows,
    );
  }

  ensureSpace(doc, 50);
  w.heading(sect, 3, 'Attached results', COLOR.ink, { keepWith: 30 });
  w.paragraph(
    sect,
    'The machine-readable results are attached to this PDF as results.json (open the attachments panel of your viewer). Its SHA-256:',
    { size: 8.5 },
  );
  w.paragraph(sect, resultsSha256, { font: FONT.mono, size: 8 });
  if (evidence) writeEvidence(w, sect, evidence);
}

function writeEvidence(w: PdfWriter, sect: Struct, evidence: PdfEvidence): void {
  w.paragraph(
    sect,
    `The evidence manifest is attached as ${EVIDENCE_ATTACHMENTS.manifest}: the SHA-256 of results.json and of the snapshot the verdicts came from, the run, the cluster and the tool and catalog versions. Its SHA-256:`,
    { size: 8.5 },
  );
  w.paragraph(sect, sha256Hex(evidence.manifest), { font: FONT.mono, size: 8 });
  if (evidence.signature && evidence.keyId) {
    w.paragraph(
      sect,
      `Signed (ECDSA P-256, SHA-256; attached as ${EVIDENCE_ATTACHMENTS.signature}) by the key whose public key has the SHA-256${evidence.kmsKeyArn ? ` (AWS KMS key ${evidence.kmsKeyArn})` : ''}:`,
      { size: 8.5 },
    );
    w.paragraph(sect, evidence.keyId, { font: FONT.mono, size: 8 });
    w.paragraph(
      sect,
      'Check it with eks-compliance verify report.pdf --public-key FILE, or with openssl alone (see docs/evidence.md).',
      { size: 8.5, color: COLOR.muted },
    );
  } else {
    w.paragraph(sect, 'Not signed: this run was written with --no-sign.', { size: 8.5, color: COLOR.muted });
  }
}

function drawTrend(w: PdfWriter, sect: Struct, trend: TrendChart): void {
  const { doc } = w;
  const scale = Math.min(1, contentWidth(doc) / trend.width);
  const height = trend.height * scale;
  ensureSpace(doc, height + 24);
  const x0 = doc.page.margins.left;
  const y0 = doc.y;
  const figure = doc.struct('Figure', { alt: `Compliance score trend. ${trend.description}` }, () => {
    doc.save().translate(x0, y0).scale(scale);
    doc.font(FONT.regular).fontSize(9);
    for (const grid of trend.gridLines) {
      doc
        .moveTo(trend.plot.left, grid.y)
        .lineTo(trend.plot.right, grid.y)
        .lineWidth(0.6)
        .strokeColor('#e1e4e8')
        .stroke();
      doc
        .fillColor(COLOR.muted)
        .text(grid.label, 0, grid.y - 5, { width: trend.plot.left - 6, align: 'right', lineBreak: false });
    }
    const [first, ...rest] = trend.points;
    if (first) {
      doc.moveTo(first.x, first.y);
      for (const p of rest) doc.lineTo(p.x, p.y);
      doc.lineWidth(2).strokeColor(COLOR.accent).stroke();
    }
    for (const p of trend.points) {
      doc.circle(p.x, p.y, p.current ? 4.5 : 3).lineWidth(1.5);
      if (p.current) doc.fillAndStroke(COLOR.accent, COLOR.accent);
      else doc.fillAndStroke('#ffffff', COLOR.accent);
      doc
        .fillColor(COLOR.muted)
        .text(p.label, p.x - 30, trend.plot.bottom + 6, { width: 60, align: 'center', lineBreak: false });
    }
    doc.restore();
  });
  sect.add(figure);
  figure.end();
  doc.x = x0;
  doc.y = y0 + height + 6;
  w.paragraph(sect, trend.description, { size: 8.5, color: COLOR.muted });
}

function changeList(items: ChangedCheck[], moreText: string, suffix: (c: ChangedCheck) => string): string {
  if (items.length === 0) return 'none.';
  const text = items.map((c) => `${c.id} (${suffix(c)})`).join(', ');
  return moreText ? `${text}, ${moreText}.` : `${text}.`;
}

function writeSummary(w: PdfWriter): void {
  const { doc, model } = w;
  doc.addPage();
  const outline = doc.outline.addItem('Executive summary');
  const sect = w.section();
  w.heading(sect, 1, 'Executive summary');
  w.labelled(sect, 'Compliance score:', `${model.score.text} / 100 (${model.score.label.toLowerCase()}).`);
  w.labelled(sect, 'Coverage:', `${model.score.coverage.join('; ')}.`);
  w.labelled(sect, 'How it is computed:', model.score.formula);

  w.heading(sect, 3, 'Requirements by status (all frameworks)', COLOR.ink);
  w.table(
    sect,
    [...model.requirementCounts.map((c) => ({ header: c.label, width: '*' as const, align: 'right' as const }))],
    [model.requirementCounts.map((c) => ({ text: `${c.count}`, color: STATUS_COLOR[c.key], bold: true }))],
  );

  w.heading(sect, 3, 'Failing checks by severity', COLOR.ink);
  w.table(
    sect,
    [
      { header: 'Severity', width: '*' },
      { header: 'Failing checks', width: 110, align: 'right' },
      { header: 'Findings', width: 110, align: 'right' },
    ],
    model.severityCounts.map((s) => [
      { text: s.label, color: SEVERITY_COLOR[s.severity], bold: true },
      { text: `${s.failingChecks}` },
      { text: `${s.findings}` },
    ]),
  );

  w.heading(sect, 3, 'Top risks', COLOR.ink, { keepWith: 80 });
  outline.addItem('Top risks');
  if (model.topRisks.length === 0) w.paragraph(sect, 'No check failed.', { color: COLOR.muted });
  else {
    w.table(
      sect,
      [
        { header: 'Severity', width: 62 },
        { header: 'Check', width: '*' },
        { header: 'Failing objects', width: 84, align: 'right' },
        { header: 'Requirements', width: 150 },
      ],
      model.topRisks.map((r) => [
        { text: r.severityLabel, color: SEVERITY_COLOR[r.severity], bold: true },
        { text: `${r.title}\n${r.id}` },
        { text: r.objectsText },
        { text: r.requirementRefs, color: COLOR.muted },
      ]),
    );
  }

  w.heading(sect, 3, 'Score trend', COLOR.ink, { keepWith: 150 });
  outline.addItem('Score trend');
  drawTrend(w, sect, model.trend);

  if (model.changes) {
    const changes = model.changes;
    w.heading(sect, 3, 'Changes since the previous run', COLOR.ink, { keepWith: 60 });
    outline.addItem('Changes since the previous run');
    w.paragraph(
      sect,
      `Compared with run ${changes.previousRunId} (${changes.previousDate}): score ${changes.scoreDeltaText}; ${changes.totals.newFailing} newly failing, ${changes.totals.fixed} fixed, ${changes.totals.stillFailing} still failing.`,
    );
    w.labelled(
      sect,
      'New:',
      changeList(changes.newFailing, changes.newFailingMoreText, (c) => c.severityLabel),
    );
    w.labelled(
      sect,
      'Fixed:',
      changeList(changes.fixed, changes.fixedMoreText, (c) => `now ${c.statusLabel}`),
    );
    w.labelled(
      sect,
      'Still failing:',
      changeList(changes.stillFailing, changes.stillFailingMoreText, (c) => `since ${c.failingSince}`),
    );
    if (changes.noLongerAssessed.length > 0) {
      w.labelled(
        sect,
        'No longer assessed (failing before, evidence missing now):',
        changeList(changes.noLongerAssessed, '', (c) => c.severityLabel),
      );
    }
  }
}

export async function renderPdf(input: PdfInput): Promise<Buffer> {
  const model = revealInvisibleIn(buildReportModel(input));
  // The contents come after the cover and the sign-off page but list pages written later: one page is reserved
  // first, and in the rare report whose headings need more, it is written again with as many as they need.
  const once = renderWithContents(input, model, 1);
  if (once.bytes) return once.bytes;
  const again = renderWithContents(input, model, once.contentsPages);
  if (!again.bytes) throw new Error(`report.pdf: the contents did not fit on ${once.contentsPages} pages`);
  return again.bytes;
}

function renderWithContents(
  input: PdfInput,
  model: ReturnType<typeof buildReportModel>,
  contentsPages: number,
): { bytes?: Promise<Buffer>; contentsPages: number } {
  const json = input.resultsJson ?? renderResultsJson(input.results);
  const jsonBytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : Buffer.from(json);
  const date = pdfDate(input.results.generatedAt);
  const { doc, done } = createPdfDocument({
    title: model.title,
    creator: `${model.tool.name} ${model.tool.version}`,
    subject: `${model.benchmarkName} v1.8.0, NSA/CISA and Kubernetes risk areas: compliance of ${model.cluster.name}`,
    date,
  });

  // pdfkit's file() also lists the file in the catalog's AF array, with its relationship to the document: results.json
  // is a PDF/A-3 associated file.
  const attachment: AttachmentOptions = {
    name: 'results.json',
    type: 'application/json',
    description: `Scan results (results.json, schemaVersion ${input.results.schemaVersion}) for ${model.cluster.name}`,
    relationship: 'Data',
    creationDate: date,
    modifiedDate: date,
  };
  doc.file(jsonBytes, attachment);

  if (input.evidence) attachEvidence(doc, input.evidence, date, model.cluster.name);

  const w = new PdfWriter(doc, model);
  const printed: PrintedChecks = new Map();
  doc.outline.addItem('Cover and scope');
  writeCover(w, sha256Hex(jsonBytes), input.evidence);
  writeDocumentControl(w);
  const contents = reserveContents(w, contentsPages);
  writeSummary(w);
  writeLimitations(w);
  writeFrameworks(w, printed);
  writeCoverageGaps(w);
  writeRegisters(w);
  writePlatformExemptions(w);
  writeAppendix(w);
  const { pagesNeeded } = fillContents(w, contents);
  // Abandoned unfinished: the document is never ended, and is garbage once this returns.
  if (pagesNeeded) return { contentsPages: pagesNeeded };
  w.root.end();
  const { signOff } = model.document;
  const label = (name: string) => `${name} · ${model.generatedDate}`;
  const classified = signOff.classified ? ` · ${signOff.classification}` : '';
  const cluster = { name: model.cluster.name, whereWhole: 'the whole name is on the cover' };
  writeRunningHeaders(doc, { ...cluster, words: (name) => `EKS compliance report · ${label(name)}${classified}` });
  writeFooters(doc, { ...cluster, words: label });
  doc.end();
  return { bytes: done, contentsPages };
}

function attachEvidence(doc: PDFKit.PDFDocument, evidence: PdfEvidence, date: Date, cluster: string): void {
  const manifest: AttachmentOptions = {
    name: EVIDENCE_ATTACHMENTS.manifest,
    type: 'application/json',
    description: `Evidence manifest (SHA-256 of results.json and the snapshot) of the run for ${cluster}`,
    relationship: 'Supplement',
    creationDate: date,
    modifiedDate: date,
  };
  doc.file(Buffer.from(evidence.manifest), manifest);
  if (evidence.signature) {
    const signature: AttachmentOptions = {
      name: EVIDENCE_ATTACHMENTS.signature,
      type: 'application/octet-stream',
      description: `ECDSA P-256 / SHA-256 signature (DER) of ${EVIDENCE_ATTACHMENTS.manifest}`,
      relationship: 'Supplement',
      creationDate: date,
      modifiedDate: date,
    };
    doc.file(Buffer.from(evidence.signature), signature);
  }
}
