import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigFromEndpoint } from '../../functions/kube/connect.js';
import { type FakeKubeOptions, type FakeKubeServer, startFakeKubeApi } from '../support/fake-kube-api.js';

export const TOKEN = 'test-token-0123456789';

// biome-ignore lint/suspicious/noExplicitAny: fixture objects in API shape
export const fixture: { objects: any[]; kubeletConfigs: Record<string, Record<string, unknown>> } = JSON.parse(
  readFileSync(new URL('../fixtures/kube-api/cluster.json', import.meta.url), 'utf8'),
);

/** Fixture objects of a kind (and, where kinds are shared, e.g. Calico's NetworkPolicy, of an apiVersion). */
export function countOf(kind: string, apiVersion?: string): number {
  return fixture.objects.filter((o) => o.kind === kind && (apiVersion === undefined || o.apiVersion === apiVersion))
    .length;
}

export async function startFixtureServer(extra: Partial<FakeKubeOptions> = {}): Promise<FakeKubeServer> {
  return startFakeKubeApi({ objects: fixture.objects, kubeletConfigs: fixture.kubeletConfigs, token: TOKEN, ...extra });
}

export function kubeConfigFor(server: FakeKubeServer, caData = server.caData): KubeConfig {
  return kubeConfigFromEndpoint({ endpoint: server.url, caData, token: TOKEN, name: 'fake' });
}
