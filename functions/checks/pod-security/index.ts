/**
 * The pod-security family: one file per check, metadata beside logic.
 *
 * Severity rule, applied to every check here (severity is a property of the check, so it follows the worst
 * realistic case of the setting, not of one object):
 *
 * | severity | meaning                                                            | checks                                               |
 * |----------|--------------------------------------------------------------------|------------------------------------------------------|
 * | critical | the setting alone makes the container root on the node, always      | pod-privileged-container                             |
 * | high     | removes an isolation boundary; node or neighbour compromise is one  | pod-host-pid, pod-host-ipc, pod-host-network,        |
 * |          | ordinary step away (a runtime socket or / via hostPath, SYS_ADMIN)  | pod-host-path-volume, pod-insecure-capabilities      |
 * | medium   | restricted-profile hardening whose absence makes an escape easier, | pod-allow-privilege-escalation, pod-run-as-root,     |
 * |          | or a baseline-profile exposure that bypasses network controls      | pod-capabilities-not-dropped, pod-seccomp-profile,   |
 * |          |                                                                    | pod-host-port                                        |
 * | low      | limits what an attacker can change or exhaust, not what they reach  | pod-writable-root-filesystem, pod-cpu-requests,      |
 * |          |                                                                    | pod-memory-requests, pod-cpu-limits, pod-memory-limits |
 *
 * hostPath is high rather than critical because most hostPath mounts (log folders read-only) do not give the node
 * away; the finding names the path and says when it is a runtime socket or the root filesystem.
 */
import type { CheckDefinition } from '../types.js';
import { podAllowPrivilegeEscalation } from './pod-allow-privilege-escalation.js';
import { podCapabilitiesNotDropped } from './pod-capabilities-not-dropped.js';
import { podCpuLimits } from './pod-cpu-limits.js';
import { podCpuRequests } from './pod-cpu-requests.js';
import { podHostIpc } from './pod-host-ipc.js';
import { podHostNetwork } from './pod-host-network.js';
import { podHostPathVolume } from './pod-host-path-volume.js';
import { podHostPid } from './pod-host-pid.js';
import { podHostPort } from './pod-host-port.js';
import { podInsecureCapabilities } from './pod-insecure-capabilities.js';
import { podMemoryLimits } from './pod-memory-limits.js';
import { podMemoryRequests } from './pod-memory-requests.js';
import { podPrivilegedContainer } from './pod-privileged-container.js';
import { podRunAsRoot } from './pod-run-as-root.js';
import { podSeccompProfile } from './pod-seccomp-profile.js';
import { podWritableRootFilesystem } from './pod-writable-root-filesystem.js';

export const podSecurityChecks: CheckDefinition[] = [
  podPrivilegedContainer,
  podHostPid,
  podHostIpc,
  podHostNetwork,
  podHostPort,
  podAllowPrivilegeEscalation,
  podRunAsRoot,
  podInsecureCapabilities,
  podCapabilitiesNotDropped,
  podHostPathVolume,
  podSeccompProfile,
  podWritableRootFilesystem,
  podCpuRequests,
  podMemoryRequests,
  podCpuLimits,
  podMemoryLimits,
];
