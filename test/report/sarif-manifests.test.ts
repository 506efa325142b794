/**
 * results.sarif of a `manifests` scan, through the pipeline: every alert on an object read from a file points at
 * that file (relative to the working directory) and at the line its object starts on.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type ManifestLoad, readManifests } from '../../functions/manifests/load.js';
import { manifestLocator } from '../../functions/manifests/locate.js';
import { runScan, type ScanConfig } from '../../functions/pipeline.js';
import type { SarifLog } from '../../functions/report/sarif.js';
import { NODE_AGENT_PID_WAIVER } from '../fixtures/manifests/waivers.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SHOP = 'test/fixtures/manifests/shop';
const GENERATED_AT = '2026-11-02T06:00:00.000Z';
const WAIVE_NODE_AGENT: ScanConfig = { waivers: [NODE_AGENT_PID_WAIVER] };

type SarifResult = SarifLog['runs'][number]['results'][number];

describe('results.sarif of a manifests scan', () => {
  let dir: string;
  let load: ManifestLoad;
  let located: SarifResult[];
  let locatedLog: SarifLog;
  let json: string;
  let jsonWithoutLocate: string;

  async function scan(outDir: string, withLocate: boolean): Promise<{ sarif: SarifLog; json: string }> {
    const outcome = await runScan({
      snapshot: load.snapshot,
      formats: ['json', 'sarif'],
      outDir,
      config: WAIVE_NODE_AGENT,
      runId: 'fixed',
      generatedAt: GENERATED_AT,
      locate: withLocate ? manifestLocator(load.sources, ROOT) : undefined,
    });
    return {
      sarif: JSON.parse(await readFile(join(outcome.folder, 'results.sarif'), 'utf8')),
      json: await readFile(join(outcome.folder, 'results.json'), 'utf8'),
    };
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sarif-manifests-'));
    // An absolute path in, a path relative to the working directory out.
    load = await readManifests([join(ROOT, SHOP)], 'shop');
    const withLocate = await scan(join(dir, 'located'), true);
    locatedLog = withLocate.sarif;
    located = withLocate.sarif.runs[0].results;
    json = withLocate.json;
    jsonWithoutLocate = (await scan(join(dir, 'plain'), false)).json;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function resultFor(ruleId: string, fullyQualifiedName: string): SarifResult {
    const hit = located.find(
      (r) => r.ruleId === ruleId && r.locations[0].logicalLocations[0].fullyQualifiedName === fullyQualifiedName,
    );
    assert.ok(hit, `a ${ruleId} result for ${fullyQualifiedName}`);
    return hit;
  }

  test('each known failing object points at its file and the line its object starts on', () => {
    const expected: [string, string, string, number][] = [
      ['pod-privileged-container', 'shop/Deployment/checkout', 'apps/privileged-deployment.yaml', 1],
      ['pod-host-network', 'shop/Pod/debug', 'multi-doc.yaml', 13],
      ['pod-host-ipc', 'shop/Deployment/legacy-worker', 'list.yaml', 4],
      ['pod-privileged-container', 'platform/Pod/root-shell', 'root-shell.json', 1],
    ];
    for (const [ruleId, object, file, line] of expected) {
      assert.deepEqual(
        resultFor(ruleId, object).locations[0].physicalLocation,
        { artifactLocation: { uri: `${SHOP}/${file}`, uriBaseId: '%SRCROOT%' }, region: { startLine: line } },
        `${ruleId} ${object}`,
      );
    }
  });

  test('the log, with its physical locations and suppressions, is valid SARIF 2.1.0', () => {
    assert.deepEqual(sarifSchemaErrors(locatedLog), []);
  });

  test('a waived object is placed on its file too', () => {
    const waived = resultFor('pod-host-pid', 'platform/DaemonSet/node-agent');
    assert.ok(waived.suppressions, 'the waiver suppresses it');
    assert.deepEqual(waived.locations[0].physicalLocation, {
      artifactLocation: { uri: `${SHOP}/system/hostpid-daemonset.yaml`, uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
  });

  test('every start line opens the document or List item of the object the result names', async () => {
    const placed = located.filter((r) => r.locations[0].physicalLocation);
    assert.ok(placed.length >= 10, `${placed.length} results placed on a file`);
    for (const r of placed) {
      const physical = r.locations[0].physicalLocation;
      assert.ok(physical?.region);
      const fqn = r.locations[0].logicalLocations[0].fullyQualifiedName;
      const [kind, name] = fqn.split('/').slice(-2);
      const lines = (await readFile(join(ROOT, physical.artifactLocation.uri), 'utf8')).split('\n');
      // The object's kind and name are within its first few lines: apiVersion, kind, metadata, name.
      const head = lines.slice(physical.region.startLine - 1, physical.region.startLine + 5).join('\n');
      assert.match(head, new RegExp(`"?kind"?:\\s*"?${kind}\\b`), `${fqn} at ${physical.artifactLocation.uri}`);
      assert.match(head, new RegExp(`"?name"?:\\s*"?${name}\\b`), `${fqn} at ${physical.artifactLocation.uri}`);
      assert.notEqual(lines[physical.region.startLine - 1].trim(), '---');
    }
  });

  test('objects the checks name but no manifest declared keep their logical location only', () => {
    const unplaced = located.filter((r) => !r.locations[0].physicalLocation);
    assert.ok(unplaced.length > 0, 'the fixture has findings on objects it does not declare');
    for (const r of unplaced) {
      const fqn = r.locations[0].logicalLocations[0].fullyQualifiedName;
      // namespace/Kind/name, or Kind/name for cluster-scoped objects.
      const parts = fqn.split('/');
      const [kind, name] = parts.slice(-2);
      const namespace = parts.length === 3 ? parts[0] : null;
      assert.equal(load.sources.find({ kind, namespace, name }), undefined, `${fqn} was not in a file`);
    }
  });

  test('locations go to results.sarif only: results.json is byte for byte what it is without them', () => {
    assert.ok(resultFor('pod-host-network', 'shop/Pod/debug').locations[0].physicalLocation, 'the SARIF has them');
    assert.equal(json, jsonWithoutLocate);
    assert.doesNotMatch(json, /privileged-deployment\.yaml|startLine|physicalLocation/);
  });
});
