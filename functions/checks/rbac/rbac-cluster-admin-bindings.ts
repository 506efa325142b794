import { outcome } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';
import {
  BINDING_INPUTS,
  bindingsOf,
  describeBindingTarget,
  describeSubject,
  judgedSubjects,
  observation,
} from './model.js';

/**
 * CIS EKS 4.1.1, the RBAC-object half. Bindings to the `cluster-admin` ClusterRole other than the built-in
 * `cluster-admin` binding of `system:masters`. Judged by subject, never by the binding's name: kube-bench exempts the
 * Groups system:masters and system:nodes; the other identities the platform owns are listed in model.ts. The EKS admin
 * paths RBAC objects do not show are separate checks: `rbac-aws-auth-system-masters` here, access entries and the
 * cluster creator in the AWS family.
 */
export const rbacClusterAdminBindings: CheckDefinition = {
  id: 'rbac-cluster-admin-bindings',
  title: 'cluster-admin is bound only where required',
  severity: 'high',
  family: 'rbac',
  rationale:
    'cluster-admin is unrestricted superuser access to every object in every namespace. Each binding to it is a ' +
    'standing path to full cluster compromise and should be an explicit, reviewed exception.',
  deviation:
    'Stricter than the CIS 4.1.1 audit as kube-bench runs it and than Kubescape C-0185, which reports only ' +
    'ClusterRoleBindings: a RoleBinding to cluster-admin fails too, since it gives full control of its namespace ' +
    '(its Secrets, RBAC and workloads).',
  remediation:
    'Replace the binding with a role that grants only what the subject needs, or delete it: ' +
    '`kubectl delete clusterrolebinding NAME` (or `kubectl -n NS delete rolebinding NAME`). For break-glass access ' +
    'prefer an EKS access entry with AmazonEKSClusterAdminPolicy on a role that is assumed only when needed.',
  references: { kubescape: ['C-0185'] },
  inputs: BINDING_INPUTS,
  evaluate(snapshot) {
    const bindings = bindingsOf(snapshot);
    const failing: Finding[] = [];
    for (const b of bindings) {
      if (b.roleKind !== 'ClusterRole' || b.roleName !== 'cluster-admin') continue;
      const subjects = judgedSubjects(b);
      if (subjects.length === 0) continue;
      failing.push({
        kind: b.object.kind,
        namespace: b.object.metadata.namespace ?? null,
        name: b.object.metadata.name,
        message: `binds cluster-admin to ${subjects.map((s) => describeSubject(s, b.object.metadata.namespace)).join(', ')}`,
        path: 'subjects',
      });
    }
    return outcome({
      evaluated: bindings.map((b) => observation(b.object, describeBindingTarget(b))),
      failing,
      ifNoneEvaluated: 'no RoleBindings or ClusterRoleBindings',
    });
  },
};
