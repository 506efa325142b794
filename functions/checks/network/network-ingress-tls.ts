import { asArray, isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { CheckDefinition, Finding } from '../types.js';
import { albHasTls, isAlbIngress } from './load-balancers.js';

/**
 * Risk area 6. An Ingress terminates TLS when it lists `spec.tls`, or, for ALB Ingresses, when it has a certificate
 * ARN or an HTTPS listener (the AWS Load Balancer Controller ignores `spec.tls` secrets and uses ACM). Counting
 * the ALB annotations is deliberate: a tool that looks only at `spec.tls` reports such Ingresses wrongly.
 */
export const networkIngressTls: CheckDefinition = {
  id: 'network-ingress-tls',
  title: 'Ingresses terminate TLS',
  severity: 'medium',
  family: 'network',
  rationale:
    'An Ingress without TLS serves its application over plain HTTP: credentials and session cookies travel in clear text.',
  remediation:
    'Add `spec.tls` with the hosts and a certificate Secret (e.g. from cert-manager); for ALB Ingresses set ' +
    '`alb.ingress.kubernetes.io/certificate-arn` and `listen-ports: \'[{"HTTPS":443}]\'` with `ssl-redirect: "443"`.',
  references: {},
  inputs: kubeInputs('ingresses'),
  evaluate(snapshot) {
    const ingresses = itemsOf(snapshot, 'ingresses');
    if (ingresses.length === 0)
      return { status: 'not-applicable', evaluatedCount: 0, failing: [], reason: 'no Ingresses' };
    const failing: Finding[] = [];
    for (const ing of ingresses) {
      const tls = isRecord(ing.spec) ? asArray(ing.spec.tls) : [];
      if (tls.length > 0) continue;
      if (isAlbIngress(ing) && albHasTls(ing)) continue;
      failing.push({
        kind: 'Ingress',
        namespace: ing.metadata.namespace ?? null,
        name: ing.metadata.name,
        message: isAlbIngress(ing)
          ? 'ALB Ingress has no spec.tls, no certificate-arn and no HTTPS listen-ports'
          : 'spec.tls is not set',
        path: 'spec.tls',
      });
    }
    return { status: failing.length > 0 ? 'fail' : 'pass', evaluatedCount: ingresses.length, failing };
  },
};
