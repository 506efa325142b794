import type { CheckDefinition } from '../types.js';

export const podSecurityChecks: CheckDefinition[] = [];
