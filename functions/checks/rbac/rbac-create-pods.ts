import { defineRoleGrantCheck, grantedOn, type Permission } from './model.js';

/** Kinds whose creation runs a pod with any spec the creator chooses. */
const POD_CREATING: Permission[] = [
  { group: '', resource: 'pods' },
  { group: '', resource: 'replicationcontrollers' },
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'batch', resource: 'jobs' },
  { group: 'batch', resource: 'cronjobs' },
];

/** CIS EKS 4.1.4. Creating a pod means choosing its service account, volumes and privileges. */
export const rbacCreatePods = defineRoleGrantCheck(
  {
    id: 'rbac-create-pods',
    title: 'Access to create pods and workloads is limited',
    severity: 'medium',
    rationale:
      'Whoever can create a pod (directly or through a Deployment, DaemonSet, Job, …) can mount any Secret and run ' +
      'as any service account in that namespace, and on a namespace without pod security enforcement can run a ' +
      'privileged pod that takes over the node.',
    deviation:
      'Stricter than the CIS 4.1.4 audit text and Kubescape C-0188, which count only create on pods: create on ' +
      'Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs and ReplicationControllers fails too, since ' +
      'the controller then creates pods with whatever spec and ServiceAccount the creator wrote.',
    remediation:
      'Remove create on pods and workload kinds from roles held by people; deploy through a CI/GitOps service account ' +
      'instead, and enforce Pod Security Admission on the namespaces it deploys to.',
    references: { kubescape: ['C-0188'] },
  },
  (rule) => grantedOn(rule, POD_CREATING, ['create']),
);
