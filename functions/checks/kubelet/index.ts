/** The kubelet family: CIS EKS 3.2.1–3.2.9 from the nodes' effective configuration (configz). */
import type { CheckDefinition } from '../types.js';
import { kubeletAnonymousAuthDisabled } from './kubelet-anonymous-auth-disabled.js';
import { kubeletAuthorizationWebhook } from './kubelet-authorization-webhook.js';
import { kubeletClientCaFile } from './kubelet-client-ca-file.js';
import { kubeletEventRecordQps } from './kubelet-event-record-qps.js';
import { kubeletIptablesUtilChains } from './kubelet-iptables-util-chains.js';
import { kubeletReadOnlyPortDisabled } from './kubelet-read-only-port-disabled.js';
import { kubeletRotateCertificates } from './kubelet-rotate-certificates.js';
import { kubeletRotateServerCertificates } from './kubelet-rotate-server-certificates.js';
import { kubeletStreamingIdleTimeout } from './kubelet-streaming-idle-timeout.js';

export const kubeletChecks: CheckDefinition[] = [
  kubeletAnonymousAuthDisabled,
  kubeletAuthorizationWebhook,
  kubeletClientCaFile,
  kubeletReadOnlyPortDisabled,
  kubeletStreamingIdleTimeout,
  kubeletIptablesUtilChains,
  kubeletEventRecordQps,
  kubeletRotateCertificates,
  kubeletRotateServerCertificates,
];
