import { containersOf, describeContainer, type PodTemplate } from '../../model/workloads.js';
import { definePodCheck, isRecord, type Violation } from './shared.js';

/** Sockets that hand whoever can write to them control of every container on the node. */
const RUNTIME_SOCKETS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
];

/** "/var//run/" → "/var/run"; keeps "/" as is. */
function normalizeHostPath(path: string): string {
  const collapsed = path.replace(/\/+/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

/** Why this host path is worse than an ordinary one, or null. */
export function hostPathDanger(rawPath: string): string | null {
  const path = normalizeHostPath(rawPath);
  if (path === '/') return "the node's root filesystem";
  if (RUNTIME_SOCKETS.includes(path)) return 'a container runtime socket';
  if (RUNTIME_SOCKETS.some((socket) => socket.startsWith(`${path}/`)))
    return 'a folder holding a container runtime socket';
  if (path === '/var/lib/kubelet' || path.startsWith('/var/lib/kubelet/')) return 'kubelet state and pod credentials';
  if (path === '/etc' || path === '/proc' || path === '/sys') return 'host system configuration';
  return null;
}

/** How each container mounts the volume: "read-write in container app, read-only in init container setup". */
function mountWords(template: PodTemplate, volumeName: unknown): string {
  const uses: string[] = [];
  for (const ref of containersOf(template)) {
    const mounts = Array.isArray(ref.container.volumeMounts) ? ref.container.volumeMounts : [];
    for (const m of mounts) {
      if (!isRecord(m) || m.name !== volumeName) continue;
      uses.push(`${m.readOnly === true ? 'read-only' : 'read-write'} in ${describeContainer(ref)}`);
    }
  }
  return uses.length === 0 ? 'not mounted by any container' : `mounted ${uses.join(', ')}`;
}

export const podHostPathVolume = definePodCheck(
  {
    id: 'pod-host-path-volume',
    title: 'Pods do not mount hostPath volumes',
    severity: 'high',
    rationale:
      "A hostPath volume exposes the node's filesystem to the container. Written to, it can plant binaries, " +
      "kubelet configuration or static pods; read, it leaks other pods' secrets and tokens under /var/lib/kubelet. " +
      'Mounting the container runtime socket (docker.sock, containerd.sock, crio.sock) is equivalent to root on ' +
      'the node, read-only or not, because the socket accepts commands to start privileged containers.',
    deviation:
      'Broader than Kubescape C-0045 and C-0074, which report only hostPath volumes mounted read-write and container ' +
      'runtime sockets: every hostPath volume fails here, read-only or not, as the baseline Pod Security Standard ' +
      "and Kubescape C-0048 forbid them all (a read-only mount still reads other pods' secrets and tokens).",
    remediation:
      'Replace hostPath volumes with emptyDir, a ConfigMap/Secret/projected volume, or a PersistentVolumeClaim. ' +
      'Where a node agent really needs a host folder, mount the narrowest path with readOnly: true and keep the ' +
      'agent in a system namespace; never mount the container runtime socket into application pods.',
    references: {
      kubescape: ['C-0048', 'C-0045', 'C-0074', 'C-0203'],
      polaris: ['hostPathSet'],
      pss: ['baseline'],
    },
  },
  (template) => {
    const volumes = Array.isArray(template.spec.volumes) ? template.spec.volumes : [];
    const out: Violation[] = [];
    volumes.forEach((volume: unknown, index: number) => {
      if (!isRecord(volume) || !isRecord(volume.hostPath)) return;
      const hostPath = typeof volume.hostPath.path === 'string' ? volume.hostPath.path : '';
      const danger = hostPath ? hostPathDanger(hostPath) : null;
      const name = typeof volume.name === 'string' ? volume.name : `#${index}`;
      const what = hostPath ? `host path ${hostPath}${danger ? ` (${danger})` : ''}` : 'a host path';
      out.push({
        message: `hostPath volume ${name} exposes ${what}, ${mountWords(template, volume.name)}`,
        path: `${template.specPath}.volumes[${index}].hostPath.path`,
      });
    });
    return out;
  },
);
