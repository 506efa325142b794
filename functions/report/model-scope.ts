/**
 * The audit-facing parts of the report model that come from results.json's scope fields: the data sources (what was
 * read, with which permission, and what could not be), the waiver register and the attestation register.
 * Older results.json files without these fields give empty sections that say so, never an error.
 */
import { frameworkById } from '../frameworks/index.js';
import type { DataSourceResult, ScanResults } from '../scoring/results.js';
import type { RegisterState } from '../scoring/waivers.js';
import { plural } from './plural.js';

export interface SourceRow {
  id: string;
  title: string;
  /** "Kubernetes API", "Kubelet (configz)", "aws-auth ConfigMap", "AWS API". */
  origin: string;
  status: 'collected' | 'not-collected';
  statusLabel: string;
  /** "54", "54 (metadata only)", or "—" when not collected. */
  countText: string;
  permission: string;
  reason: string;
}

export interface SourcesModel {
  /** False for results.json files written before `sources` existed. */
  available: boolean;
  total: number;
  collected: number;
  notCollected: number;
  /** "48 data sources: 46 collected, 2 not collected." */
  summaryText: string;
  /** One line per origin: what kind of access it took, for the cover. */
  permissionSummary: { label: string; value: string }[];
  rows: SourceRow[];
  notCollectedRows: SourceRow[];
}

export interface WaiverRow {
  id: string;
  state: RegisterState;
  stateLabel: string;
  check: string;
  /** "namespaces monitoring; names node-exporter; kinds DaemonSet" or "every object". */
  scope: string;
  objects: number;
  /** "3 objects in pod-host-network" or "none in this run". */
  objectsText: string;
  approvedBy: string;
  /** The approval date from the config, or "" when it gives none. */
  approvedOn: string;
  /** "Approved by … on 2026-06-30 (SEC-1234)"; says so when the config has no approval date. */
  approvedText: string;
  reason: string;
  expires: string;
  /** "in 212 days", "today", "expired 3 days ago". */
  expiryText: string;
  ticket: string;
}

export interface AttestationRow {
  id: string;
  state: RegisterState;
  stateLabel: string;
  /** "CIS 5.1.2". */
  requirement: string;
  verdict: 'pass' | 'fail';
  verdictLabel: string;
  attestedBy: string;
  date: string;
  expires: string;
  expiryText: string;
  statement: string;
  evidence: string;
  settledText: string;
}

export interface RegisterGroup<T> {
  state: RegisterState;
  label: string;
  description: string;
  rows: T[];
}

export interface RegistersModel {
  /** False for results.json files written before the registers existed. */
  available: boolean;
  waivers: WaiverRow[];
  attestations: AttestationRow[];
  /** Waivers grouped in the order an auditor reads them: active, expiring, expired, unused (empty groups kept). */
  waiverGroups: RegisterGroup<WaiverRow>[];
  /** Counts per state, for the summary line. */
  waiverCounts: { state: RegisterState; label: string; count: number }[];
  attestationCounts: { state: RegisterState; label: string; count: number }[];
}

export const REGISTER_STATE_LABEL: Record<RegisterState, string> = {
  active: 'Active',
  expiring: 'Expiring ≤30 days',
  expired: 'Expired',
  unused: 'Unused',
};

const REGISTER_STATE_DESCRIPTION: Record<RegisterState, string> = {
  active: 'Applies in this run and ends more than 30 days from now.',
  expiring: 'Applies in this run and ends within 30 days: renew or fix before it lapses.',
  expired: 'Past its expiry date: it no longer applies, and what it covered is reported as failing again.',
  unused: 'Matched nothing in this run: a candidate for removal.',
};

const REGISTER_STATES: RegisterState[] = ['active', 'expiring', 'expired', 'unused'];

const ORIGIN_LABEL: Record<DataSourceResult['kind'], string> = {
  kubernetes: 'Kubernetes API',
  'kubelet-config': 'Kubelet (configz)',
  'aws-auth': 'aws-auth ConfigMap',
  aws: 'AWS API',
};

export function expiryText(daysLeft: number): string {
  if (daysLeft < 0) return daysLeft === -1 ? 'expired yesterday' : `expired ${-daysLeft} days ago`;
  if (daysLeft === 0) return 'ends today';
  return `ends in ${plural(daysLeft, 'day')}`;
}

function sourceRow(s: DataSourceResult): SourceRow {
  const collected = s.status === 'collected';
  return {
    id: s.id,
    title: s.title,
    origin: ORIGIN_LABEL[s.kind] ?? s.kind,
    status: s.status,
    statusLabel: collected ? 'Collected' : 'Not collected',
    countText: collected ? `${s.itemCount ?? 0}${s.metadataOnly ? ' (metadata only)' : ''}` : '—',
    permission: s.permission,
    reason: s.reason ?? '',
  };
}

/** "eks (8 actions), ecr (3)": the AWS services read, for a cover that must stay on one page. */
function awsActionSummary(sources: readonly DataSourceResult[]): string {
  const byService = new Map<string, Set<string>>();
  for (const s of sources) {
    for (const action of s.permission.split(',').map((a) => a.trim())) {
      const [service] = action.split(':');
      if (!service || !action.includes(':')) continue;
      const set = byService.get(service) ?? new Set<string>();
      set.add(action);
      byService.set(service, set);
    }
  }
  return [...byService.entries()]
    .map(([service, actions]) => `${service} (${plural(actions.size, 'action')})`)
    .join(', ');
}

function permissionSummary(sources: readonly DataSourceResult[]): { label: string; value: string }[] {
  const collected = sources.filter((s) => s.status === 'collected');
  const kube = collected.filter((s) => s.kind === 'kubernetes');
  const metadataOnly = kube.filter((s) => s.metadataOnly).map((s) => s.title);
  const lines: { label: string; value: string }[] = [];
  if (kube.length > 0) {
    lines.push({
      label: 'Kubernetes API',
      value: `list on ${plural(kube.length, 'resource type')}${metadataOnly.length > 0 ? ` (${metadataOnly.join(' and ')} as metadata only)` : ''}`,
    });
  }
  const kubelet = collected.find((s) => s.kind === 'kubelet-config');
  if (kubelet)
    lines.push({
      label: 'Kubelet',
      value: `${kubelet.permission} (opt-in), ${kubelet.itemCount ?? 0} node(s) sampled`,
    });
  const awsAuth = collected.find((s) => s.kind === 'aws-auth');
  if (awsAuth) lines.push({ label: 'aws-auth', value: `read from kube-system/aws-auth (${awsAuth.permission})` });
  const aws = collected.filter((s) => s.kind === 'aws');
  if (aws.length > 0) {
    lines.push({ label: 'AWS APIs', value: `read-only: ${awsActionSummary(aws)}; ${plural(aws.length, 'fact')} read` });
  } else {
    lines.push({ label: 'AWS APIs', value: 'not used in this scan' });
  }
  return lines;
}

export function sourcesModel(results: ScanResults): SourcesModel {
  const sources = results.sources ?? [];
  const rows = sources.map(sourceRow);
  const notCollectedRows = rows.filter((r) => r.status === 'not-collected');
  const collected = rows.length - notCollectedRows.length;
  return {
    available: results.sources !== undefined,
    total: rows.length,
    collected,
    notCollected: notCollectedRows.length,
    summaryText:
      results.sources === undefined
        ? 'These results do not record their data sources (written by an earlier version).'
        : `${plural(rows.length, 'data source')}: ${collected} collected, ${notCollectedRows.length} not collected.`,
    permissionSummary: permissionSummary(sources),
    rows,
    notCollectedRows,
  };
}

function scopeText(scope: { clusters?: string[]; namespaces?: string[]; names?: string[]; kinds?: string[] }): string {
  const parts = (['clusters', 'namespaces', 'names', 'kinds'] as const)
    .filter((k) => scope[k] !== undefined)
    .map((k) => `${k} ${(scope[k] ?? []).join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'every object';
}

export function registersModel(results: ScanResults): RegistersModel {
  const waivers: WaiverRow[] = (results.waivers ?? []).map((w) => ({
    id: w.id,
    state: w.state,
    stateLabel: REGISTER_STATE_LABEL[w.state] ?? w.state,
    check: w.check,
    scope: scopeText(w.scope ?? {}),
    objects: w.objects,
    objectsText: w.objects > 0 ? `${plural(w.objects, 'object')} in ${w.checks.join(', ')}` : 'none in this run',
    approvedBy: w.approvedBy,
    approvedOn: w.approvedOn ?? '',
    approvedText:
      `Approved by ${w.approvedBy} ${w.approvedOn ? `on ${w.approvedOn}` : '(approval date not recorded)'}` +
      (w.ticket ? ` (${w.ticket})` : ''),
    reason: w.reason,
    expires: w.expires,
    expiryText: expiryText(w.daysLeft),
    ticket: w.ticket ?? '',
  }));
  const attestations: AttestationRow[] = (results.attestations ?? []).map((a) => ({
    id: a.id,
    state: a.state,
    stateLabel: REGISTER_STATE_LABEL[a.state] ?? a.state,
    requirement: `${frameworkById(a.framework)?.shortName ?? a.framework} ${a.requirement}`,
    verdict: a.status,
    verdictLabel: a.status === 'pass' ? 'Pass' : 'Fail',
    attestedBy: a.attestedBy,
    date: a.date,
    expires: a.expires,
    expiryText: expiryText(a.daysLeft),
    statement: a.statement,
    evidence: a.evidence ?? '',
    settledText: a.settled.length > 0 ? `settles ${a.settled.join(', ')}` : 'settled nothing in this run',
  }));
  const counts = <T extends { state: RegisterState }>(rows: T[]) =>
    REGISTER_STATES.map((state) => ({
      state,
      label: REGISTER_STATE_LABEL[state],
      count: rows.filter((r) => r.state === state).length,
    }));
  return {
    available: results.waivers !== undefined || results.attestations !== undefined,
    waivers,
    attestations,
    waiverGroups: REGISTER_STATES.map((state) => ({
      state,
      label: REGISTER_STATE_LABEL[state],
      description: REGISTER_STATE_DESCRIPTION[state],
      rows: waivers.filter((w) => w.state === state),
    })),
    waiverCounts: counts(waivers),
    attestationCounts: counts(attestations),
  };
}
