import type { CheckDefinition } from '../types.js';
import { rbacAwsAuthSystemMasters } from './rbac-aws-auth-system-masters.js';
import { rbacBindEscalateImpersonate } from './rbac-bind-escalate-impersonate.js';
import { rbacClusterAdminBindings } from './rbac-cluster-admin-bindings.js';
import { rbacCreatePersistentVolumes } from './rbac-create-persistentvolumes.js';
import { rbacCreatePods } from './rbac-create-pods.js';
import { rbacDefaultSaAutomount } from './rbac-default-sa-automount.js';
import { rbacDefaultSaBindings } from './rbac-default-sa-bindings.js';
import { rbacDefaultSaWorkloads } from './rbac-default-sa-workloads.js';
import { rbacNodesProxy } from './rbac-nodes-proxy.js';
import { rbacSecretsAccess } from './rbac-secrets-access.js';
import { rbacServiceAccountTokenCreate } from './rbac-serviceaccount-token-create.js';
import { rbacTokenAutomount } from './rbac-token-automount.js';
import { rbacWebhookConfigWrite } from './rbac-webhook-config-write.js';
import { rbacWildcards } from './rbac-wildcards.js';

export const rbacChecks: CheckDefinition[] = [
  rbacClusterAdminBindings,
  rbacAwsAuthSystemMasters,
  rbacSecretsAccess,
  rbacWildcards,
  rbacCreatePods,
  rbacDefaultSaAutomount,
  rbacDefaultSaBindings,
  rbacDefaultSaWorkloads,
  rbacTokenAutomount,
  rbacBindEscalateImpersonate,
  rbacCreatePersistentVolumes,
  rbacNodesProxy,
  rbacWebhookConfigWrite,
  rbacServiceAccountTokenCreate,
];
