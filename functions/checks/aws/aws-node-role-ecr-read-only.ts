import type { CheckDefinition, Finding } from '../types.js';
import {
  asArray,
  awsFinding,
  FAMILY,
  fact,
  factInputs,
  isRecord,
  missingFact,
  notApplicable,
  show,
  text,
  verdict,
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

/**
 * CIS EKS 5.1.3. Node roles may pull from ECR but must not push or delete. Customer-managed policies attached to the
 * role are not expanded (their documents are not collected); AWS-managed write policies and inline grants are.
 */
export const awsNodeRoleEcrReadOnly: CheckDefinition = {
  id: 'aws-node-role-ecr-read-only',
  title: 'Node roles have read-only access to ECR',
  severity: 'high',
  family: FAMILY,
  rationale:
    'Every pod that can reach the instance metadata service can act as the node role. If that role can push to ECR, ' +
    'one compromised pod can replace images that the whole fleet pulls.',
  remediation:
    'Attach AmazonEC2ContainerRegistryReadOnly (or AmazonEC2ContainerRegistryPullOnly) to node roles and remove ' +
    'write grants: `aws iam detach-role-policy --role-name ROLE --policy-arn ARN`, and drop ecr write actions from ' +
    'inline policies. Give CI its own role for pushing.',
  references: { kubescape: ['C-0223'] },
  inputs: factInputs('nodeRolePolicies'),
  evaluate(snapshot) {
    const roles = fact(snapshot, 'nodeRolePolicies');
    if (!roles) return missingFact('nodeRolePolicies');
    if (roles.length === 0) return notApplicable('no EC2 node roles (Fargate or EKS Auto Mode only)');
    const failing: Finding[] = [];
    for (const role of roles) {
      for (const arn of asArray(role.attachedPolicyArns)) {
        if (typeof arn !== 'string') continue;
        const name = arn.split('/').pop() ?? '';
        // Only AWS-managed policies have known contents.
        if (arn.includes(':aws:policy/') && WRITE_POLICIES.has(name)) {
          failing.push(
            awsFinding(
              'IamRole',
              text(role.roleName, 'unknown'),
              `attached policy ${name} allows ECR writes`,
              'attachedPolicyArns',
            ),
          );
        }
      }
      for (const inline of asArray(role.inlinePolicies)) {
        if (!isRecord(inline)) continue;
        const writes = new Set(
          asArray(inline.actions).flatMap((a) => (typeof a === 'string' ? ecrWritesGranted(a) : [])),
        );
        if (writes.size > 0) {
          failing.push(
            awsFinding(
              'IamRole',
              text(role.roleName, 'unknown'),
              `inline policy ${show(inline.policyName)} allows ${[...writes].slice(0, 4).join(', ')}`,
              'inlinePolicies',
            ),
          );
        }
      }
    }
    return verdict(failing, roles.length);
  },
};
