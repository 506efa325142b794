export { type CheckCatalogText, catalogFromDefinitions, defaultCatalog, type ReportCatalog } from './catalog.js';
export { CSV_COLUMNS, csvCell, neutraliseFormula, renderCsv } from './csv.js';
export { renderHtml } from './html.js';
export { renderResultsJson, sha256Hex } from './json.js';
export { buildReportModel, FINDINGS_ROW_LIMIT, type ReportInput, type ReportModel } from './model.js';
export { type PdfInput, renderPdf } from './pdf.js';
