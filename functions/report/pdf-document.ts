/**
 * The document-control pages of report.pdf: the sign-off page (prepared, reviewed, approved; classification and
 * distribution from the config), the table of contents, filled in once every heading has its page, and the
 * Limitations section. pdfkit's public API only: the contents pages are reserved as blank pages while writing, and
 * filled through `switchToPage` (the document buffers its pages) before the document ends.
 */
import type { ReportModel } from './model.js';
import { COLOR } from './pdf-colors.js';
import { FONT } from './pdf-fonts.js';
import { contentWidth, ensureSpace, type PdfWriter, type Struct } from './pdf-writer.js';

const CONTENTS_TITLE = 'Contents';
/** The contents' line height and the room its title takes on the first contents page. */
const ENTRY_HEIGHT = 15;
const TITLE_ROOM = 48;
const SIGNATURE_ROW_HEIGHT = 44;

export function writeDocumentControl(w: PdfWriter<ReportModel>): void {
  const { doc, model } = w;
  const { signOff } = model.document;
  doc.addPage();
  doc.outline.addItem('Document control');
  const sect = w.section();
  w.heading(sect, 1, 'Document control');
  w.table(
    sect,
    [
      { header: 'Item', width: 120 },
      { header: 'Value', width: '*' },
    ],
    [
      [{ text: 'Document', bold: true }, { text: `${model.title} (run ${model.runId})` }],
      [
        { text: 'Classification', bold: true },
        { text: signOff.classification, color: signOff.classified ? COLOR.ink : COLOR.muted, bold: signOff.classified },
      ],
      [{ text: 'Prepared by', bold: true }, { text: signOff.preparedBy }],
      [{ text: 'Prepared on', bold: true }, { text: signOff.preparedOn }],
      [
        { text: 'Distribution', bold: true },
        {
          text:
            signOff.distribution.length > 0
              ? `${signOff.distribution.join('\n')}\n(from ${signOff.distributionSource})`
              : `Not set (${signOff.distributionSource})`,
        },
      ],
    ],
  );

  w.heading(sect, 2, 'Sign-off', COLOR.accent, { keepWith: 200 });
  w.paragraph(
    sect,
    'The report was prepared automatically; the reviewer checks its scope, limitations and findings, and the approver accepts it as evidence for the period it covers.',
    { size: 9 },
  );
  writeSignatureTable(w, sect, signOff.roles, [
    'Prepared by',
    `${model.tool.name} ${model.tool.version} (automated)`,
    model.generatedDate,
    'generated; its evidence manifest is on the cover',
  ]);
}

/** Role, name, date and signature: the tool's own row filled in, then blank boxes tall enough to sign in. */
function writeSignatureTable(w: PdfWriter, sect: Struct, roles: readonly string[], prepared: string[]): void {
  const { doc } = w;
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const columns = [
    { header: 'Role', width: 95 },
    { header: 'Name', width: 150 },
    { header: 'Date', width: 80 },
    { header: 'Signature', width: width - 95 - 150 - 80 },
  ];
  const table = doc.struct('Table');
  sect.add(table);
  const fontOf = (header: boolean, i: number) => (header || i === 0 ? FONT.bold : FONT.regular);
  const row = (cells: string[], minHeight: number, header: boolean) => {
    // Cells wrap: the row is as tall as its tallest cell, and never shorter than the room to sign in.
    const height = Math.max(
      minHeight,
      ...cells.map(
        (text, i) =>
          doc
            .font(fontOf(header, i))
            .fontSize(9)
            .heightOfString(text || ' ', { width: columns[i].width - 8 }) + 8,
      ),
    );
    ensureSpace(doc, height);
    const tr = doc.struct('TR');
    table.add(tr);
    let x = left;
    const y = doc.y;
    cells.forEach((text, i) => {
      const cellWidth = columns[i].width;
      w.artifact(() => {
        if (header) doc.rect(x, y, cellWidth, height).fill(COLOR.soft);
        doc.rect(x, y, cellWidth, height).lineWidth(0.5).strokeColor(COLOR.line).stroke();
      });
      const cell = doc.struct(header ? 'TH' : 'TD');
      tr.add(cell);
      doc
        .font(fontOf(header, i))
        .fontSize(9)
        .fillColor(COLOR.ink)
        .text(text || ' ', x + 4, y + 4, { width: cellWidth - 8, structParent: cell });
      cell.end();
      x += cellWidth;
    });
    tr.end();
    doc.x = left;
    doc.y = y + height;
  };
  row(
    columns.map((c) => c.header),
    18,
    true,
  );
  row(prepared, 18, false);
  for (const role of roles) row([role, '', '', ''], SIGNATURE_ROW_HEIGHT, false);
  table.end();
  doc.moveDown(0.8);
}

/** How many entries a contents page holds (the first one less its title). */
function entriesPerPage(w: PdfWriter): { first: number; next: number } {
  const { doc } = w;
  const height = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
  return { first: Math.floor((height - TITLE_ROOM) / ENTRY_HEIGHT), next: Math.floor(height / ENTRY_HEIGHT) };
}

/** The pages the contents need for `entries` headings. */
function contentsPagesFor(w: PdfWriter, entries: number): number {
  const { first, next } = entriesPerPage(w);
  return entries <= first ? 1 : 1 + Math.ceil((entries - first) / next);
}

export interface ReservedContents {
  /** 0-based index of the first reserved page. */
  firstPage: number;
  pages: number;
  sect: Struct;
}

/** Blank pages for the contents, in reading order; `fillContents` writes them once every heading is placed. */
export function reserveContents(w: PdfWriter<ReportModel>, pages: number): ReservedContents {
  const { doc } = w;
  doc.addPage();
  doc.outline.addItem(CONTENTS_TITLE);
  const firstPage = w.pageNumber() - 1;
  for (let i = 1; i < pages; i++) doc.addPage();
  return { firstPage, pages, sect: w.section() };
}

/**
 * Writes the contents on the reserved pages: every level 1 and 2 heading outside them, with the page it landed on,
 * linked to it. Writes nothing and returns the pages needed when that is more than were reserved.
 */
export function fillContents(w: PdfWriter<ReportModel>, reserved: ReservedContents): { pagesNeeded?: number } {
  const { doc } = w;
  const firstContentPage = reserved.firstPage + reserved.pages + 1;
  const entries = w.headings.filter((h) => h.page >= firstContentPage || h.page <= reserved.firstPage);
  const pagesNeeded = contentsPagesFor(w, entries.length);
  if (pagesNeeded > reserved.pages) return { pagesNeeded };
  const { first, next } = entriesPerPage(w);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  let index = 0;
  for (let p = 0; p < reserved.pages; p++) {
    doc.switchToPage(reserved.firstPage + p);
    doc.x = left;
    doc.y = doc.page.margins.top;
    if (p === 0) {
      doc.font(FONT.bold).fontSize(18).fillColor(COLOR.accent).text(CONTENTS_TITLE, left, doc.y, {
        width,
        structParent: reserved.sect,
        structType: 'H1',
      });
      doc.y = doc.page.margins.top + TITLE_ROOM;
    } else {
      // Within the top margin, so a continued page holds as many entries as any other.
      doc.font(FONT.bold).fontSize(9).fillColor(COLOR.muted);
      w.artifact(() => doc.text(`${CONTENTS_TITLE} (continued)`, left, doc.page.margins.top - 12, { width }));
      doc.y = doc.page.margins.top;
    }
    const capacity = p === 0 ? first : next;
    for (const h of entries.slice(index, index + capacity)) {
      const y = doc.y;
      const indent = h.level === 1 ? 0 : 16;
      const entry = doc.struct('P');
      reserved.sect.add(entry);
      doc
        .font(h.level === 1 ? FONT.bold : FONT.regular)
        .fontSize(h.level === 1 ? 10 : 9.5)
        .fillColor(COLOR.ink);
      doc.text(h.text, left + indent, y, {
        width: width - indent - 44,
        lineBreak: false,
        ellipsis: false,
        goTo: h.destination,
        continued: false,
        structParent: entry,
      });
      doc.text(`${h.page}`, left, y, {
        width,
        align: 'right',
        lineBreak: false,
        goTo: h.destination,
        structParent: entry,
      });
      entry.end();
      doc.x = left;
      doc.y = y + ENTRY_HEIGHT;
    }
    index += capacity;
  }
  return {};
}

export function writeLimitations(w: PdfWriter<ReportModel>): void {
  const { doc, model } = w;
  doc.addPage();
  doc.outline.addItem('Limitations');
  const sect = w.section();
  w.heading(sect, 1, 'Limitations');
  w.paragraph(
    sect,
    `What this assessment cannot see. Read the verdicts with these in mind; each is derived from this run. Scanned as ${model.document.identityText}.`,
  );
  for (const limitation of model.document.limitations) {
    w.labelled(sect, `${limitation.title}.`, limitation.text);
    if (limitation.items.length > 0) w.bullets(sect, limitation.items, { size: 8.5 });
  }
}
