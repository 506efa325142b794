/** IAM collector: what the node roles may do, for "ECR access is read-only" (CIS 5.1.3). */
import {
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  type IAMClient,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import type { NodeRolePoliciesFact } from '../model/aws-facts.js';
import { call } from './errors.js';

export function roleNameFromArn(arn: string): string {
  // arn:aws:iam::123456789012:role/path/to/Name → Name
  const resource = arn.split(':').slice(5).join(':');
  return resource.split('/').pop() ?? resource;
}

/** The Allow actions of a policy document (IAM returns it URL-encoded). NotAction statements are kept as "NotAction:…". */
export function allowedActions(document: string): string[] {
  return readPolicyDocument(document) ?? [];
}

/** Like `allowedActions`, but null when the document is not URL-encoded JSON: an unread document is not "no grants". */
export function readPolicyDocument(document: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(document));
  } catch {
    return null;
  }
  const statements = (parsed as { Statement?: unknown })?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  const actions: string[] = [];
  for (const st of list) {
    if (!st || typeof st !== 'object' || (st as { Effect?: unknown }).Effect !== 'Allow') continue;
    const { Action, NotAction } = st as { Action?: unknown; NotAction?: unknown };
    for (const a of [Action].flat()) if (typeof a === 'string') actions.push(a);
    for (const a of [NotAction].flat()) if (typeof a === 'string') actions.push(`NotAction:${a}`);
  }
  return actions;
}

/** Role names behind instance profiles (self-managed and Karpenter nodes have no node group to name the role). */
export async function rolesOfInstanceProfiles(client: IAMClient, profileArns: readonly string[]): Promise<string[]> {
  const roles = new Set<string>();
  for (const arn of new Set(profileArns)) {
    const InstanceProfileName = roleNameFromArn(arn);
    const res = await call('iam:GetInstanceProfile', () =>
      client.send(new GetInstanceProfileCommand({ InstanceProfileName })),
    );
    for (const r of res.InstanceProfile?.Roles ?? []) if (r.RoleName) roles.add(r.RoleName);
  }
  return [...roles];
}

/** The document of a managed policy's default version (iam:GetPolicy names it, iam:GetPolicyVersion returns it). */
async function defaultVersionDocument(client: IAMClient, PolicyArn: string): Promise<string> {
  const policy = await call('iam:GetPolicy', () => client.send(new GetPolicyCommand({ PolicyArn })));
  const VersionId = policy.Policy?.DefaultVersionId;
  if (!VersionId) throw new Error(`iam:GetPolicy returned no default version for ${PolicyArn}`);
  const version = await call('iam:GetPolicyVersion', () =>
    client.send(new GetPolicyVersionCommand({ PolicyArn, VersionId })),
  );
  return version.PolicyVersion?.Document ?? '';
}

/**
 * One policy's Allow actions, or why they are unknown. A denied or failing read costs that policy only: the check
 * reports it as not judged rather than losing every node role.
 */
async function readOne(fetch: () => Promise<string>): Promise<{ actions: string[] } | { unreadable: string }> {
  let document: string;
  try {
    document = await fetch();
  } catch (err) {
    return { unreadable: err instanceof Error ? err.message : String(err) };
  }
  const actions = readPolicyDocument(document);
  return actions ? { actions } : { unreadable: 'the policy document is not URL-encoded JSON' };
}

export async function collectNodeRolePolicies(
  client: IAMClient,
  roles: readonly { roleName: string; roleArn?: string }[],
): Promise<NodeRolePoliciesFact[]> {
  const out: NodeRolePoliciesFact[] = [];
  const seen = new Set<string>();
  for (const { roleName, roleArn } of roles) {
    if (seen.has(roleName)) continue;
    seen.add(roleName);
    const attachedPolicyArns: string[] = [];
    await call('iam:ListAttachedRolePolicies', async () => {
      for await (const page of paginateListAttachedRolePolicies({ client }, { RoleName: roleName }))
        for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) attachedPolicyArns.push(p.PolicyArn);
    });
    const inlineNames: string[] = [];
    await call('iam:ListRolePolicies', async () => {
      for await (const page of paginateListRolePolicies({ client }, { RoleName: roleName }))
        inlineNames.push(...(page.PolicyNames ?? []));
    });
    const inlinePolicies: NodeRolePoliciesFact['inlinePolicies'] = [];
    for (const policyName of inlineNames) {
      const read = await readOne(async () => {
        const res = await call('iam:GetRolePolicy', () =>
          client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
        );
        return res.PolicyDocument ?? '';
      });
      inlinePolicies.push(
        'actions' in read
          ? { policyName, actions: read.actions }
          : { policyName, actions: [], unreadable: read.unreadable },
      );
    }
    const customerPolicies: NonNullable<NodeRolePoliciesFact['customerPolicies']> = [];
    for (const policyArn of attachedPolicyArns.filter((arn) => !/^arn:[^:]+:iam::aws:policy\//.test(arn))) {
      customerPolicies.push({ policyArn, ...(await readOne(() => defaultVersionDocument(client, policyArn))) });
    }
    const fact: NodeRolePoliciesFact = { roleName, attachedPolicyArns, inlinePolicies };
    if (customerPolicies.length > 0) fact.customerPolicies = customerPolicies;
    if (roleArn) fact.roleArn = roleArn;
    out.push(fact);
  }
  return out;
}
