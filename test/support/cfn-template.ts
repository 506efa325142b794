/** Reading synthesised CloudFormation templates in tests. */

/**
 * A template value with the partition resolved to `aws`, as CloudFormation makes of it in the aws partition:
 * `{Ref: AWS::Partition}` and `Fn::Join`s of plain parts; anything else is returned as it is.
 */
export function resolveInAwsPartition(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Record<string, unknown>;
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(resolveInAwsPartition).join(separator);
  }
  return value;
}
