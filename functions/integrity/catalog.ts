/**
 * The catalog's identity, for the manifest: which frameworks (with their versions) and how many checks, and the
 * SHA-256 of the catalog's data (every check's id, title, severity, references, risk areas and inputs; every
 * framework's requirements and their mapping to checks). Two builds with the same digest map the same checks to the
 * same requirements; a re-evaluation under another digest may differ for that reason alone.
 */
import { createHash } from 'node:crypto';
import type { CheckDefinition } from '../checks/types.js';
import type { FrameworkDefinition } from '../frameworks/types.js';

export interface CatalogIdentity {
  /** `<framework id>@<version>`, in catalog order. */
  frameworks: string[];
  checks: number;
  /** `sha256:<hex>` of the catalog's data (the checks' logic is the tool version's). */
  sha256: string;
}

export function catalogIdentity(
  checks: readonly CheckDefinition[],
  frameworks: readonly FrameworkDefinition[],
): CatalogIdentity {
  // JSON.stringify leaves out each check's `evaluate` function: the digest is over data only.
  const data = JSON.stringify({ checks, frameworks });
  return {
    frameworks: frameworks.map((f) => `${f.id}@${f.version}`),
    checks: checks.length,
    sha256: `sha256:${createHash('sha256').update(data).digest('hex')}`,
  };
}
