import { annotationsOf, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { showWhole } from '../../model/untrusted.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import { ALB, albHasTls, isAlbIngress, isLoadBalancerService, SVC, servicePorts } from './load-balancers.js';

const SSL_CERT = `${SVC}aws-load-balancer-ssl-cert`;

/**
 * CIS EKS 5.4.5, from the Kubernetes side: LoadBalancer Services that expose 443 carry an ACM certificate (the
 * Kubescape C-0231 rule), and ALB Ingresses have a certificate or an HTTPS listener. A Service that passes TLS
 * through to pods on 443 fails here too, as in Kubescape; waive it with that reason.
 */
export const networkLoadBalancerTls: CheckDefinition = {
  id: 'network-load-balancer-tls',
  title: 'HTTPS load balancers terminate TLS with a certificate',
  severity: 'medium',
  family: 'network',
  rationale:
    'A load balancer listening on 443 without a certificate either forwards unencrypted traffic or leaves TLS to ' +
    'each pod, unmanaged; ACM certificates on the listener give rotation and a managed TLS policy.',
  remediation:
    `Set \`${SSL_CERT}: <ACM certificate ARN>\` and \`${SVC}aws-load-balancer-ssl-ports: "443"\` on the Service; for ` +
    `ALB Ingresses set \`${ALB}certificate-arn\` and \`${ALB}listen-ports: '[{"HTTPS":443}]'\`.`,
  references: { kubescape: ['C-0231'] },
  inputs: kubeInputs('services', 'ingresses'),
  evaluate(snapshot) {
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const svc of itemsOf(snapshot, 'services').filter(isLoadBalancerService)) {
      const https = servicePorts(svc).filter((p) => p.port === 443 || p.name === 'https');
      if (https.length === 0) continue;
      const cert = (annotationsOf(svc)[SSL_CERT] ?? '').trim();
      evaluated.push(
        seen(
          svc,
          `port ${https.map((p) => showWhole(p.port)).join(', ')}; ${SSL_CERT}: ${cert !== '' ? cert : 'not set'}`,
        ),
      );
      if (cert !== '') continue;
      failing.push({
        kind: 'Service',
        namespace: svc.metadata.namespace ?? null,
        name: svc.metadata.name,
        message: `exposes port ${https.map((p) => p.port).join(', ')} without annotation ${SSL_CERT}`,
        path: `metadata.annotations["${SSL_CERT}"]`,
      });
    }
    for (const ing of itemsOf(snapshot, 'ingresses').filter(isAlbIngress)) {
      const a = annotationsOf(ing);
      evaluated.push(
        seen(
          ing,
          `${ALB}certificate-arn: ${showWhole(a[`${ALB}certificate-arn`])}; ${ALB}listen-ports: ${showWhole(a[`${ALB}listen-ports`])}`,
        ),
      );
      if (albHasTls(ing)) continue;
      failing.push({
        kind: 'Ingress',
        namespace: ing.metadata.namespace ?? null,
        name: ing.metadata.name,
        message: `ALB Ingress has no ${ALB}certificate-arn and no HTTPS in ${ALB}listen-ports`,
        path: `metadata.annotations["${ALB}certificate-arn"]`,
      });
    }
    return outcome({
      evaluated,
      failing,
      ifNoneEvaluated: 'no LoadBalancer Service exposes 443 and no ALB Ingress exists',
    });
  },
};
