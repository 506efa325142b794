import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { collectKubernetes } from '../../functions/kube/collector.js';
import { writeKubeconfig } from '../support/fake-kube-api.js';
import { needs, tool } from '../support/tools.js';
import { kubeConfigFor, startFixtureServer, TOKEN } from './helpers.js';

const run = promisify(execFile);

test(
  'kubectl lists the same pods from the fake server as the collector, page by page',
  needs('kubectl', 'openssl'),
  async () => {
    const server = await startFixtureServer();
    const dir = await mkdtemp(join(tmpdir(), 'kubectl-'));
    try {
      const kubeconfig = await writeKubeconfig(join(dir, 'config'), server, { token: TOKEN });
      const { stdout } = await run(
        tool('kubectl'),
        ['get', 'pods', '-A', '-o', 'json', '--chunk-size=2', '--kubeconfig', kubeconfig],
        // A private HOME keeps kubectl's discovery cache out of the user's ~/.kube.
        { env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECACHEDIR: join(dir, 'cache') }, timeout: 30_000 },
      );
      const listed = (JSON.parse(stdout).items as { metadata: { namespace: string; name: string } }[]).map(
        (p) => `${p.metadata.namespace}/${p.metadata.name}`,
      );
      const kubectlPodRequests = server.requests.filter((r) => r.path === '/api/v1/pods');
      assert.ok(kubectlPodRequests.length >= 3, 'kubectl paginated with limit=2');
      assert.ok(kubectlPodRequests.every((r) => r.query.limit === '2'));

      const result = await collectKubernetes(kubeConfigFor(server), { pageSize: 2 });
      const pods = result.kubernetes.inventories.pods;
      assert.equal(pods?.status, 'collected');
      if (pods?.status !== 'collected') return;
      const collected = pods.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
      assert.deepEqual(collected.sort(), listed.sort());
      assert.ok(server.requests.every((r) => r.method === 'GET'));
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
);
