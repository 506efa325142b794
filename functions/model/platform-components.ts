/**
 * Platform components: workloads that are an EKS add-on as AWS ships it (functions/model/eks-addons.ts). A workload
 * is one only when ALL of these match one add-on: its namespace; its kind and name (or, for a Pod or ReplicaSet, the
 * DaemonSet or Deployment that controls it); and the image of every container, init container and ephemeral
 * container, which must come from an add-on registry of AWS's, from one of that add-on's repositories. A lookalike
 * (another namespace, another name, one foreign image, a debug container added) is not one.
 */
import { EKS_ADDONS, type EksAddon, isAddonImage } from './eks-addons.js';
import { containersOf, type PodTemplate } from './workloads.js';

export interface PlatformComponent {
  addon: string;
  /** The add-on workload it is (DaemonSet or Deployment name). */
  workload: string;
  reason: string;
  images: string[];
}

/** The add-on workload (kind and name) a template stands for: itself, or the controller that owns it. */
function workloadIdentity(template: PodTemplate): { kind: string; name: string }[] {
  const own = [{ kind: template.kind, name: template.name }];
  const owners = Array.isArray(template.object.metadata?.ownerReferences)
    ? template.object.metadata.ownerReferences
    : [];
  const controller = owners.find((o) => o && o.controller === true);
  if (!controller) return own;
  if (template.kind === 'Pod' && controller.kind === 'DaemonSet') return [{ kind: 'DaemonSet', name: controller.name }];
  if (template.kind === 'ReplicaSet' && controller.kind === 'Deployment') {
    return [{ kind: 'Deployment', name: controller.name }];
  }
  // A Deployment's Pod is owned by its ReplicaSet "<deployment>-<pod-template-hash>".
  if (template.kind === 'Pod' && controller.kind === 'ReplicaSet') {
    const dash = controller.name.lastIndexOf('-');
    return dash > 0 ? [{ kind: 'Deployment', name: controller.name.slice(0, dash) }] : [];
  }
  return [];
}

function matches(addon: EksAddon, template: PodTemplate): PlatformComponent | undefined {
  if (template.namespace !== addon.namespace) return undefined;
  const ids = workloadIdentity(template);
  const workload = addon.workloads.find((w) => ids.some((id) => id.kind === w.kind && id.name === w.name));
  if (!workload) return undefined;
  const containers = containersOf(template);
  if (containers.length === 0) return undefined;
  const images = containers.map((c) => c.container.image);
  if (!images.every((image) => isAddonImage(image, addon.repositories))) return undefined;
  return {
    addon: addon.addon,
    workload: workload.name,
    reason: workload.reason,
    images: [...new Set(images as string[])],
  };
}

/** The EKS add-on this pod template provably is, or undefined. */
export function platformComponentOf(template: PodTemplate): PlatformComponent | undefined {
  for (const addon of EKS_ADDONS) {
    const m = matches(addon, template);
    if (m) return m;
  }
  return undefined;
}
