/**
 * A check's evidence in report.pdf: the calls it read, which nodes it read when it read a sample of them, and the
 * sample of evaluated objects with the value observed on each, nothing cut (cells wrap). Each check's evidence is
 * printed once; every other requirement it serves links to it.
 */
import type { CheckEvidenceView } from './model-evidence.js';
import type { EvidenceRequirement, RequirementCheckEvidence } from './model-requirements.js';
import { COLOR } from './pdf-colors.js';
import { FONT } from './pdf-fonts.js';
import { contentWidth, ensureSpace, type PdfWriter, type Struct } from './pdf-writer.js';

/** Where each check's evidence was printed (failing checks and passing ones share it): page and destination. */
export type PrintedEvidence = Map<string, { page: number; destination: string }>;

function muted(w: PdfWriter, sect: Struct, text: string): void {
  w.paragraph(sect, text, { size: 8.5, color: COLOR.muted });
}

/**
 * The sources, the coverage and the sample. `passingOnly` leaves out the failing objects, for a failing check whose
 * failing objects are already listed above it.
 */
export function writeEvidenceView(
  w: PdfWriter,
  sect: Struct,
  view: CheckEvidenceView,
  options: { passingOnly?: boolean } = {},
): void {
  // Keep the short lines about what was read on one page with what follows them.
  ensureSpace(w.doc, 60);
  if (view.sources) w.labelled(sect, 'Read:', view.sources);
  if (view.coverage) w.labelled(sect, 'Sampled:', view.coverage);
  const rows = options.passingOnly ? view.rows.filter((r) => !r.failing) : view.rows;
  if (rows.length === 0) {
    if (!options.passingOnly) muted(w, sect, 'No object was evaluated.');
    return;
  }
  if (options.passingOnly) {
    ensureSpace(w.doc, 70);
    muted(w, sect, 'Also evaluated, without a finding (sample):');
  }
  w.table(
    sect,
    [
      { header: 'Kind', width: 90 },
      { header: 'Namespace / name', width: 150, font: FONT.mono },
      { header: 'Observed value', width: '*' },
    ],
    rows.map((r) => [{ text: r.kind }, { text: r.object }, { text: r.observed }]),
  );
  if (view.moreText) muted(w, sect, view.moreText);
}

/** One check of a requirement: its summary line, then its evidence the first time, a link to it afterwards. */
function writeCheckOnce(w: PdfWriter, sect: Struct, c: RequirementCheckEvidence, printed: PrintedEvidence): void {
  const place = printed.get(c.id);
  if (place) {
    w.link(sect, `${c.summary}. Evidence printed on page ${place.page}.`, place.destination, { size: 8.5 });
    return;
  }
  const destination = `dest-evidence-${c.id}`;
  printed.set(c.id, { page: w.pageNumber(), destination });
  w.doc
    .font(FONT.regular)
    .fontSize(8.5)
    .fillColor(COLOR.ink)
    .text(c.summary, w.doc.page.margins.left, w.doc.y, {
      width: contentWidth(w.doc),
      structParent: sect,
      structType: 'P',
      destination,
    });
  w.doc.moveDown(0.2);
  writeEvidenceView(w, sect, c.view);
}

/** Under a failing requirement, after its failing checks: the checks that did not fail, with their evidence. */
export function writeOtherChecks(
  w: PdfWriter,
  sect: Struct,
  checks: readonly RequirementCheckEvidence[],
  printed: PrintedEvidence,
): void {
  if (checks.length === 0) return;
  ensureSpace(w.doc, 60);
  w.paragraph(sect, 'Its other checks', { size: 9, font: FONT.bold });
  for (const c of checks) writeCheckOnce(w, sect, c, printed);
}

/**
 * After a framework's passing-requirements table: for each of those requirements, each check's evidence, printed
 * the first time the check comes up and linked from then on.
 */
export function writePassingEvidence(
  w: PdfWriter,
  requirements: readonly EvidenceRequirement[],
  printed: PrintedEvidence,
): void {
  const withChecks = requirements.filter((r) => r.evidence.length > 0);
  if (withChecks.length === 0) return;
  const sect = w.section();
  w.heading(sect, 3, 'Evidence for the passing requirements', COLOR.accent, { keepWith: 80 });
  muted(
    w,
    sect,
    'For each passing, waived or not-applicable requirement, what each of its checks read and a sample of the ' +
      'objects it evaluated with the value observed on each. A check that serves several requirements is printed ' +
      'once and linked from the others.',
  );
  for (const r of withChecks) {
    ensureSpace(w.doc, 90);
    w.paragraph(sect, `${r.id}  ${r.title}`, { size: 9.5, font: FONT.bold });
    for (const c of r.evidence) writeCheckOnce(w, sect, c, printed);
    w.doc.moveDown(0.3);
  }
}
