/**
 * The report's platform-exemptions section: every EKS add-on a check did not judge, once per workload, with the
 * checks that exempted it, why the add-on needs it, and what those checks would have reported. Never hidden.
 */
import type { ScanResults } from '../scoring/results.js';

export interface PlatformExemptionRow {
  object: string;
  addon: string;
  images: string[];
  reason: string;
  /** "pod-privileged-container: securityContext.privileged is true in container kube-proxy", one per line. */
  checks: string[];
}

export function platformExemptionRows(results: ScanResults): PlatformExemptionRow[] {
  const byObject = new Map<string, PlatformExemptionRow>();
  for (const check of results.checks) {
    for (const e of check.platformExemptions ?? []) {
      const object = `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`;
      const row = byObject.get(object) ?? {
        object,
        addon: e.addon,
        images: [...e.images],
        reason: e.reason,
        checks: [],
      };
      row.checks.push(`${check.id}: ${e.observed.join('; ')}`);
      byObject.set(object, row);
    }
  }
  return [...byObject.values()].sort((a, b) => a.object.localeCompare(b.object));
}
