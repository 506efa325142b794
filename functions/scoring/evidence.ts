/**
 * A check's evidence for results.json: the read-only calls its verdict rests on, derived from its declared inputs
 * (the same tables the scan policy and `sources[]` use), and a sample of the objects it evaluated with the value
 * observed on each, failing objects first, so a pass is shown and not only asserted.
 */
import type { CheckInput, Finding, Observation } from '../checks/types.js';
import { AWS_FACT_SOURCES } from '../model/aws-fact-sources.js';
import type { AwsFactName } from '../model/aws-facts.js';
import { LIST_RESOURCES, listPermission } from '../model/kube-resources.js';
import { KUBELET_CONFIG_PERMISSION } from '../model/kubelet-sampling.js';
import type { CheckEvidence } from './results.js';
import { AWS_AUTH_PERMISSION } from './sources.js';

/** Objects kept in `evidence.sample`. */
export const EVIDENCE_SAMPLE_LIMIT = 10;

function inputSources(input: CheckInput): string[] {
  switch (input.kind) {
    case 'kubernetes': {
      const resource = LIST_RESOURCES.find((r) => r.inventory === input.inventory);
      return [resource ? listPermission(resource) : `list ${input.inventory}`];
    }
    case 'kubelet-config':
      return [KUBELET_CONFIG_PERMISSION];
    case 'aws-auth':
      return [AWS_AUTH_PERMISSION];
    case 'aws': {
      const known = AWS_FACT_SOURCES[input.fact as AwsFactName];
      return known ? known.actions.map((a) => a.action) : [`aws:${input.fact}`];
    }
  }
}

/** The read-only calls behind a check's inputs, each once, in input order. */
export function evidenceSources(inputs: readonly CheckInput[]): string[] {
  return [...new Set(inputs.flatMap(inputSources))];
}

const key = (o: { kind: string; namespace: string | null; name: string }) =>
  `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}`;

/** Failing objects first (their message is what was observed), then passing observations, each object once. */
export function evidenceSample(failing: readonly Finding[], observed: readonly Observation[]): Observation[] {
  const out: Observation[] = [];
  const seen = new Set<string>();
  const add = (o: Observation) => {
    if (out.length >= EVIDENCE_SAMPLE_LIMIT || seen.has(key(o))) return;
    seen.add(key(o));
    out.push({ kind: o.kind, namespace: o.namespace ?? null, name: o.name, observed: o.observed });
  };
  for (const f of failing) add({ kind: f.kind, namespace: f.namespace, name: f.name, observed: f.message });
  for (const o of observed) add(o);
  return out;
}

/** How many distinct objects the check observed or found failing: what `sample` is a sample of. */
export function observedObjects(failing: readonly Finding[], observed: readonly Observation[]): number {
  const keys = new Set<string>();
  for (const f of failing) keys.add(key(f));
  for (const o of observed) keys.add(key(o));
  return keys.size;
}

export function checkEvidence(
  inputs: readonly CheckInput[],
  failing: readonly Finding[],
  observed: readonly Observation[],
  coverage?: string,
): CheckEvidence {
  return {
    sources: evidenceSources(inputs),
    sample: evidenceSample(failing, observed),
    observedObjects: observedObjects(failing, observed),
    ...(coverage !== undefined ? { coverage } : {}),
  };
}
