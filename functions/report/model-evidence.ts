/**
 * A check's evidence as the report prints it: the calls it read, which part of the population it read when it read a
 * sample (the kubelet checks), and the sample of evaluated objects with the value observed on each, with a note on
 * what the sample leaves out and where the rest is. The same view feeds the PDF and the HTML.
 */
import type { CheckResult } from '../scoring/results.js';
import { countText, plural } from './plural.js';

export interface EvidenceSampleRow {
  kind: string;
  /** "namespace/name", or the name of a cluster-scoped object. */
  object: string;
  observed: string;
  /** The object is one of the check's failing objects (failing objects come first in the sample). */
  failing: boolean;
}

export interface CheckEvidenceView {
  /** "Evidence: what was read and 10 objects observed (a sample of 27)", for the HTML's collapsed block. */
  summary: string;
  /** "list clusterrolebindings, eks:DescribeCluster", or '' when the check declared no input. */
  sources: string;
  /** Which nodes were read and which were not, for a sampled read; '' otherwise. */
  coverage: string;
  rows: EvidenceSampleRow[];
  /** "Showing 10 of 27 objects observed (17 more) …", or "" when the sample is every object observed. */
  moreText: string;
}

const key = (o: { kind: string; namespace: string | null; name: string }) =>
  `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}`;

/** Where the rest of a capped sample is, in words the PDF and HTML share. */
export function sampleMoreText(shown: number, observed: number): string {
  if (observed <= shown) return '';
  return (
    `Showing ${shown} of ${observed} objects observed (${observed - shown} more, not listed). ` +
    'results.json keeps this sample in checks[].evidence; every failing object is listed in checks[].failing and ' +
    'findings.csv.'
  );
}

export function checkEvidenceView(check: CheckResult): CheckEvidenceView {
  const evidence = check.evidence;
  const failing = new Set(check.failing.map(key));
  const rows = (evidence?.sample ?? []).map((o) => ({
    kind: o.kind,
    object: o.namespace ? `${o.namespace}/${o.name}` : o.name,
    observed: o.observed,
    failing: failing.has(key(o)),
  }));
  const observed = evidence?.observedObjects ?? rows.length;
  const objects = `${plural(rows.length, 'object')} observed`;
  return {
    summary: `Evidence: what was read and ${objects}${observed > rows.length ? ` (a sample of ${countText(observed)})` : ''}`,
    sources: (evidence?.sources ?? []).join(', '),
    coverage: evidence?.coverage ?? '',
    rows,
    moreText: sampleMoreText(rows.length, observed),
  };
}
