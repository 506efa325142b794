import type { CheckDefinition } from '../types.js';
import { secretsConfigMapCredentials } from './secrets-configmap-credentials.js';
import { secretsEnvCredentialLiterals } from './secrets-env-credential-literals.js';
import { secretsEnvSecretRefs } from './secrets-env-secret-refs.js';
import { secretsExternalStore } from './secrets-external-store.js';
import { secretsLegacySaTokens } from './secrets-legacy-sa-tokens.js';
import { secretsUnusedConfigMaps } from './secrets-unused-configmaps.js';
import { secretsUnusedSecrets } from './secrets-unused-secrets.js';

export const secretsChecks: CheckDefinition[] = [
  secretsEnvSecretRefs,
  secretsEnvCredentialLiterals,
  secretsConfigMapCredentials,
  secretsLegacySaTokens,
  secretsExternalStore,
  secretsUnusedSecrets,
  secretsUnusedConfigMaps,
];
