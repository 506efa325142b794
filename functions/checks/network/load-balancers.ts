/**
 * How Services and Ingresses become AWS load balancers, read from their annotations (the AWS Load Balancer
 * Controller and the legacy in-tree cloud provider use different defaults, which matter for exposure).
 */

import { annotationsOf, asArray, isRecord } from '../../model/namespace-scope.js';
import type { KubeObject } from '../../model/snapshot.js';

export const SVC = 'service.beta.kubernetes.io/';
export const ALB = 'alb.ingress.kubernetes.io/';
const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);

export const isLoadBalancerService = (svc: KubeObject) => isRecord(svc.spec) && svc.spec.type === 'LoadBalancer';

/** Managed by the AWS Load Balancer Controller (whose default scheme is internal) rather than the in-tree provider. */
function managedByLbController(svc: KubeObject): boolean {
  const type = annotationsOf(svc)[`${SVC}aws-load-balancer-type`];
  return (
    (isRecord(svc.spec) && svc.spec.loadBalancerClass === 'service.k8s.aws/nlb') ||
    type === 'external' ||
    type === 'nlb-ip'
  );
}

/** Whether a LoadBalancer Service gets an internet-facing load balancer. */
export function serviceIsInternetFacing(svc: KubeObject): boolean {
  const a = annotationsOf(svc);
  const scheme = a[`${SVC}aws-load-balancer-scheme`];
  if (scheme === 'internet-facing') return true;
  if (scheme === 'internal') return false;
  const internal = a[`${SVC}aws-load-balancer-internal`];
  if (internal !== undefined && internal !== 'false') return false;
  // In-tree provider: internet-facing unless told otherwise. LB Controller: internal unless told otherwise.
  return !managedByLbController(svc);
}

export function cidrList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  return [];
}

/** Source ranges of a Service (spec field, or the legacy annotation), or [] when none restrict it. */
export function serviceSourceRanges(svc: KubeObject): string[] {
  const fromSpec = isRecord(svc.spec) ? cidrList(svc.spec.loadBalancerSourceRanges) : [];
  return fromSpec.length > 0 ? fromSpec : cidrList(annotationsOf(svc)[`${SVC}load-balancer-source-ranges`]);
}

export const isOpen = (ranges: string[]) => ranges.length === 0 || ranges.some((r) => OPEN_CIDRS.has(r));

export function isAlbIngress(ing: KubeObject): boolean {
  const cls = isRecord(ing.spec) ? ing.spec.ingressClassName : undefined;
  return cls === 'alb' || annotationsOf(ing)['kubernetes.io/ingress.class'] === 'alb';
}

/** Does an ALB Ingress terminate TLS: a certificate ARN, or an HTTPS listener (certificates then come from ACM discovery). */
export function albHasTls(ing: KubeObject): boolean {
  const a = annotationsOf(ing);
  if ((a[`${ALB}certificate-arn`] ?? '').trim() !== '') return true;
  return /"HTTPS"/i.test(a[`${ALB}listen-ports`] ?? '');
}

export function servicePorts(svc: KubeObject): Record<string, unknown>[] {
  return isRecord(svc.spec) ? asArray(svc.spec.ports).filter(isRecord) : [];
}
