import type { RouteTableFact, SubnetFact } from '../../model/aws-facts.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import {
  asArray,
  awsFinding,
  awsSeen,
  FAMILY,
  fact,
  factInputs,
  isRecord,
  missingFact,
  outcome,
  show,
  showWhole,
  text,
} from './shared.js';

/** The table that routes a subnet: its explicit association, else its VPC's main table. */
export function routeTableOf(subnet: SubnetFact, tables: readonly RouteTableFact[]): RouteTableFact | undefined {
  const explicit = tables.find((t) =>
    asArray(t.Associations).some((a) => isRecord(a) && a.SubnetId === subnet.SubnetId),
  );
  if (explicit) return explicit;
  return tables.find(
    (t) => t.VpcId === subnet.VpcId && asArray(t.Associations).some((a) => isRecord(a) && a.Main === true),
  );
}

function internetRoute(table: RouteTableFact): string | undefined {
  for (const r of asArray(table.Routes)) {
    if (!isRecord(r) || typeof r.GatewayId !== 'string' || !r.GatewayId.startsWith('igw-')) continue;
    if (r.DestinationCidrBlock === '0.0.0.0/0' || r.DestinationIpv6CidrBlock === '::/0') return r.GatewayId;
  }
  return undefined;
}

/**
 * CIS EKS 5.4.3, as its note intends (Kubescape and Prowler only re-read the endpoint flags): nodes have no public
 * IPs and sit in subnets that neither hand out public IPs nor route 0.0.0.0/0 to an internet gateway.
 */
export const awsPrivateNodes: CheckDefinition = {
  id: 'aws-private-nodes',
  title: 'Nodes run in private subnets without public IP addresses',
  severity: 'high',
  family: FAMILY,
  rationale:
    'A node with a public address is reachable from the internet on every port its security groups allow: the ' +
    'kubelet (10250), NodePorts, SSH. Private subnets with egress through a NAT gateway keep nodes out of reach.',
  deviation:
    'Judges what CIS 5.4.3 is about, the nodes (public IPs, subnets that assign them or route 0.0.0.0/0 ' +
    'to an internet gateway), where Kubescape C-0229 reads the endpoint flags: a public endpoint open to ' +
    '0.0.0.0/0 fails there whatever the nodes, and a node with a public IP passes there.',
  remediation:
    'Launch node groups into private subnets (route 0.0.0.0/0 to a NAT gateway, not an internet gateway), set ' +
    '`MapPublicIpOnLaunch` to false on them (`aws ec2 modify-subnet-attribute --subnet-id ID ' +
    '--no-map-public-ip-on-launch`) and `AssociatePublicIpAddress: false` in launch templates; replace the nodes.',
  references: { kubescape: ['C-0229'] },
  inputs: factInputs('instances', 'subnets', 'routeTables'),
  evaluate(snapshot) {
    const instances = fact(snapshot, 'instances');
    const subnets = fact(snapshot, 'subnets');
    const tables = fact(snapshot, 'routeTables');
    if (!instances) return missingFact('instances');
    if (!subnets) return missingFact('subnets');
    if (!tables) return missingFact('routeTables');
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const inst of instances) {
      const id = text(inst.InstanceId, 'unknown');
      evaluated.push(awsSeen('Instance', id, `PublicIpAddress: ${showWhole(inst.PublicIpAddress, 'none')}`));
      if (inst.PublicIpAddress) {
        failing.push(awsFinding('Instance', id, `has public IP ${show(inst.PublicIpAddress)}`, 'PublicIpAddress'));
      }
    }
    for (const subnet of subnets) {
      const id = text(subnet.SubnetId, 'unknown');
      const table = routeTableOf(subnet, tables);
      const igw = table ? internetRoute(table) : undefined;
      evaluated.push(
        awsSeen(
          'Subnet',
          id,
          `MapPublicIpOnLaunch: ${showWhole(subnet.MapPublicIpOnLaunch, 'unset')}; route table ${showWhole(table?.RouteTableId, 'none found')}` +
            `${igw ? ` sends 0.0.0.0/0 to ${showWhole(igw)}` : ' has no default route to an internet gateway'}`,
        ),
      );
      if (subnet.MapPublicIpOnLaunch === true) {
        failing.push(awsFinding('Subnet', id, 'MapPublicIpOnLaunch is true', 'MapPublicIpOnLaunch'));
      }
      if (igw) {
        failing.push(
          awsFinding(
            'Subnet',
            id,
            `route table ${show(table?.RouteTableId)} sends 0.0.0.0/0 to ${show(igw)}`,
            'Routes',
          ),
        );
      }
    }
    return outcome({ evaluated, failing, ifNoneEvaluated: 'no EC2 nodes (Fargate or EKS Auto Mode only)' });
  },
};
