export { type CheckCatalogText, catalogFromDefinitions, defaultCatalog, type ReportCatalog } from './catalog.js';
export { CSV_COLUMNS, csvCell, neutraliseFormula, renderCsv } from './csv.js';
export {
  buildEmailModel,
  EMAIL_TOP_NEW_FAILURES,
  type EmailClusterInput,
  type EmailInput,
  type EmailModel,
  emailSubject,
  type LinkExpiryLimit,
  type LinkTerms,
  type RenderedEmail,
  type ReportLinks,
  renderEmail,
  SUBJECT_MAX_LENGTH,
  safeLink,
} from './email.js';
export { escapeXml, escapeXmlAttribute, singleLine } from './escape.js';
export {
  buildFleetModel,
  cisSection,
  FLEET_WORST_LIMIT,
  type FleetModel,
  heatFill,
  renderFleetHtml,
  renderFleetPdf,
} from './fleet.js';
export {
  type CheckChange,
  compareRuns,
  earlierRuns,
  type RunComparison,
  type RunRef,
  TREND_RUNS,
  type TrendSample,
  trend,
} from './history.js';
export { renderHtml } from './html.js';
export { renderResultsJson, resultsJsonChunks, sha256Hex } from './json.js';
export { JUNIT_OBJECT_LIMIT, renderJunit } from './junit.js';
export {
  buildReportModel,
  CHANGES_LIST_LIMIT,
  FINDINGS_ROW_LIMIT,
  type ReportInput,
  type ReportModel,
  TOP_RISKS_MAX,
  TOP_RISKS_MIN,
} from './model.js';
export { type RegistersModel, registersModel, type SourcesModel, sourcesModel } from './model-scope.js';
export { type PdfInput, renderPdf } from './pdf.js';
export { REQUIREMENTS_CSV_COLUMNS, renderRequirementsCsv } from './requirements-csv.js';
export {
  buildSarif,
  renderSarif,
  SARIF_SCHEMA,
  SARIF_VERSION,
  type SarifLog,
  type SarifOptions,
  type SourceLocation,
} from './sarif.js';
