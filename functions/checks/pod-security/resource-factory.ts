/**
 * The four resource checks differ only in the resource (cpu, memory) and the kind (requests, limits); this
 * builds them. Ephemeral containers cannot declare resources, so only containers and init containers count.
 */
import { containersOf, describeContainer, type PodTemplate } from '../../model/workloads.js';
import type { CheckDefinition } from '../types.js';
import { definePodCheck, isRecord, type PodCheckMeta, perContainer, show } from './shared.js';

export type ResourceName = 'cpu' | 'memory';
export type ResourceKind = 'requests' | 'limits';

function quantity(resources: unknown, kind: ResourceKind, name: ResourceName): unknown {
  if (!isRecord(resources)) return undefined;
  const map = resources[kind];
  return isRecord(map) ? map[name] : undefined;
}

const isDeclared = (q: unknown) => (typeof q === 'string' && q.trim() !== '') || typeof q === 'number';

/**
 * Whether the container has the quantity, counting what Kubernetes fills in itself: a request defaults to the
 * container's limit when only the limit is given, and pod-level resources (spec.resources) cover every container.
 */
function hasQuantity(template: PodTemplate, resources: unknown, kind: ResourceKind, name: ResourceName): boolean {
  if (isDeclared(quantity(resources, kind, name))) return true;
  if (kind === 'requests' && isDeclared(quantity(resources, 'limits', name))) return true;
  return isDeclared(quantity(template.spec.resources, kind, name));
}

export function resourceCheck(kind: ResourceKind, name: ResourceName, meta: PodCheckMeta): CheckDefinition {
  return definePodCheck(
    meta,
    perContainer(
      (template, ref) =>
        hasQuantity(template, ref.container.resources, kind, name)
          ? null
          : {
              message: `resources.${kind}.${name} is not set in ${describeContainer(ref)}`,
              path: `${ref.path}.resources.${kind}.${name}`,
            },
      ['containers', 'initContainers'],
    ),
    {
      // Resource requests and limits are not privileges: an add-on without them is reported like any workload.
      platformExempt: false,
      // A template observed is one that passed: every container declares it (or inherits it, see hasQuantity).
      observe: (template) => {
        const names = containersOf(template)
          .filter((ref) => ref.list !== 'ephemeralContainers')
          .map(
            (ref) =>
              `${show(ref.container.name)} (${show(quantity(ref.container.resources, kind, name), 'from limits or the pod')})`,
          );
        return `resources.${kind}.${name} declared in ${names.join(', ')}`;
      },
    },
  );
}
