import type { CheckDefinition, CheckOutcome, Finding, Observation } from '../types.js';
import {
  asArray,
  awsFinding,
  awsSeen,
  FAMILY,
  fact,
  factInputs,
  isRecord,
  missingFact,
  notAssessed,
  outcome,
  show,
  showWhole,
  text,
} from './shared.js';

/** AWS-managed policies that let the holder change ECR content. */
const WRITE_POLICIES = new Set([
  'AmazonEC2ContainerRegistryFullAccess',
  'AmazonEC2ContainerRegistryPowerUser',
  'AmazonElasticContainerRegistryPublicFullAccess',
  'AdministratorAccess',
  'PowerUserAccess',
]);

const ECR_WRITE_ACTIONS = [
  'ecr:putimage',
  'ecr:initiatelayerupload',
  'ecr:uploadlayerpart',
  'ecr:completelayerupload',
  'ecr:batchdeleteimage',
  'ecr:deleterepository',
  'ecr:setrepositorypolicy',
  'ecr:deleterepositorypolicy',
  'ecr:putlifecyclepolicy',
  'ecr:createrepository',
  'ecr:putimagetagmutability',
  'ecr:replicateimage',
];

function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .toLowerCase()
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );
  return re.test(action);
}

/** ECR write actions an IAM action pattern grants ("ecr:*", "*", "ecr:Put*", …). NotAction is treated as broad. */
export function ecrWritesGranted(pattern: string): string[] {
  if (pattern.startsWith('NotAction:')) return ['NotAction (allows everything not listed)'];
  return ECR_WRITE_ACTIONS.filter((a) => actionMatches(pattern, a));
}

/** Customer-managed policies live in an account; AWS-managed ones under `arn:PARTITION:iam::aws:policy/`. */
export function isAwsManagedPolicy(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

function writesOf(actions: unknown): string[] {
  return [...new Set(asArray(actions).flatMap((a) => (typeof a === 'string' ? ecrWritesGranted(a) : [])))];
}

/**
 * CIS EKS 5.1.3. Node roles may pull from ECR but must not push or delete. AWS-managed policies are judged by name
 * (their contents are published and fixed); customer-managed and inline policies on what their documents allow. A
 * policy whose document was not read leaves the role not-assessed, naming the policy: it never passes unread.
 */
export const awsNodeRoleEcrReadOnly: CheckDefinition = {
  id: 'aws-node-role-ecr-read-only',
  title: 'Node roles have read-only access to ECR',
  severity: 'high',
  family: FAMILY,
  rationale:
    'Every pod that can reach the instance metadata service can act as the node role. If that role can push to ECR, ' +
    'one compromised pod can replace images that the whole fleet pulls.',
  deviation:
    'Judges whether the node role can change ECR content: Kubescape C-0223 fails any node role policy ' +
    'statement that is not exactly the four ECR pull actions, so the standard node role ' +
    '(AmazonEKSWorkerNodePolicy beside AmazonEC2ContainerRegistryReadOnly) fails there and passes here.',
  remediation:
    'Attach AmazonEC2ContainerRegistryReadOnly (or AmazonEC2ContainerRegistryPullOnly) to node roles and remove ' +
    'write grants: `aws iam detach-role-policy --role-name ROLE --policy-arn ARN`, and drop ecr write actions from ' +
    'customer-managed and inline policies. Give CI its own role for pushing.',
  references: { kubescape: ['C-0223'] },
  inputs: factInputs('nodeRolePolicies'),
  evaluate(snapshot): CheckOutcome {
    const roles = fact(snapshot, 'nodeRolePolicies');
    if (!roles) return missingFact('nodeRolePolicies');
    const failing: Finding[] = [];
    const unread: string[] = [];
    const evaluated: Observation[] = [];
    for (const role of roles) {
      const roleName = text(role.roleName, 'unknown');
      const attached = asArray(role.attachedPolicyArns).filter((a): a is string => typeof a === 'string');
      const inlineNames = asArray(role.inlinePolicies)
        .filter(isRecord)
        .map((p) => showWhole(p.policyName));
      evaluated.push(
        awsSeen(
          'IamRole',
          roleName,
          `attached policies: ${attached.length > 0 ? attached.map((a) => a.split('/').pop() ?? a).join(', ') : 'none'}; ` +
            `inline policies: ${inlineNames.length > 0 ? inlineNames.join(', ') : 'none'}`,
        ),
      );
      const customer = new Map(
        asArray(role.customerPolicies)
          .filter(isRecord)
          .map((p) => [text(p.policyArn), p] as const),
      );
      for (const arn of asArray(role.attachedPolicyArns)) {
        if (typeof arn !== 'string') continue;
        const name = arn.split('/').pop() ?? arn;
        if (isAwsManagedPolicy(arn)) {
          if (WRITE_POLICIES.has(name)) {
            failing.push(
              awsFinding('IamRole', roleName, `attached policy ${name} allows ECR writes`, 'attachedPolicyArns'),
            );
          }
          continue;
        }
        const read = customer.get(arn);
        if (!read || !Array.isArray(read.actions)) {
          unread.push(
            `${roleName}: customer-managed policy ${name} (${read ? text(read.unreadable, 'no document') : 'not read'})`,
          );
          continue;
        }
        const writes = writesOf(read.actions);
        if (writes.length > 0) {
          failing.push(
            awsFinding(
              'IamRole',
              roleName,
              `customer-managed policy ${name} allows ${writes.slice(0, 4).join(', ')}`,
              'customerPolicies',
            ),
          );
        }
      }
      for (const inline of asArray(role.inlinePolicies)) {
        if (!isRecord(inline)) continue;
        if (inline.unreadable !== undefined) {
          unread.push(`${roleName}: inline policy ${show(inline.policyName)} (${show(inline.unreadable)})`);
          continue;
        }
        const writes = writesOf(inline.actions);
        if (writes.length > 0) {
          failing.push(
            awsFinding(
              'IamRole',
              roleName,
              `inline policy ${show(inline.policyName)} allows ${writes.slice(0, 4).join(', ')}`,
              'inlinePolicies',
            ),
          );
        }
      }
    }
    if (failing.length === 0 && unread.length > 0) {
      return notAssessed(`policies whose grants could not be judged: ${unread.join('; ')}`, evaluated);
    }
    return outcome({ evaluated, failing, ifNoneEvaluated: 'no EC2 node roles (Fargate or EKS Auto Mode only)' });
  },
};
