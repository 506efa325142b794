/**
 * The drift family: differences between the live cluster and its declared source of truth (GitOps repositories,
 * Helm releases, IaC stacks), read from managedFields. Kept apart from `namespaces` because it spans every kind a
 * repository declares, cluster-scoped ones included, and is about change control rather than namespace hygiene.
 * Severity: low (the change is usually reverted by the next sync, not exploited).
 */
import type { CheckDefinition } from '../types.js';
import { driftHandEdits } from './drift-hand-edits.js';

export const driftChecks: CheckDefinition[] = [driftHandEdits];
