import { outcome } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';
import { BINDING_INPUTS, bindingsOf, describeBindingTarget, describeSubject, observation } from './model.js';

/** CIS EKS 4.1.5 (second part): no RoleBinding or ClusterRoleBinding grants anything to a `default` ServiceAccount. */
export const rbacDefaultSaBindings: CheckDefinition = {
  id: 'rbac-default-sa-bindings',
  title: 'Default service accounts are not granted roles',
  severity: 'medium',
  family: 'rbac',
  rationale:
    "A role bound to a namespace's `default` ServiceAccount is held by every pod in that namespace that does not " +
    'name its own account, which is rarely what the person who granted it intended.',
  remediation:
    'Create a dedicated ServiceAccount for the workload that needs the permission, bind the role to it, set ' +
    '`spec.serviceAccountName` on the workload, and remove the `default` subject from the binding.',
  references: { kubescape: ['C-0189'] },
  inputs: BINDING_INPUTS,
  evaluate(snapshot) {
    const bindings = bindingsOf(snapshot);
    const failing: Finding[] = [];
    for (const b of bindings) {
      b.subjects.forEach((s, i) => {
        if (s.kind !== 'ServiceAccount' || s.name !== 'default') return;
        failing.push({
          kind: b.object.kind,
          namespace: b.object.metadata.namespace ?? null,
          name: b.object.metadata.name,
          message: `binds ${b.roleKind} ${b.roleName} to ${describeSubject(s, b.object.metadata.namespace)}`,
          path: `subjects[${i}]`,
        });
      });
    }
    return outcome({
      evaluated: bindings.map((b) => observation(b.object, describeBindingTarget(b))),
      failing,
      ifNoneEvaluated: 'no RoleBindings or ClusterRoleBindings',
    });
  },
};
