/**
 * The body of report.pdf after the executive summary: per framework (requirement table, then failing, passing,
 * manual and not-assessed requirements), coverage gaps, the waiver and attestation registers, and the appendix.
 * Each section adds its bookmark; a failing check's evidence is printed once and linked from everywhere else.
 */

import type { CheckSection, FrameworkSection, ReportModel } from './model.js';
import type { FailingCheckRef, FailingRequirement } from './model-requirements.js';
import { COLOR, SEVERITY_COLOR, STATUS_COLOR } from './pdf-colors.js';
import { writeEvidenceView, writeOtherChecks, writePassingEvidence } from './pdf-evidence.js';
import { FONT } from './pdf-fonts.js';
import { contentWidth, ensureSpace, type PdfWriter, type Struct, type TableCell } from './pdf-writer.js';

type Outline = PDFKit.PDFOutline;

/** Waived objects listed in the waiver register before "… and N more". */
const WAIVED_OBJECTS_LIMIT = 40;

/** Where each check's evidence was printed (failing checks, then passing ones): its page and named destination. */
export type PrintedChecks = Map<string, { page: number; destination: string }>;

function statusCell(status: string, label: string): TableCell {
  return { text: label, color: STATUS_COLOR[status] ?? COLOR.ink, bold: true };
}

function muted(w: PdfWriter, sect: Struct, text: string): void {
  w.paragraph(sect, text, { size: 8.5, color: COLOR.muted });
}

function checkDestination(check: { anchor: string }): string {
  return `dest-${check.anchor}`;
}

/** One failing check in full: what it is, why it matters, the evidence, and how to fix it. */
function writeCheckEvidence(w: PdfWriter, sect: Struct, check: CheckSection, printed: PrintedChecks): void {
  const { doc } = w;
  ensureSpace(doc, 110);
  const destination = checkDestination(check);
  printed.set(check.id, { page: w.pageNumber(), destination });
  doc
    .font(FONT.bold)
    .fontSize(10)
    .fillColor(SEVERITY_COLOR[check.severity] ?? COLOR.ink)
    .text(`${check.severityLabel.toUpperCase()} · ${check.title}`, doc.page.margins.left + 8, doc.y, {
      width: contentWidth(doc) - 8,
      structParent: sect,
      structType: 'H4',
      destination,
    });
  doc.x = doc.page.margins.left;
  doc.moveDown(0.2);
  const meta = [
    check.id,
    `${check.failingCount} failing of ${check.evaluatedCount} evaluated`,
    check.waivedCount > 0 ? `${check.waivedCount} waived` : '',
    check.requirementRefs ? `serves ${check.requirementRefs}` : '',
  ].filter((s) => s.length > 0);
  muted(w, sect, meta.join('  ·  '));
  if (check.rationale) w.labelled(sect, 'Rationale:', check.rationale);
  if (check.deviation) w.labelled(sect, 'Differs from the benchmark or a peer tool:', check.deviation);
  w.table(
    sect,
    [
      { header: 'Status', width: 46 },
      { header: 'Kind', width: 90 },
      { header: 'Namespace / name', width: 150, font: FONT.mono },
      { header: 'Observed value', width: '*' },
    ],
    check.rows.map((row) => [
      statusCell(row.status, row.statusLabel),
      { text: row.kind },
      { text: row.namespace ? `${row.namespace}/${row.name}` : row.name },
      { text: row.path ? `${row.message}\n${row.path}` : row.message },
    ]),
  );
  if (check.moreText) muted(w, sect, check.moreText);
  writeEvidenceView(w, sect, check.evidence, { passingOnly: true });
  if (check.remediation) w.labelled(sect, 'Remediation:', check.remediation);
  if (check.references) muted(w, sect, `References: ${check.references}`);
  doc.moveDown(0.3);
}

function writeCheckReference(w: PdfWriter, sect: Struct, ref: FailingCheckRef<CheckSection>, printed: PrintedChecks) {
  const place = printed.get(ref.id);
  const where = place ? `${ref.printedUnder}, page ${place.page}` : ref.printedUnder;
  const text = `${ref.severityLabel} · ${ref.id}: ${ref.failingCount} of ${ref.evaluatedCount} objects failing. Rationale, evidence and remediation are printed under ${where}.`;
  if (place) w.link(sect, text, place.destination, { size: 9 });
  else w.paragraph(sect, text, { size: 9 });
}

function writeFailingRequirement(
  w: PdfWriter,
  requirement: FailingRequirement<CheckSection>,
  framework: FrameworkSection,
  parent: Outline,
  printed: PrintedChecks,
): void {
  const sect = w.section();
  w.heading(sect, 3, `${requirement.id}  ${requirement.title}`, STATUS_COLOR.fail, {
    destination: `dest-${requirement.anchor}`,
    keepWith: 60,
  });
  parent.addItem(`${requirement.id} ${requirement.title}`);
  const failed = requirement.checks.map((c) => `${c.id} (${c.severityLabel})`).join(', ');
  muted(
    w,
    sect,
    [framework.shortName, requirement.section, failed ? `Failed checks: ${failed}` : ''].filter((s) => s).join('  ·  '),
  );
  if (requirement.attestation) w.labelled(sect, 'Attestation:', requirement.attestation);
  else if (requirement.checks.length === 0 && requirement.reason) w.paragraph(sect, requirement.reason);
  for (const ref of requirement.checks) {
    if (ref.section) writeCheckEvidence(w, sect, ref.section, printed);
    else writeCheckReference(w, sect, ref, printed);
  }
  writeOtherChecks(w, sect, requirement.otherChecks, printed);
  w.doc.moveDown(0.4);
}

function writeFramework(
  w: PdfWriter,
  framework: FrameworkSection,
  parent: Outline,
  printed: PrintedChecks,
  newPage: boolean,
): void {
  const { doc } = w;
  if (newPage) doc.addPage();
  const outline = parent.addItem(framework.fullTitle);
  const sect = w.section();
  w.heading(sect, 1, framework.fullTitle);
  w.paragraph(
    sect,
    `Score: ${framework.scoreText}.   ${framework.counts.map((c) => `${c.label}: ${c.count}`).join('  ·  ')}`,
    { size: 9, color: COLOR.muted },
  );
  w.paragraph(sect, `Coverage: ${framework.coverageText}.`, { size: 9, color: COLOR.muted });
  const { breakdown } = framework;

  outline.addItem('Requirements');
  w.heading(sect, 2, 'Requirements');
  w.table(
    sect,
    [
      { header: 'Id', width: 48 },
      { header: 'Requirement', width: '*' },
      ...(framework.requirements.some((r) => r.benchmarkAssessmentLabel) ? [{ header: 'Benchmark', width: 58 }] : []),
      { header: 'Status', width: 62 },
      { header: 'Verdict by', width: 78 },
      { header: 'Checks', width: 118 },
    ],
    framework.requirements.map((r) => [
      { text: r.id, bold: true },
      { text: r.section ? `${r.title}\n${r.section}` : r.title },
      ...(framework.requirements.some((x) => x.benchmarkAssessmentLabel)
        ? [{ text: r.benchmarkAssessmentLabel || '—' }]
        : []),
      statusCell(r.status, r.statusLabel),
      { text: r.verdictText },
      { text: r.checks || (r.status === 'manual' ? 'manual review' : '—'), color: COLOR.muted },
    ]),
  );

  const failSect = w.section();
  w.heading(failSect, 2, `Failing requirements (${breakdown.failing.length})`);
  const failingOutline = outline.addItem(`Failing requirements (${breakdown.failing.length})`);
  if (breakdown.failing.length === 0) muted(w, failSect, 'No requirement of this framework failed.');
  else {
    muted(
      w,
      failSect,
      'For each failing requirement: the checks that failed, why they matter, the objects and values observed, and the fix. A check that fails several requirements is printed once and referred to elsewhere.',
    );
  }
  for (const requirement of breakdown.failing)
    writeFailingRequirement(w, requirement, framework, failingOutline, printed);

  const passSect = w.section();
  w.heading(passSect, 2, `Passing requirements (${breakdown.passing.length})`, COLOR.accent, { keepWith: 80 });
  outline.addItem(`Passing requirements (${breakdown.passing.length})`);
  if (breakdown.passing.length === 0) muted(w, passSect, 'None.');
  else {
    muted(w, passSect, 'Passing, waived and not-applicable requirements, with a summary of the evidence for each.');
    w.table(
      passSect,
      [
        { header: 'Id', width: 52 },
        { header: 'Requirement', width: 150 },
        // Wide enough for the longest verdict source, "Attestation", on one line.
        { header: 'Status', width: 76 },
        { header: 'Evidence', width: '*' },
      ],
      breakdown.passing.map((r) => [
        { text: r.id, bold: true },
        { text: r.benchmarkAssessmentLabel ? `${r.title}\nBenchmark: ${r.benchmarkAssessmentLabel}` : r.title },
        statusCell(r.status, `${r.statusLabel}\n${r.verdictSourceLabel}`),
        { text: r.lines.join('\n') },
      ]),
    );
    writePassingEvidence(w, breakdown.passing, printed);
  }

  const manualSect = w.section();
  w.heading(manualSect, 2, `Manual requirements (${breakdown.manual.length})`, COLOR.accent, { keepWith: 80 });
  outline.addItem(`Manual requirements (${breakdown.manual.length})`);
  if (breakdown.manual.length === 0) muted(w, manualSect, 'None.');
  else {
    muted(
      w,
      manualSect,
      'No automated evidence exists for these; a person judges them. An attestation records that judgement.',
    );
    w.table(
      manualSect,
      [
        { header: 'Id', width: 60 },
        { header: 'Requirement and guidance', width: '*' },
        { header: 'Status', width: 76 },
        { header: 'Attestation', width: 150 },
      ],
      breakdown.manual.map((r) => [
        { text: r.id, bold: true },
        { text: r.guidance ? `${r.title}\n${r.guidance}` : r.title },
        statusCell(r.status, r.statusLabel),
        {
          text: `${r.attestationStateLabel ? `State: ${r.attestationStateLabel}\n` : ''}${r.attestation}`,
          color: r.attested ? COLOR.ink : COLOR.muted,
        },
      ]),
    );
  }

  const naSect = w.section();
  w.heading(naSect, 2, `Not assessed (${breakdown.notAssessed.length})`, COLOR.accent, { keepWith: 80 });
  outline.addItem(`Not assessed (${breakdown.notAssessed.length})`);
  if (breakdown.notAssessed.length === 0) muted(w, naSect, 'Every requirement of this framework was assessed.');
  else {
    w.table(
      naSect,
      [
        { header: 'Id', width: 60 },
        { header: 'Requirement', width: 170 },
        { header: 'Why it was not assessed', width: '*' },
      ],
      breakdown.notAssessed.map((r) => [{ text: r.id, bold: true }, { text: r.title }, { text: r.reason }]),
    );
  }
}

export function writeFrameworks(w: PdfWriter<ReportModel>, printed: PrintedChecks): void {
  const { doc, model } = w;
  doc.addPage();
  const outline = doc.outline.addItem('Frameworks');
  model.frameworks.forEach((framework, i) => {
    writeFramework(w, framework, outline, printed, i > 0);
  });
  if (model.unplacedFailingChecks.length > 0) {
    ensureSpace(doc, 140);
    const sect = w.section();
    w.heading(sect, 1, 'Other failing checks');
    doc.outline.addItem('Other failing checks');
    for (const check of model.unplacedFailingChecks) writeCheckEvidence(w, sect, check, printed);
  }
}

export function writeCoverageGaps(w: PdfWriter<ReportModel>): void {
  const { doc, model } = w;
  doc.addPage();
  doc.outline.addItem('Coverage gaps (not assessed)');
  const sect = w.section();
  w.heading(sect, 1, 'Coverage gaps (not assessed)');
  w.paragraph(
    sect,
    'These data sources, checks and requirements could not be evaluated from the data the reporter collected. Each reason names the missing data or permission. They are neither passed nor failed, and they do not count in any score.',
  );
  if (model.notAssessed.length === 0) {
    muted(w, sect, 'Everything in scope was assessed.');
    return;
  }
  w.table(
    sect,
    [
      { header: 'Scope', width: 95 },
      { header: 'Item', width: 150 },
      { header: 'Reason', width: '*' },
    ],
    model.notAssessed.map((item) => [
      { text: item.scope },
      { text: item.title ? `${item.id}\n${item.title}` : item.id },
      { text: item.reason },
    ]),
  );
}

function registerCounts(counts: { label: string; count: number }[]): string {
  return counts.map((c) => `${c.label}: ${c.count}`).join('  ·  ');
}

const REGISTER_STATE_COLOR: Record<string, string> = {
  active: STATUS_COLOR.pass,
  expiring: STATUS_COLOR['not-assessed'],
  expired: STATUS_COLOR.fail,
  unused: STATUS_COLOR['not-applicable'],
};

export function writeRegisters(w: PdfWriter<ReportModel>): void {
  const { doc, model } = w;
  const { registers } = model;
  doc.addPage();
  doc.outline.addItem('Waivers register');
  const sect = w.section();
  w.heading(sect, 1, 'Waivers register');
  w.paragraph(
    sect,
    'Accepted risks from the configuration: what each waiver covers, who approved it, why, and until when. An expired waiver no longer applies; an unused one matched nothing in this run.',
  );
  if (registers.waivers.length === 0) {
    muted(w, sect, 'No waivers are configured: every failing object is reported as failing.');
  } else {
    muted(w, sect, registerCounts(registers.waiverCounts));
    for (const group of registers.waiverGroups) {
      w.heading(sect, 3, `${group.label} (${group.rows.length})`, REGISTER_STATE_COLOR[group.state] ?? COLOR.ink, {
        keepWith: 40,
      });
      muted(w, sect, group.description);
      if (group.rows.length === 0) continue;
      w.table(
        sect,
        [
          { header: 'Waiver', width: 70 },
          { header: 'Check and scope', width: 130 },
          { header: 'Objects waived', width: 90 },
          { header: 'Reason and approver', width: '*' },
          { header: 'Expires', width: 80 },
        ],
        group.rows.map((r) => [
          { text: `${r.id}\n${r.stateLabel}`, bold: true, color: REGISTER_STATE_COLOR[r.state] },
          { text: `${r.check}\n${r.scope}` },
          { text: r.objectsText },
          { text: `${r.reason}\n${r.approvedText}` },
          { text: `${r.expires}\n${r.expiryText}` },
        ]),
      );
    }
    const waived = [...model.failingChecks, ...model.waivedChecks].flatMap((c) =>
      c.rows.filter((r) => r.status === 'waived').map((r) => ({ check: c.id, row: r })),
    );
    if (waived.length > 0) {
      w.heading(sect, 3, 'Objects waived in this run', COLOR.ink, { keepWith: 40 });
      const shown = waived.slice(0, WAIVED_OBJECTS_LIMIT);
      w.table(
        sect,
        [
          { header: 'Waiver', width: 70 },
          { header: 'Check', width: 150 },
          { header: 'Object', width: '*', font: FONT.mono },
        ],
        shown.map(({ check, row }) => [{ text: row.waiver, bold: true }, { text: check }, { text: row.object }]),
      );
      if (waived.length > shown.length)
        muted(w, sect, `… and ${waived.length - shown.length} more: findings.csv and results.json list every one`);
    }
  }

  ensureSpace(doc, 160);
  const attSect = w.section();
  w.heading(attSect, 1, 'Attestations register');
  doc.outline.addItem('Attestations register');
  w.paragraph(
    attSect,
    'A named person’s verdict on a requirement that has no automated evidence: the statement, when it was made, the evidence behind it, and until when it holds.',
  );
  if (registers.attestations.length === 0) {
    muted(w, attSect, 'No attestations are configured: manual requirements stay manual.');
    return;
  }
  muted(w, attSect, registerCounts(registers.attestationCounts));
  w.table(
    attSect,
    [
      { header: 'Attestation', width: 72 },
      { header: 'Requirement', width: 84 },
      { header: 'Verdict, by, on', width: 104 },
      { header: 'Statement and evidence', width: '*' },
      { header: 'Expires', width: 72 },
    ],
    registers.attestations.map((a) => [
      { text: `${a.id}\n${a.stateLabel}`, bold: true, color: REGISTER_STATE_COLOR[a.state] },
      { text: `${a.requirement}\n${a.settledText}` },
      { text: `${a.verdictLabel}\n${a.attestedBy}\n${a.date}` },
      { text: a.evidence ? `${a.statement}\nEvidence: ${a.evidence}` : a.statement },
      { text: `${a.expires}\n${a.expiryText}` },
    ]),
  );
}

/** EKS add-ons the pod-security checks did not judge: small, after the registers, never hidden. */
export function writePlatformExemptions(w: PdfWriter<ReportModel>): void {
  const { doc, model } = w;
  ensureSpace(doc, 160);
  const sect = w.section();
  w.heading(sect, 1, 'Platform exemptions');
  doc.outline.addItem('Platform exemptions');
  w.paragraph(
    sect,
    'EKS add-ons need privileges by design. A workload is exempt from the pod-security checks only when its namespace, its name and every one of its images match an add-on as AWS publishes it (images from AWS’s add-on registries); a lookalike is judged like any workload.',
  );
  if (model.platformExemptions.length === 0) {
    muted(w, sect, 'No workload was exempt as an EKS add-on in this run.');
    return;
  }
  w.table(
    sect,
    [
      { header: 'Workload', width: 110, font: FONT.mono },
      { header: 'Add-on and images', width: 130 },
      { header: 'Why it needs it', width: 120 },
      { header: 'Not judged by', width: '*' },
    ],
    model.platformExemptions.map((r) => [
      { text: r.object, bold: true },
      { text: `${r.addon}\n${r.images.join('\n')}` },
      { text: r.reason },
      { text: r.checks.join('\n') },
    ]),
  );
}

function glossaryTable(w: PdfWriter, sect: Struct, title: string, entries: { term: string; definition: string }[]) {
  w.table(
    sect,
    [
      { header: title, width: 120 },
      { header: 'Meaning', width: '*' },
    ],
    entries.map((e) => [{ text: e.term, bold: true }, { text: e.definition }]),
  );
}

export function writeAppendix(w: PdfWriter<ReportModel>): void {
  const { doc, model } = w;
  const { appendix, sources } = model;
  doc.addPage();
  const outline = doc.outline.addItem('Appendix');
  const sect = w.section();
  w.heading(sect, 1, 'Appendix');

  outline.addItem('Method');
  w.heading(sect, 2, 'Method');
  for (const paragraph of appendix.method) w.labelled(sect, paragraph.lead, paragraph.text);

  w.heading(sect, 2, 'Data sources', COLOR.accent, { keepWith: 80 });
  outline.addItem('Data sources');
  w.paragraph(sect, sources.summaryText);
  if (sources.rows.length > 0) {
    w.table(
      sect,
      [
        { header: 'Source', width: 130 },
        { header: 'Origin', width: 78 },
        { header: 'Status', width: 66 },
        { header: 'Items', width: 46, align: 'right' },
        { header: 'Permission; reason when not collected', width: '*' },
      ],
      sources.rows.map((s) => [
        { text: s.title, bold: true },
        { text: s.origin },
        statusCell(s.status === 'collected' ? 'pass' : 'not-assessed', s.statusLabel),
        { text: s.countText },
        { text: s.reason ? `${s.permission}\n${s.reason}` : s.permission },
      ]),
    );
  }

  w.heading(sect, 2, 'Score formula', COLOR.accent, { keepWith: 80 });
  outline.addItem('Score formula');
  if (appendix.formula.summary) w.paragraph(sect, appendix.formula.summary, { font: FONT.mono, size: 8 });
  w.bullets(sect, appendix.formula.lines);

  w.heading(sect, 2, 'Glossary', COLOR.accent, { keepWith: 100 });
  outline.addItem('Glossary');
  glossaryTable(w, sect, 'Status', appendix.statuses);
  glossaryTable(w, sect, 'Severity (weight)', appendix.severities);
  glossaryTable(w, sect, 'Register state', appendix.registerStates);
  glossaryTable(w, sect, 'Term', appendix.terms);
}
