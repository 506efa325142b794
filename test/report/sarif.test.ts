import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderSarif, SARIF_SCHEMA, type SarifLog } from '../../functions/report/sarif.js';
import { TOOL_DESCRIPTION } from '../../functions/version.js';
import { EVIL_CLUSTER_NAME } from '../fixtures/report/fleet.js';
import {
  HOSTILE_SCRIPT_NAME,
  MANY_FINDINGS,
  RATIONALE_PRIVILEGED,
  REMEDIATION_PRIVILEGED,
  reportCatalog,
  reportResults,
} from '../fixtures/report/scan-results.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';

describe('renderSarif', () => {
  const results = reportResults({
    cluster: { ...reportResults().cluster, name: EVIL_CLUSTER_NAME, source: 'manifests' },
  });
  const text = renderSarif(results, { catalog: reportCatalog });
  const log = JSON.parse(text) as SarifLog;
  const run = log.runs[0];
  const rules = run.tool.driver.rules;

  test('is a SARIF 2.1.0 log with one run', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, SARIF_SCHEMA);
    assert.equal(log.runs.length, 1);
    assert.equal(run.tool.driver.name, 'eks-compliance-reporter');
    assert.equal(run.tool.driver.version, '0.1.0');
    assert.equal(run.tool.driver.semanticVersion, '0.1.0');
    assert.equal(run.tool.driver.fullName, 'eks-compliance-reporter 0.1.0');
  });

  test('is valid against the SARIF 2.1.0 schema, and the validator catches an invalid log', () => {
    assert.deepEqual(sarifSchemaErrors(log), []);
    const broken = JSON.parse(text) as SarifLog;
    (broken.runs[0].results[0] as { level: string }).level = 'fatal';
    assert.match(sarifSchemaErrors(broken).join('\n'), /\/runs\/0\/results\/0\/level/);
  });

  test("the driver describes the tool from package.json's fields, and only with what it declares", () => {
    assert.ok(TOOL_DESCRIPTION);
    assert.equal(run.tool.driver.shortDescription?.text, TOOL_DESCRIPTION);
    const declared = JSON.parse(
      renderSarif(results, {
        catalog: reportCatalog,
        toolFacts: { description: 'd', homepage: 'https://tool.example/docs', organization: 'Example Org' },
      }),
    ) as SarifLog;
    const driver = declared.runs[0].tool.driver;
    assert.equal(driver.informationUri, 'https://tool.example/docs');
    assert.equal(driver.organization, 'Example Org');
    assert.deepEqual(sarifSchemaErrors(declared), []);
    const bare = (JSON.parse(renderSarif(results, { catalog: reportCatalog, toolFacts: {} })) as SarifLog).runs[0].tool
      .driver;
    assert.deepEqual(
      ['informationUri', 'organization', 'shortDescription'].filter((k) => k in bare),
      [],
    );
  });

  test('one rule per check, ids unique, with the catalog text and severity properties', () => {
    const ids = rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), results.checks.map((c) => c.id).sort());
    const privileged = rules.find((r) => r.id === 'pod-privileged');
    assert.equal(privileged?.name, 'PodPrivileged');
    assert.equal(privileged?.shortDescription.text, 'Containers do not run privileged');
    assert.equal(privileged?.fullDescription.text, RATIONALE_PRIVILEGED);
    assert.equal(privileged?.help.text, REMEDIATION_PRIVILEGED);
    assert.equal(privileged?.defaultConfiguration.level, 'error');
    assert.equal(privileged?.properties['security-severity'], '9.5');
    assert.equal(privileged?.properties.severity, 'critical');
    assert.deepEqual(privileged?.properties.references, {
      kubescape: ['C-0057'],
      polaris: ['privilegeEscalationAllowed'],
      pss: ['baseline'],
    });
    assert.deepEqual(privileged?.properties.riskAreas, [1]);
    assert.ok(((privileged?.properties.requirements ?? []) as string[]).includes('cis-eks-1.8.0:4.2.1'));
    const medium = rules.find((r) => r.id === 'pod-run-as-non-root');
    assert.equal(medium?.defaultConfiguration.level, 'warning');
    assert.equal(medium?.properties['security-severity'], '5.5');
  });

  test('every result names a rule that exists, at its index', () => {
    assert.ok(run.results.length > 0);
    for (const result of run.results) {
      assert.equal(rules[result.ruleIndex]?.id, result.ruleId);
    }
  });

  test('one result per failing object, plus a suppressed result per waived object', () => {
    const failing = run.results.filter((r) => !r.suppressions);
    const waived = run.results.filter((r) => r.suppressions);
    assert.equal(failing.length, 3 + MANY_FINDINGS + 1);
    assert.deepEqual(
      waived.map((r) => [r.ruleId, r.suppressions?.[0].justification]),
      [
        ['pod-host-network', 'Waiver w-cni'],
        ['pod-privileged', 'Waiver w-node-exporter'],
      ],
    );
    // A passing check with waived objects has no unsuppressed result.
    assert.ok(!failing.some((r) => r.ruleId === 'pod-host-network'));
  });

  test('objects are logical locations, fully qualified as namespace/Kind/name', () => {
    const result = run.results.find((r) => r.ruleId === 'pod-privileged' && r.message.text.includes('payments-api'));
    assert.deepEqual(result?.locations[0].logicalLocations, [
      { name: 'payments-api', fullyQualifiedName: 'payments/Deployment/payments-api', kind: 'resource' },
    ]);
    assert.equal(result?.locations[0].physicalLocation, undefined);
    assert.equal(result?.level, 'error');
    assert.equal(result?.properties.path, 'spec.template.spec.containers[0].securityContext.privileged');
    const clusterScoped = run.results.find((r) => r.ruleId === 'rbac-cluster-admin-bindings');
    assert.equal(
      clusterScoped?.locations[0].logicalLocations[0].fullyQualifiedName,
      'ClusterRoleBinding/ci-deployer-admin',
    );
  });

  test('a locator adds the manifest file and line', () => {
    const located = JSON.parse(
      renderSarif(results, {
        catalog: reportCatalog,
        locate: (o) => (o.name === 'payments-api' ? { file: 'deploy\\payments.yaml', line: 12 } : undefined),
      }),
    ) as SarifLog;
    const result = located.runs[0].results.find((r) => r.message.text.includes('payments-api'));
    assert.deepEqual(result?.locations[0].physicalLocation, {
      artifactLocation: { uri: 'deploy/payments.yaml' },
      region: { startLine: 12 },
    });
  });

  test('fingerprints are stable across runs and distinct per object', () => {
    const again = JSON.parse(renderSarif({ ...results, runId: 'other' }, { catalog: reportCatalog })) as SarifLog;
    const prints = run.results.map((r) => r.partialFingerprints['eksComplianceObject/v1']);
    assert.deepEqual(
      again.runs[0].results.map((r) => r.partialFingerprints['eksComplianceObject/v1']),
      prints,
    );
    assert.equal(new Set(prints).size, prints.length);
  });

  test('hostile names survive as data: valid JSON, the category is one line', () => {
    assert.ok(run.results.some((r) => r.locations[0].logicalLocations[0].name === HOSTILE_SCRIPT_NAME));
    assert.equal(run.properties.cluster, EVIL_CLUSTER_NAME);
    assert.doesNotMatch(run.automationDetails.id, /[\r\n]/);
    assert.ok(run.automationDetails.id.startsWith('eks-compliance/evil Bcc: x@y.z <script>/'));
    assert.ok(!text.includes('\r'));
  });

  test('a long cluster name is whole in the category', () => {
    const name = `cluster-${'x'.repeat(300)}`;
    const long = JSON.parse(
      renderSarif({ ...results, cluster: { ...results.cluster, name } }, { catalog: reportCatalog }),
    ) as SarifLog;
    assert.equal(long.runs[0].automationDetails.id, `eks-compliance/${name}/${results.runId}`);
  });
});
