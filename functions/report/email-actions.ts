/**
 * The email's "Action needed" block: what a person has to do something about this week, most urgent first.
 *
 * - new critical and high failures (failing now, not in the cluster's previous run);
 * - waivers and attestations expired, or expiring within EXPIRING_WITHIN_DAYS (their register state in results.json,
 *   carried by each cluster's summary: one source, the same state the reports' registers print);
 * - clusters the run could not scan;
 * - coverage gaps: data sources not collected and checks not assessed.
 *
 * Waivers and attestations come from the config, so a fleet's clusters list the same ones: each is listed once with
 * the clusters it concerns. Every count is phrased by `plural`. Pure: the clusters' summaries (report/summary.ts),
 * nothing else.
 */

import type { Severity } from '../checks/types.js';
import { severityRank } from '../checks/types.js';
import { frameworkById } from '../frameworks/index.js';
import { EXPIRING_WITHIN_DAYS } from '../scoring/waivers.js';
import { singleLine } from './escape.js';
import { plural } from './plural.js';
import type { ClusterSummary, RegisterAttention } from './summary.js';

/** Entries of each "Action needed" group; the rest is counted ("… and 4 more in the cluster reports"). */
export const EMAIL_ACTION_ITEMS_MAX = 10;

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#8c1020',
  high: '#b3401b',
  medium: '#9a6700',
  low: '#0a3069',
  info: '#424a53',
};

export const MUTED = '#57606a';
const INK = '#1b1f24';
const EXPIRED = '#a40e26';
const EXPIRING = '#7a4100';

/** One line of the block: what, and where (the clusters it concerns; "" in a one-cluster email). */
export interface ActionItemView {
  /** "Critical", "Expired", "Not scanned": the item's kind, coloured. */
  label: string;
  color: string;
  text: string;
  where: string;
}

/** A group of the block, with its counted heading ("1 waiver expired, 2 waivers expire within 30 days"). */
export interface ActionGroupView {
  key: 'new-failures' | 'waivers' | 'attestations' | 'not-scanned' | 'coverage';
  heading: string;
  items: ActionItemView[];
  /** "… and 4 more in the cluster reports." when the group has more than EMAIL_ACTION_ITEMS_MAX items; else "". */
  moreText: string;
}

/** A scanned cluster as the block needs it: how the email names it, and its summary. */
export interface ActionCluster {
  label: string;
  summary: ClusterSummary;
}

export interface ActionFailedCluster {
  label: string;
  reason: string;
}

/** `total`: how many items there are, when only the first of them were given (the summaries keep the top ones). */
function group(
  key: ActionGroupView['key'],
  heading: string,
  items: ActionItemView[],
  total = items.length,
): ActionGroupView {
  const more = total - Math.min(items.length, EMAIL_ACTION_ITEMS_MAX);
  return {
    key,
    heading,
    items: items.slice(0, EMAIL_ACTION_ITEMS_MAX),
    moreText: more > 0 ? `… and ${more} more in the cluster reports.` : '',
  };
}

function joinCounts(parts: string[]): string {
  return parts.filter(Boolean).join(', ');
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-12-08", or the instant as "2026-12-08 06:00 UTC" when the register gives a time. */
function dateText(expires: string): string {
  if (DATE_ONLY.test(expires)) return expires;
  const t = Date.parse(expires);
  return Number.isNaN(t) ? singleLine(expires) : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "expired (held until 2026-11-05)", "expires today (2026-12-08)", "expires in 12 days (2026-12-08)". */
function expiryPhrase(state: 'expired' | 'expiring', daysLeft: number, expires: string): string {
  const date = dateText(expires);
  if (state === 'expired') return `expired (held until ${date})`;
  if (daysLeft <= 0) return `expires today (${date})`;
  return `expires in ${plural(daysLeft, 'day')} (${date})`;
}

const SEVERE: readonly Severity[] = ['critical', 'high'];

/**
 * The new critical and high failures, most severe first: from each summary's top new failures, which hold each
 * cluster's most severe ones, so the fleet's first EMAIL_ACTION_ITEMS_MAX are among them.
 */
function newFailureItems(clusters: readonly ActionCluster[], oneCluster: boolean): ActionItemView[] {
  const rows = clusters.flatMap((c) =>
    c.summary.changes.newFailures
      .filter((check) => SEVERE.includes(check.severity))
      .map((check) => ({ cluster: c.label, check })),
  );
  rows.sort(
    (a, b) =>
      severityRank(a.check.severity) - severityRank(b.check.severity) ||
      b.check.objects - a.check.objects ||
      a.cluster.localeCompare(b.cluster) ||
      a.check.id.localeCompare(b.check.id),
  );
  return rows.map(({ cluster, check }) => ({
    label: SEVERITY_LABEL[check.severity],
    color: SEVERITY_COLOR[check.severity],
    text: `${singleLine(check.title)} (${singleLine(check.id)}): ${plural(check.objects, 'object')} failing`,
    where: oneCluster ? '' : cluster,
  }));
}

/** How many new failures of `severity` the clusters have, all of them. */
function newFailingOf(clusters: readonly ActionCluster[], severity: Severity): number {
  return clusters.reduce((n, c) => n + c.summary.changes.newFailingBySeverity[severity], 0);
}

interface RegisterEntry {
  id: string;
  state: 'expired' | 'expiring';
  daysLeft: number;
  expires: string;
  /** "waives pod-host-network", "attests NSA/CISA audit.review". */
  subject: string;
  clusters: string[];
}

/** Expired and expiring entries of every cluster's register, each listed once with the clusters it concerns. */
function registerEntries<R extends RegisterAttention['register']>(
  clusters: readonly ActionCluster[],
  register: R,
  subject: (record: Extract<RegisterAttention, { register: R }>) => string,
): RegisterEntry[] {
  const byKey = new Map<string, RegisterEntry>();
  for (const c of clusters) {
    for (const record of c.summary.registers.attention) {
      if (record.register !== register) continue;
      const key = JSON.stringify([record.id, record.state, record.expires]);
      const entry = byKey.get(key);
      if (entry) {
        entry.daysLeft = Math.min(entry.daysLeft, record.daysLeft);
        if (!entry.clusters.includes(c.label)) entry.clusters.push(c.label);
      } else {
        byKey.set(key, {
          id: singleLine(record.id),
          state: record.state,
          daysLeft: record.daysLeft,
          expires: record.expires,
          subject: subject(record as Extract<RegisterAttention, { register: R }>),
          clusters: [c.label],
        });
      }
    }
  }
  // Expired first, then the soonest to expire.
  return [...byKey.values()].sort(
    (a, b) =>
      Number(b.state === 'expired') - Number(a.state === 'expired') ||
      a.daysLeft - b.daysLeft ||
      a.id.localeCompare(b.id),
  );
}

function registerGroup(
  key: 'waivers' | 'attestations',
  noun: string,
  entries: RegisterEntry[],
  oneCluster: boolean,
): ActionGroupView | undefined {
  if (entries.length === 0) return undefined;
  const expired = entries.filter((e) => e.state === 'expired').length;
  const expiring = entries.length - expired;
  const heading = joinCounts([
    expired > 0 ? plural(expired, `${noun} expired`, `${noun}s expired`) : '',
    expiring > 0
      ? `${plural(expiring, `${noun} expires`, `${noun}s expire`)} within ${plural(EXPIRING_WITHIN_DAYS, 'day')}`
      : '',
  ]);
  const items = entries.map((e) => ({
    label: e.state === 'expired' ? 'Expired' : 'Expiring',
    color: e.state === 'expired' ? EXPIRED : EXPIRING,
    text: `${e.id} ${e.subject}: ${expiryPhrase(e.state, e.daysLeft, e.expires)}`,
    where: oneCluster ? '' : e.clusters.join(', '),
  }));
  return group(key, heading, items);
}

/** "2 data sources not collected (GuardDuty detector, Kubelet configuration), 1 check not assessed (kubelet-x)". */
function coverageText(summary: ClusterSummary): string {
  const gaps = summary.coverage.gaps.map((g) => singleLine(g));
  const checks = summary.coverage.notAssessedChecks.map((c) => singleLine(c));
  return joinCounts([
    gaps.length > 0 ? `${plural(gaps.length, 'data source')} not collected (${gaps.join(', ')})` : '',
    checks.length > 0 ? `${plural(checks.length, 'check')} not assessed (${checks.join(', ')})` : '',
  ]);
}

/**
 * The "Action needed" groups, in order of urgency; only groups with something in them. `oneCluster` leaves out
 * the cluster names (a `--format email` preview of one cluster).
 */
export function actionGroups(
  clusters: readonly ActionCluster[],
  failed: readonly ActionFailedCluster[],
  oneCluster: boolean,
): ActionGroupView[] {
  const groups: (ActionGroupView | undefined)[] = [];

  const severe = newFailureItems(clusters, oneCluster);
  const critical = newFailingOf(clusters, 'critical');
  const high = newFailingOf(clusters, 'high');
  if (critical + high > 0) {
    const heading = joinCounts([
      critical > 0 ? plural(critical, 'new critical failure') : '',
      high > 0 ? plural(high, 'new high failure') : '',
    ]);
    groups.push(group('new-failures', heading, severe, critical + high));
  }

  const waivers = registerEntries(clusters, 'waiver', (w) => `waives ${singleLine(w.check)}`);
  groups.push(registerGroup('waivers', 'waiver', waivers, oneCluster));
  const attestations = registerEntries(
    clusters,
    'attestation',
    (a) => `attests ${frameworkById(a.framework)?.shortName ?? singleLine(a.framework)} ${singleLine(a.requirement)}`,
  );
  groups.push(registerGroup('attestations', 'attestation', attestations, oneCluster));

  if (failed.length > 0) {
    groups.push(
      group(
        'not-scanned',
        plural(failed.length, 'cluster not scanned', 'clusters not scanned'),
        failed.map((f) => ({ label: 'Not scanned', color: EXPIRED, text: `${f.label}: ${f.reason}`, where: '' })),
      ),
    );
  }

  // Clusters with the same gaps (the same missing permission across a fleet, say) share one line.
  const coverage = new Map<string, string[]>();
  for (const c of clusters) {
    const text = coverageText(c.summary);
    if (text) coverage.set(text, [...(coverage.get(text) ?? []), c.label]);
  }
  if (coverage.size > 0) {
    const count = [...coverage.values()].reduce((n, labels) => n + labels.length, 0);
    groups.push(
      group(
        'coverage',
        oneCluster ? 'Coverage gaps' : `Coverage gaps in ${plural(count, 'cluster')}`,
        [...coverage].map(([text, labels]) => ({
          label: 'Gap',
          color: INK,
          text,
          where: oneCluster ? '' : labels.join(', '),
        })),
      ),
    );
  }
  return groups.filter((g): g is ActionGroupView => g !== undefined);
}
