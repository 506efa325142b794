/**
 * The names the Report step's integrations share with the stack that grants them: the EventBridge source and
 * detail types its rules match on, and the Security Hub product ARN it imports findings under. No SDK imports here:
 * infra/ reads this while synthesising.
 */
export const EVENT_SOURCE = 'eks-compliance-reporter';
export const DETAIL_TYPE = { completed: 'Compliance Run Completed', failed: 'Cluster Scan Failed' } as const;

/** The product ARN of an account's own (custom) integration with Security Hub. */
export function securityHubProductArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}
