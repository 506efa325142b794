/**
 * The policy half of CIS 4.2.x beyond the fixtures: policies that may enforce a control but are not judged here make
 * the requirement manual (naming them), and an attestation can settle it; near misses stay failures.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nsAdmissionHostPid } from '../../../functions/checks/namespaces/namespaces-admission-host-pid.js';
import { nsAdmissionPrivilegeEscalation } from '../../../functions/checks/namespaces/namespaces-admission-privilege-escalation.js';
import { nsAdmissionPrivileged } from '../../../functions/checks/namespaces/namespaces-admission-privileged.js';
import { nsPsaBaseline } from '../../../functions/checks/namespaces/namespaces-psa-baseline.js';
import { ALL_CHECKS } from '../../../functions/checks/registry.js';
import { CIS_EKS_1_8_0 } from '../../../functions/frameworks/cis-eks-1.8.0.js';
import { evaluateRequirement } from '../../../functions/scoring/requirements.js';
import { runCheck } from '../../../functions/scoring/run-check.js';
import { snapshotFromYaml } from '../kube-checks-support.js';

const NS = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
`;
const policy = (rule: string, extra = 'validationFailureAction: Enforce') => `
${NS}
---
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: p }
spec:
  ${extra}
  rules:
${rule}`;

describe('policies whose logic is not judged here: manual, naming them', () => {
  const celVap = `
${NS}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: no-privileged }
spec:
  matchConstraints:
    resourceRules: [{ apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods] }]
  validations:
    - expression: "object.spec.containers.all(c, !has(c.securityContext) || c.securityContext.privileged != true)"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-privileged-binding }
spec: { policyName: no-privileged, validationActions: [Deny] }
`;

  test('a ValidatingAdmissionPolicy whose CEL reads the field, bound with Deny', () => {
    const out = nsAdmissionPrivileged.evaluate(snapshotFromYaml(celVap));
    assert.equal(out.status, 'not-assessed');
    assert.equal(out.manualReview, true);
    assert.match(out.reason ?? '', /team-a: ValidatingAdmissionPolicy no-privileged \(binding no-privileged-binding\)/);
    // The same policy reads nothing about hostPID: for 4.2.2 it is no evidence at all.
    assert.equal(nsAdmissionHostPid.evaluate(snapshotFromYaml(celVap)).status, 'fail');
  });

  test('the same binding with Warn only does not enforce: fail, with the near miss said', () => {
    const out = nsAdmissionPrivileged.evaluate(snapshotFromYaml(celVap.replace('[Deny]', '[Warn, Audit]')));
    assert.equal(out.status, 'fail');
    assert.match(out.failing[0].message, /does not deny \(validationActions Warn, Audit\)/);
  });

  test('a Kyverno deny rule reading hostPID, and one checking containers but not initContainers', () => {
    const deny = policy(`
    - name: no-host-pid
      match: { any: [{ resources: { kinds: [Pod] } }] }
      validate:
        deny:
          conditions:
            any: [{ key: "{{ request.object.spec.hostPID || false }}", operator: Equals, value: true }]`);
    const out = nsAdmissionHostPid.evaluate(snapshotFromYaml(deny));
    assert.equal(out.status, 'not-assessed');
    assert.match(
      out.reason ?? '',
      /Kyverno ClusterPolicy p \(rule no-host-pid, Enforce\): its deny\/CEL logic reads hostPID/,
    );
    const containersOnly = policy(`
    - name: ape
      match: { any: [{ resources: { kinds: [Pod] } }] }
      validate:
        pattern:
          spec:
            containers:
              - securityContext: { allowPrivilegeEscalation: "false" }`);
    const ape = nsAdmissionPrivilegeEscalation.evaluate(snapshotFromYaml(containersOnly));
    assert.equal(ape.status, 'not-assessed');
    assert.match(ape.reason ?? '', /checked in containers but not initContainers/);
  });

  test('a custom Gatekeeper template whose Rego reads the field', () => {
    const custom = `
${NS}
---
apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata: { name: acmenoprivileged }
spec:
  crd: { spec: { names: { kind: AcmeNoPrivileged } } }
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: 'violation[{"msg": "no"}] { input.review.object.spec.containers[_].securityContext.privileged }'
`;
    const out = nsAdmissionPrivileged.evaluate(snapshotFromYaml(custom));
    assert.equal(out.status, 'not-assessed');
    assert.match(
      out.reason ?? '',
      /ConstraintTemplate acmenoprivileged \(kind AcmeNoPrivileged\): custom code reads privileged/,
    );
  });

  test('PSA baseline via separate Kyverno pattern policies is for review: each enforces one control', () => {
    const one = policy(`
    - name: host-namespaces
      match: { any: [{ resources: { kinds: [Pod] } }] }
      validate:
        pattern: { spec: { =(hostPID): "false", =(hostIPC): "false", =(hostNetwork): "false" } }`);
    const out = nsPsaBaseline.evaluate(snapshotFromYaml(one));
    assert.equal(out.status, 'not-assessed');
    assert.match(out.reason ?? '', /enforces hostPID, hostIPC, hostNetwork, not the whole standard/);
    assert.equal(nsAdmissionHostPid.evaluate(snapshotFromYaml(one)).status, 'pass');
  });

  test('the CIS requirement is manual (not not-assessed), and an attestation settles it', () => {
    const snapshot = snapshotFromYaml(celVap);
    const req = CIS_EKS_1_8_0.requirements.find((r) => r.id === '4.2.1');
    assert.ok(req);
    const results = new Map(req.checks.map((id) => [id, runCheck(findCheck(id), snapshot).result]));
    assert.equal(results.get('namespaces-admission-privileged')?.manualReview, true);
    const ctx = {
      frameworkId: 'cis-eks-1.8.0',
      clusterName: 'fixture',
      attestations: [],
      now: new Date('2026-06-01'),
      checkResults: results,
    };
    const scored = evaluateRequirement(req, req.checks, ctx);
    assert.equal(scored.result.status, 'manual');
    assert.equal(scored.result.verdictSource, 'manual');
    assert.match(scored.result.reason ?? '', /ValidatingAdmissionPolicy no-privileged/);
    const attested = evaluateRequirement(req, req.checks, {
      ...ctx,
      attestations: [
        {
          id: 'A-1',
          framework: 'cis-eks-1.8.0',
          requirement: '4.2.1',
          status: 'pass' as const,
          statement: 'no-privileged rejects privileged containers in every container list',
          attestedBy: 'sec@example.com',
          date: '2026-05-01',
          expires: '2026-12-01',
        },
      ],
    });
    assert.equal(attested.result.status, 'pass');
    assert.equal(attested.result.verdictSource, 'attestation');
  });
});

describe('near misses that stay failures', () => {
  test('a Kyverno policy matching only Deployments leaves bare pods: review, not pass', () => {
    const out = nsAdmissionPrivileged.evaluate(
      snapshotFromYaml(
        policy(`
    - name: p
      match: { any: [{ resources: { kinds: [Deployment] } }] }
      validate:
        pattern:
          spec:
            template:
              spec:
                containers: [{ =(securityContext): { =(privileged): "false" } }]`),
      ),
    );
    assert.notEqual(out.status, 'pass');
  });

  test('a library constraint kind whose template is not the library one (lookalike) is not a pass', () => {
    const yaml = `
${NS}
---
apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata: { name: k8spspprivilegedcontainer }
spec:
  crd: { spec: { names: { kind: K8sPSPPrivilegedContainer } } }
  targets: [{ target: admission.k8s.gatekeeper.sh, rego: 'violation[{"msg": "x"}] { not input.review.object.metadata.labels.team }' }]
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sPSPPrivilegedContainer
metadata: { name: psp-privileged-container }
spec: { match: { kinds: [{ apiGroups: [""], kinds: [Pod] }] } }
`;
    const out = nsAdmissionPrivileged.evaluate(snapshotFromYaml(yaml));
    assert.equal(out.status, 'fail');
    assert.match(out.failing[0].message, /ConstraintTemplate is missing or does not check privileged/);
  });

  test('spec.admission: false (background scans only) enforces nothing at admission', () => {
    const yaml = policy(
      `
    - name: p
      match: { any: [{ resources: { kinds: [Pod] } }] }
      validate:
        podSecurity: { level: baseline }`,
      'validationFailureAction: Enforce\n  admission: false',
    );
    assert.equal(nsAdmissionPrivileged.evaluate(snapshotFromYaml(yaml)).status, 'fail');
  });
});

function findCheck(id: string) {
  const c = ALL_CHECKS.find((x) => x.id === id);
  assert.ok(c, id);
  return c;
}
