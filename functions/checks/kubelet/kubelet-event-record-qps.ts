import { kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

export const kubeletEventRecordQps = kubeletCheck(
  {
    id: 'kubelet-event-record-qps',
    title: 'The kubelet event rate limit is a valid setting',
    severity: 'low',
    rationale:
      'Events are part of the audit trail of what happened on a node. eventRecordQPS limits how many the kubelet ' +
      'sends; 0 means unlimited. The benchmark accepts any value of 0 or more; set an organisational threshold if ' +
      'you need one.',
    deviation:
      'Looser than Kubescape C-0180, which fails eventRecordQPS 0: the CIS 3.2.7 audit (kube-bench: ' +
      'eventRecordQPS of 0 or more) accepts 0, which sends every event unthrottled.',
    remediation: `Set \`eventRecordQPS\` to 0 (no limit) or to a rate that keeps the events you need. ${WHERE_TO_SET}`,
    references: { kubescape: ['C-0180'] },
  },
  ['eventRecordQPS'],
  (config) => {
    const value = config.eventRecordQPS;
    if (value === undefined) return null; // omitempty: 0, no limit
    return typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? null
      : { message: `eventRecordQPS is ${showSetting(value)}`, field: 'eventRecordQPS' };
  },
);
