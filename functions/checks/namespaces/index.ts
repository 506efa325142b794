import type { CheckDefinition } from '../types.js';
import { nsDefaultNamespaceUnused } from './namespaces-default-unused.js';
import { nsNamespacesInUse } from './namespaces-in-use.js';
import { nsLimitRange } from './namespaces-limitrange.js';
import { nsPsaBaseline } from './namespaces-psa-baseline.js';
import { nsPsaRestricted } from './namespaces-psa-restricted.js';
import { nsResourceQuota } from './namespaces-resourcequota.js';

export const namespaceChecks: CheckDefinition[] = [
  nsPsaBaseline,
  nsPsaRestricted,
  nsDefaultNamespaceUnused,
  nsNamespacesInUse,
  nsLimitRange,
  nsResourceQuota,
];
