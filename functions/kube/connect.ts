/**
 * Builds the KubeConfig the collector talks through: from a kubeconfig file (any cluster; exec plugins such as
 * `aws eks get-token` run through client-node) or from an endpoint, CA and bearer token (EKS mode).
 * TLS is always verified against the cluster's CA: there is deliberately no way to turn that off.
 */
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

export class KubeConnectError extends Error {}

export interface KubeconfigFileTarget {
  path: string;
  /** Defaults to the file's current-context. */
  context?: string;
}

export interface KubeEndpointTarget {
  /** https URL of the API server. */
  endpoint: string;
  /** base64 PEM of the cluster CA (kubeconfig's certificate-authority-data, EKS's certificateAuthority.data). */
  caData: string;
  token: string;
  /** A name for the context; only used inside the KubeConfig. */
  name?: string;
}

export function kubeConfigFromFile(target: KubeconfigFileTarget): KubeConfig {
  if (!existsSync(target.path)) throw new KubeConnectError(`kubeconfig ${target.path} does not exist`);
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(target.path);
  } catch (err) {
    throw new KubeConnectError(`kubeconfig ${target.path} could not be read: ${(err as Error).message}`);
  }
  if (target.context) {
    if (!kc.getContextObject(target.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeConnectError(
        `kubeconfig ${target.path} has no context "${target.context}" (contexts: ${known.join(', ') || 'none'})`,
      );
    }
    kc.setCurrentContext(target.context);
  }
  assertVerifiedTls(kc, `kubeconfig ${target.path}`);
  return kc;
}

export function kubeConfigFromEndpoint(target: KubeEndpointTarget): KubeConfig {
  const name = target.name ?? 'cluster';
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name, server: target.endpoint, caData: target.caData, skipTLSVerify: false }],
    // A static bearer token: build a new KubeConfig whenever the token is renewed.
    users: [{ name: 'eks-compliance-reporter', token: target.token }],
    contexts: [{ name, cluster: name, user: 'eks-compliance-reporter' }],
    currentContext: name,
  });
  assertVerifiedTls(kc, name);
  return kc;
}

/** Refuses contexts that would send credentials over plain HTTP or without checking the server's certificate. */
export function assertVerifiedTls(kc: KubeConfig, origin: string): void {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeConnectError(`${origin}: the current context "${kc.getCurrentContext()}" has no cluster`);
  if (!cluster.server.startsWith('https://')) {
    throw new KubeConnectError(`${origin}: cluster ${cluster.name} is not served over https (${cluster.server})`);
  }
  if (cluster.skipTLSVerify) {
    throw new KubeConnectError(
      `${origin}: cluster ${cluster.name} sets insecure-skip-tls-verify; this tool always verifies TLS, ` +
        'so give it certificate-authority(-data) instead',
    );
  }
}
