/**
 * What an engineer reads in the HTML report: the failing objects grouped by namespace, each with what to change
 * (namespace → failing objects → the checks they fail, with the observed value and a link to the remediation), and
 * remediation prose split so that the commands in it (`kubectl …`, `aws …`) can be set as code blocks.
 */

import type { Severity } from '../checks/types.js';
import { severityRank } from '../checks/types.js';
import type { ScanResults } from '../scoring/results.js';
import { plural } from './plural.js';

/** Objects listed per namespace; the rest is counted, findings.csv lists every one. */
export const NAMESPACE_FIX_OBJECTS_LIMIT = 50;

/** One change to make on an object: the check it fails, what was observed, where the remediation is. */
export interface ObjectFix {
  checkId: string;
  checkTitle: string;
  /** The check's section in the report (its rationale, every finding and the remediation). */
  anchor: string;
  severity: Severity;
  severityLabel: string;
  message: string;
}

export interface ObjectFixes {
  kind: string;
  name: string;
  /** Its most severe fix first. */
  fixes: ObjectFix[];
}

export interface NamespaceFixes {
  /** "" for cluster-scoped objects. */
  namespace: string;
  /** "payments", or "Cluster-scoped objects". */
  label: string;
  anchor: string;
  /** The most severe of its fixes, for the severity filter and the border colour. */
  severity: Severity;
  /** Severities of its fixes, space-separated, for the severity filter. */
  severities: string;
  /** "3 objects, 5 findings". */
  countText: string;
  objects: ObjectFixes[];
  /** "… and 12 more objects in this namespace: findings.csv lists every one", or "". */
  moreText: string;
}

interface Labels {
  severityLabel: (severity: Severity) => string;
  checkAnchor: (checkId: string) => string;
  namespaceAnchor: (namespace: string) => string;
}

/**
 * Every failing finding of the run, by namespace (alphabetical, cluster-scoped objects last), object (most severe
 * first) and check. Waived objects are not listed: nothing is to change on them while their waiver holds.
 */
export function namespaceFixes(results: ScanResults, labels: Labels): NamespaceFixes[] {
  const byNamespace = new Map<string, Map<string, ObjectFixes>>();
  for (const check of results.checks) {
    if (check.status !== 'fail') continue;
    for (const finding of check.failing) {
      const namespace = finding.namespace ?? '';
      const objects = byNamespace.get(namespace) ?? new Map<string, ObjectFixes>();
      byNamespace.set(namespace, objects);
      const key = `${finding.kind}\u0000${finding.name}`;
      const object = objects.get(key) ?? { kind: finding.kind, name: finding.name, fixes: [] };
      objects.set(key, object);
      object.fixes.push({
        checkId: check.id,
        checkTitle: check.title,
        anchor: labels.checkAnchor(check.id),
        severity: check.severity,
        severityLabel: labels.severityLabel(check.severity),
        message: finding.message,
      });
    }
  }
  const worst = (fixes: readonly ObjectFix[]) => Math.min(...fixes.map((f) => severityRank(f.severity)));
  const namespaces = [...byNamespace.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  return namespaces.map((namespace) => {
    const objects = [...(byNamespace.get(namespace)?.values() ?? [])];
    for (const o of objects) {
      o.fixes.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.checkId.localeCompare(b.checkId));
    }
    objects.sort(
      (a, b) => worst(a.fixes) - worst(b.fixes) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
    );
    const findings = objects.reduce((n, o) => n + o.fixes.length, 0);
    const shown = objects.slice(0, NAMESPACE_FIX_OBJECTS_LIMIT);
    const more = objects.length - shown.length;
    const severities = [...new Set(objects.flatMap((o) => o.fixes.map((f) => f.severity)))].sort(
      (a, b) => severityRank(a) - severityRank(b),
    );
    return {
      namespace,
      label: namespace || 'Cluster-scoped objects',
      anchor: labels.namespaceAnchor(namespace || 'cluster-scoped'),
      severity: severities[0],
      severities: severities.join(' '),
      countText: `${plural(objects.length, 'object')}, ${plural(findings, 'finding')}`,
      objects: shown,
      moreText: more > 0 ? `… and ${plural(more, 'more object')} in this namespace: findings.csv lists every one` : '',
    };
  });
}

/** A piece of remediation prose: text, an inline code span, or a command to run (a code block of its own). */
export interface TextPart {
  text?: string;
  code?: string;
  command?: string;
}

// The programs whose invocations the remediation texts quote; a quoted span starting with one is a command.
const COMMAND = /^(?:kubectl|aws|eksctl|helm|kubeadm|kube-bench|openssl|curl|jq|systemctl)\s/;

/**
 * Remediation prose with its `backtick` spans as code: a span that runs a program (`kubectl label …`, `aws eks …`)
 * is a command, set as a code block; any other span (a field name, a value) stays inline code. An unpaired backtick
 * is text.
 */
export function remediationParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ text: text.slice(last, index) });
    const span = match[1];
    parts.push(COMMAND.test(span.trim()) ? { command: span.trim() } : { code: span });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  // The punctuation that followed a command in the sentence would stand alone under its code block.
  return parts
    .map((part, i) =>
      part.text !== undefined && parts[i - 1]?.command ? { text: part.text.replace(/^[\s.,;:]+/, '') } : part,
    )
    .filter((part) => part.text !== '');
}
