/**
 * Kubernetes label selectors (metav1.LabelSelector: matchLabels and matchExpressions with In, NotIn, Exists,
 * DoesNotExist), as admission policies use them to pick namespaces. A selector that cannot be read is undefined, so
 * a caller can say it did not judge it rather than guess.
 */
import { asArray, isRecord } from './untrusted.js';

/** Does the selector select these labels? Absent or `{}` selects everything; undefined when it is malformed. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean | undefined {
  if (selector === undefined || selector === null) return true;
  if (!isRecord(selector)) return undefined;
  if (selector.matchLabels !== undefined) {
    if (!isRecord(selector.matchLabels)) return undefined;
    for (const [key, value] of Object.entries(selector.matchLabels)) if (labels[key] !== value) return false;
  }
  for (const expr of asArray(selector.matchExpressions)) {
    if (!isRecord(expr) || typeof expr.key !== 'string') return undefined;
    const values = asArray(expr.values).filter((v): v is string => typeof v === 'string');
    const has = Object.hasOwn(labels, expr.key);
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(labels[expr.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expr.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return undefined;
    }
  }
  return true;
}

/** A namespace's labels as the API server sets them: its own, plus `kubernetes.io/metadata.name` (Kubernetes 1.22+). */
export function namespaceLabels(name: string, labels: Readonly<Record<string, string>>): Record<string, string> {
  return { ...labels, 'kubernetes.io/metadata.name': name };
}
