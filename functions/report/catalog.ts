/**
 * The catalog text a report shows beside the results: a check's rationale and remediation, and the guidance an
 * auditor needs for a manual requirement. results.json carries ids, titles and statuses but not this prose, so it
 * comes from the check registry and the framework definitions. Kept in one module so renderers (and tests) can
 * swap the source.
 */
import { checkById } from '../checks/registry.js';
import { FRAMEWORKS } from '../frameworks/index.js';
import type { FrameworkDefinition } from '../frameworks/types.js';

export interface CheckCatalogText {
  rationale: string;
  remediation: string;
  /** How the check deliberately differs from the benchmark's audit or its peers (absent: it follows them). */
  deviation?: string;
}

export interface ReportCatalog {
  check(id: string): CheckCatalogText | undefined;
  /** What an auditor should look at for a manual (or not-assessable) requirement. */
  requirementGuidance(frameworkId: string, requirementId: string): string | undefined;
}

export function catalogFromDefinitions(definitions: readonly FrameworkDefinition[]): ReportCatalog {
  return {
    check(id) {
      const def = checkById(id);
      if (!def) return undefined;
      const text: CheckCatalogText = { rationale: def.rationale, remediation: def.remediation };
      if (def.deviation) text.deviation = def.deviation;
      return text;
    },
    requirementGuidance(frameworkId, requirementId) {
      const framework = definitions.find((f) => f.id === frameworkId);
      const requirement = framework?.requirements.find((r) => r.id === requirementId);
      return requirement?.manualGuidance ?? requirement?.notAssessableReason;
    },
  };
}

/** The check registry and the framework definitions shipped with this build. */
export function defaultCatalog(): ReportCatalog {
  return catalogFromDefinitions(FRAMEWORKS);
}
