/**
 * The AWS partition a region belongs to: its ARN prefix and the DNS suffix of its endpoints. China and GovCloud
 * regions are in their own partitions (`arn:aws-cn:…` at `*.amazonaws.com.cn`, `arn:aws-us-gov:…`), so an STS host
 * or an ARN built for `aws` fails there.
 */
export interface Partition {
  id: 'aws' | 'aws-cn' | 'aws-us-gov';
  dnsSuffix: string;
}

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return { id: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { id: 'aws-us-gov', dnsSuffix: 'amazonaws.com' };
  return { id: 'aws', dnsSuffix: 'amazonaws.com' };
}

/** An ARN of any partition (`arn:aws:`, `arn:aws-cn:`, `arn:aws-us-gov:`) for this service. */
export function isArnOf(service: string, value: unknown): boolean {
  return typeof value === 'string' && new RegExp(`^arn:aws(-[a-z]+)*:${service}:`).test(value);
}
