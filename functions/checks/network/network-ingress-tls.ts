import { asArray, isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
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
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const ing of ingresses) {
      const tls = isRecord(ing.spec) ? asArray(ing.spec.tls) : [];
      const hosts = tls.flatMap((t) => (isRecord(t) ? asArray(t.hosts) : [])).filter((h) => typeof h === 'string');
      evaluated.push(
        seen(
          ing,
          tls.length > 0
            ? `spec.tls: ${tls.length} entr${tls.length === 1 ? 'y' : 'ies'}${hosts.length > 0 ? ` (hosts ${hosts.join(', ')})` : ''}`
            : isAlbIngress(ing)
              ? `spec.tls: not set; ALB TLS (certificate-arn or HTTPS listen-ports): ${albHasTls(ing) ? 'yes' : 'no'}`
              : 'spec.tls: not set',
        ),
      );
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
    return outcome({ evaluated, failing, ifNoneEvaluated: 'no Ingresses' });
  },
};
