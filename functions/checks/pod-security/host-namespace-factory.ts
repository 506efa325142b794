/**
 * The three host-namespace checks differ only in the field and the words; this builds them.
 * The field lives on the pod spec, so a violation is reported once per workload, not per container.
 */
import type { CheckDefinition } from '../types.js';
import { definePodCheck, type PodCheckMeta, show } from './shared.js';

export type HostNamespaceField = 'hostPID' | 'hostIPC' | 'hostNetwork';

export function hostNamespaceCheck(
  field: HostNamespaceField,
  consequence: string,
  meta: PodCheckMeta,
): CheckDefinition {
  return definePodCheck(
    meta,
    (template) =>
      template.spec[field] === true
        ? [{ message: `spec.${field} is true: ${consequence}`, path: `${template.specPath}.${field}` }]
        : [],
    { observe: (template) => `spec.${field}: ${show(template.spec[field])}` },
  );
}
