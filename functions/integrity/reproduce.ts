/**
 * Re-performance: evaluate the signed snapshot again with this build and the run's recorded inputs (frameworks,
 * approved registries, waivers, attestations, run id and time), and compare every verdict with results.json. Each
 * difference comes with the likeliest reason: another tool version, another catalog, other waivers or attestations
 * (when the auditor re-evaluates under another config), or, with all of those the same, an edited results.json.
 */
import { configuredChecks } from '../checks/registry.js';
import { FRAMEWORKS } from '../frameworks/index.js';
import type { Snapshot } from '../model/snapshot.js';
import { evaluate } from '../scoring/evaluate.js';
import type { ScanResults } from '../scoring/results.js';
import { TOOL_VERSION } from '../version.js';
import type { CatalogIdentity } from './catalog.js';
import type { EvaluationInputs, RunManifest } from './manifest.js';
import { currentCatalog } from './seal.js';

export interface VerdictDifference {
  /** "check pod-privileged", "requirement cis-eks-1.8.0 4.2.1", "score". */
  subject: string;
  was: string;
  now: string;
  why: string;
}

export interface Reproduction {
  checks: { total: number; same: number };
  requirements: { total: number; same: number };
  score: { was: number; now: number };
  differences: VerdictDifference[];
  /** What differs between the run and this re-evaluation, before any verdict is compared. */
  context: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Evaluates `snapshot` as the run did (or under `inputs`, an auditor's other config). */
export function reevaluate(snapshot: Snapshot, results: ScanResults, inputs: EvaluationInputs): ScanResults {
  return evaluate(snapshot, {
    frameworks: inputs.frameworks ?? undefined,
    checks: configuredChecks({ approvedRegistries: inputs.approvedRegistries ?? undefined }),
    runId: results.runId,
    generatedAt: results.generatedAt,
    waivers: inputs.waivers,
    attestations: inputs.attestations,
  });
}

function contextOf(manifest: RunManifest, inputs: EvaluationInputs, catalog: CatalogIdentity): string[] {
  const out: string[] = [];
  if (manifest.tool.version !== TOOL_VERSION) {
    out.push(`the run was evaluated by version ${manifest.tool.version}, this is ${TOOL_VERSION}`);
  }
  if (manifest.catalog?.sha256 !== catalog.sha256) {
    out.push(`the catalog differs (run ${manifest.catalog?.sha256 ?? 'unknown'}, now ${catalog.sha256})`);
  }
  const recorded = manifest.evaluation;
  if (!same(recorded.waivers, inputs.waivers)) out.push('the waivers differ from the run’s');
  if (!same(recorded.attestations, inputs.attestations)) out.push('the attestations differ from the run’s');
  const all = FRAMEWORKS.map((f) => f.id);
  if (!same([...(recorded.frameworks ?? all)].sort(), [...(inputs.frameworks ?? all)].sort())) {
    out.push('the frameworks differ from the run’s');
  }
  if (!same(recorded.approvedRegistries, inputs.approvedRegistries)) {
    out.push('the approved registries differ from the run’s');
  }
  return out;
}

export function reproduce(
  manifest: RunManifest,
  snapshot: Snapshot,
  results: ScanResults,
  inputs: EvaluationInputs = manifest.evaluation,
): Reproduction {
  const catalog = currentCatalog();
  const now = reevaluate(snapshot, results, inputs);
  const context = contextOf(manifest, inputs, catalog);
  const versionWhy =
    context.find((c) => c.startsWith('the run was evaluated by version') || c.startsWith('the catalog')) ??
    'same tool, catalog and inputs: results.json does not hold what this snapshot gives (edited after evaluation?)';
  const differences: VerdictDifference[] = [];

  const nowChecks = new Map(now.checks.map((c) => [c.id, c]));
  let sameChecks = 0;
  for (const check of results.checks) {
    const again = nowChecks.get(check.id);
    if (!again) {
      differences.push({
        subject: `check ${check.id}`,
        was: check.status,
        now: '(absent)',
        why: 'not in this build’s catalog',
      });
      continue;
    }
    const waivedChanged = !same(
      check.waived.map((w) => w.waiver),
      again.waived.map((w) => w.waiver),
    );
    if (check.status === again.status && check.failing.length === again.failing.length && !waivedChanged) {
      sameChecks++;
      continue;
    }
    differences.push({
      subject: `check ${check.id}`,
      was: `${check.status} (${check.failing.length} failing, ${check.waived.length} waived)`,
      now: `${again.status} (${again.failing.length} failing, ${again.waived.length} waived)`,
      why: waivedChanged && context.includes('the waivers differ from the run’s') ? 'the waivers changed' : versionWhy,
    });
  }
  const originalIds = new Set(results.checks.map((c) => c.id));
  for (const c of now.checks) {
    if (!originalIds.has(c.id)) {
      differences.push({
        subject: `check ${c.id}`,
        was: '(absent)',
        now: c.status,
        why: `new in this build: ${versionWhy}`,
      });
    }
  }

  let totalRequirements = 0;
  let sameRequirements = 0;
  const nowFrameworks = new Map(now.frameworks.map((f) => [f.id, f]));
  for (const fw of results.frameworks) {
    const againFw = nowFrameworks.get(fw.id);
    const againReqs = new Map((againFw?.requirements ?? []).map((r) => [r.id, r]));
    for (const req of fw.requirements) {
      totalRequirements++;
      const again = againReqs.get(req.id);
      if (again && again.status === req.status && again.attestation?.id === req.attestation?.id) {
        sameRequirements++;
        continue;
      }
      const byPerson =
        (req.attestation || again?.attestation) && context.includes('the attestations differ from the run’s');
      const byWaiver =
        (req.status === 'waived' || again?.status === 'waived') &&
        context.includes('the waivers differ from the run’s');
      differences.push({
        subject: `requirement ${fw.id} ${req.id}`,
        was: req.status,
        now: again?.status ?? '(absent)',
        why: byPerson
          ? 'the attestations changed'
          : byWaiver
            ? 'the waivers changed'
            : again
              ? versionWhy
              : 'not in this build’s catalog',
      });
    }
  }
  if (now.summary.score !== results.summary.score) {
    differences.push({
      subject: 'score',
      was: String(results.summary.score),
      now: String(now.summary.score),
      why: 'follows from the verdicts above',
    });
  }
  return {
    checks: { total: results.checks.length, same: sameChecks },
    requirements: { total: totalRequirements, same: sameRequirements },
    score: { was: results.summary.score, now: now.summary.score },
    differences,
    context,
  };
}
