/**
 * An EKS cluster that refuses the scan's token (401 on GET /version) almost always has no access entry for the role
 * that scans: a cluster found by discovery, or one in an account whose target stack was deployed without it. The
 * error then names that role and the exact commands that grant it read access, so the report's "not scanned" line is
 * the fix, not a puzzle.
 */
import { accessEntryGrantCommands, principalOfCaller } from '../model/access-entry-grant.js';
import { KubeUnreachableError } from './server-version.js';

export class KubeAccessRefusedError extends KubeUnreachableError {}

export interface AccessRefusedContext {
  clusterName: string;
  region: string;
  /** The role the scan took for this cluster (clusters[].roleArn, or the role discovery listed it through). */
  roleArn?: string;
  /** sts:GetCallerIdentity's ARN for the scan's credentials, or null with the reason it is unknown. */
  callerArn: string | null;
  callerReason?: string;
  /** DescribeCluster's accessConfig.authenticationMode. */
  authenticationMode?: string;
}

/** The principal an access entry must name, as text for the message, and the ARN the commands use. */
function principal(ctx: AccessRefusedContext): { arn: string; text: string } {
  if (ctx.roleArn) return { arn: ctx.roleArn, text: ctx.roleArn };
  const fromCaller = ctx.callerArn ? principalOfCaller(ctx.callerArn) : undefined;
  if (fromCaller && !fromCaller.pathUnknown) return { arn: fromCaller.arn, text: fromCaller.arn };
  if (fromCaller) {
    return {
      arn: fromCaller.arn,
      text: `${fromCaller.arn} (the role of the session ${ctx.callerArn}; if the role has an IAM path, put it after "role/")`,
    };
  }
  const why = ctx.callerArn ? `${ctx.callerArn} is not an IAM role or user` : (ctx.callerReason ?? 'no caller');
  return { arn: 'SCAN_ROLE_ARN', text: `the role the scan runs as (SCAN_ROLE_ARN: unknown, ${why})` };
}

/** The 401 of GET /version on an EKS cluster, explained with the commands that grant the scan's role access. */
export function accessRefusedError(refused: KubeUnreachableError, ctx: AccessRefusedContext): KubeAccessRefusedError {
  const who = principal(ctx);
  const commands = accessEntryGrantCommands({
    clusterName: ctx.clusterName,
    region: ctx.region,
    principalArn: who.arn,
    authenticationMode: ctx.authenticationMode,
  });
  const configMapOnly =
    ctx.authenticationMode === 'CONFIG_MAP'
      ? ' The cluster authenticates through the aws-auth ConfigMap only, so access entries are turned on first.'
      : '';
  return new KubeAccessRefusedError(
    `${refused.message}. The cluster did not accept ${who.text}: most likely it has no EKS access entry on ` +
      `${ctx.clusterName} (a token for another cluster or Region, or a clock more than 5 minutes off, is also ` +
      `refused this way).${configMapOnly} Grant it read access: ${commands.join(' && ')}; then, in the cluster, ` +
      'kubectl apply -f infra/kubernetes/clusterrole.yaml (docs/deployment.md, "Cluster access")',
    refused.status,
  );
}
