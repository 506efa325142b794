import { kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

export const kubeletIptablesUtilChains = kubeletCheck(
  {
    id: 'kubelet-iptables-util-chains',
    title: 'The kubelet manages its iptables utility chains',
    severity: 'low',
    rationale:
      'When the kubelet maintains its iptables chains, the rules that drop martian and masqueraded traffic stay in ' +
      'step with the pod networking configuration instead of drifting.',
    remediation: `Remove \`makeIPTablesUtilChains: false\` (the default is true). ${WHERE_TO_SET}`,
    references: { kubescape: ['C-0178'] },
  },
  ['makeIPTablesUtilChains'],
  (config) => {
    const value = config.makeIPTablesUtilChains;
    return value === undefined || value === true
      ? null
      : { message: `makeIPTablesUtilChains is ${showSetting(value)}`, field: 'makeIPTablesUtilChains' };
  },
);
