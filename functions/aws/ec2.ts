/** EC2 collectors: the nodes' instances, their subnets and the route tables that decide if those are public. */
import {
  type EC2Client,
  type Filter,
  paginateDescribeInstances,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
} from '@aws-sdk/client-ec2';
import type { InstanceFact, RouteTableFact, SubnetFact } from '../model/aws-facts.js';
import { call } from './errors.js';
import { plain } from './plain.js';

const LIVE_STATES: Filter = { Name: 'instance-state-name', Values: ['pending', 'running'] };
const CHUNK = 100;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function describeInstances(client: EC2Client, input: { InstanceIds?: string[]; Filters: Filter[] }) {
  const out: InstanceFact[] = [];
  await call('ec2:DescribeInstances', async () => {
    for await (const page of paginateDescribeInstances({ client }, input)) {
      for (const r of page.Reservations ?? []) out.push(...plain<InstanceFact[]>(r.Instances ?? []));
    }
  });
  return out;
}

/**
 * The cluster's node instances. With instance ids (from `Node.spec.providerID`) those are described; otherwise the
 * instances tagged for the cluster: managed node groups tag `eks:cluster-name`, self-managed nodes and Karpenter tag
 * `kubernetes.io/cluster/<name>`.
 */
export async function collectInstances(
  client: EC2Client,
  clusterName: string,
  instanceIds: readonly string[] = [],
): Promise<InstanceFact[]> {
  const found = new Map<string, InstanceFact>();
  const add = (list: InstanceFact[]) => {
    for (const i of list) if (i.InstanceId && !found.has(i.InstanceId)) found.set(i.InstanceId, i);
  };
  if (instanceIds.length > 0) {
    for (const ids of chunks(instanceIds))
      add(await describeInstances(client, { InstanceIds: ids, Filters: [LIVE_STATES] }));
    return [...found.values()];
  }
  add(
    await describeInstances(client, {
      Filters: [{ Name: 'tag:eks:cluster-name', Values: [clusterName] }, LIVE_STATES],
    }),
  );
  add(
    await describeInstances(client, {
      Filters: [{ Name: `tag:kubernetes.io/cluster/${clusterName}`, Values: ['owned', 'shared'] }, LIVE_STATES],
    }),
  );
  return [...found.values()];
}

export async function collectSubnets(client: EC2Client, subnetIds: readonly string[]): Promise<SubnetFact[]> {
  const out: SubnetFact[] = [];
  for (const ids of chunks([...new Set(subnetIds)])) {
    await call('ec2:DescribeSubnets', async () => {
      for await (const page of paginateDescribeSubnets({ client }, { SubnetIds: ids }))
        out.push(...plain<SubnetFact[]>(page.Subnets ?? []));
    });
  }
  return out;
}

/**
 * Route tables that govern the subnets: the ones explicitly associated with them, plus each VPC's main table (used
 * by subnets without an explicit association).
 */
export async function collectRouteTables(
  client: EC2Client,
  subnetIds: readonly string[],
  vpcIds: readonly string[],
): Promise<RouteTableFact[]> {
  const found = new Map<string, RouteTableFact>();
  const run = async (Filters: Filter[]) =>
    call('ec2:DescribeRouteTables', async () => {
      for await (const page of paginateDescribeRouteTables({ client }, { Filters })) {
        for (const t of plain<RouteTableFact[]>(page.RouteTables ?? []))
          if (t.RouteTableId && !found.has(t.RouteTableId)) found.set(t.RouteTableId, t);
      }
    });
  for (const ids of chunks([...new Set(subnetIds)])) await run([{ Name: 'association.subnet-id', Values: ids }]);
  for (const ids of chunks([...new Set(vpcIds)]))
    await run([
      { Name: 'vpc-id', Values: ids },
      { Name: 'association.main', Values: ['true'] },
    ]);
  return [...found.values()];
}
