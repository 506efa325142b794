import { annotationsOf, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { showWhole } from '../../model/untrusted.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import { ALB, cidrList, isAlbIngress, isOpen } from './load-balancers.js';

/** Risk area 6: internet-facing ALBs open to every address. (ALBs are internal unless the scheme says otherwise.) */
export const networkAlbInboundCidrs: CheckDefinition = {
  id: 'network-alb-inbound-cidrs',
  title: 'Internet-facing ALB Ingresses restrict inbound CIDRs',
  severity: 'low',
  family: 'network',
  rationale:
    'An ALB Ingress with `scheme: internet-facing` and no inbound-cidrs accepts traffic from the whole internet. ' +
    'That is right for a public site, and a surprise for an admin console or an internal API.',
  remediation:
    `Set \`${ALB}inbound-cidrs\` to the CIDRs that need access, or \`${ALB}scheme: internal\`; for public sites, ` +
    `attach a WAF with \`${ALB}wafv2-acl-arn\` and waive this finding with the reason.`,
  references: {},
  inputs: kubeInputs('ingresses'),
  evaluate(snapshot) {
    const albs = itemsOf(snapshot, 'ingresses').filter(isAlbIngress);
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const ing of albs) {
      const a = annotationsOf(ing);
      const cidrs = cidrList(a[`${ALB}inbound-cidrs`]);
      evaluated.push(
        seen(
          ing,
          `${ALB}scheme: ${showWhole(a[`${ALB}scheme`], 'not set (internal)')}, ${ALB}inbound-cidrs: ${cidrs.length > 0 ? cidrs.join(', ') : 'not set'}`,
        ),
      );
      if (a[`${ALB}scheme`] !== 'internet-facing') continue;
      if (!isOpen(cidrs)) continue;
      failing.push({
        kind: 'Ingress',
        namespace: ing.metadata.namespace ?? null,
        name: ing.metadata.name,
        message: `internet-facing ALB with ${cidrs.length === 0 ? 'no inbound-cidrs' : `inbound-cidrs ${cidrs.join(', ')}`}`,
        path: `metadata.annotations["${ALB}inbound-cidrs"]`,
      });
    }
    return outcome({ evaluated, failing, ifNoneEvaluated: 'no ALB Ingresses' });
  },
};
