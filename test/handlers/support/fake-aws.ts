/**
 * A fake AWS endpoint on 127.0.0.1 for the bundled handlers: EKS ListClusters (paginated) and DescribeCluster from a
 * table of clusters, STS GetCallerIdentity (the scan's identity, FAKE_CALLER_ARN), and AccessDenied for every other
 * call of every service (the AWS-side collectors then record gaps). Each request is logged with the service named in
 * its SigV4 credential scope (and STS's Action), so a test can assert which STS calls were made.
 *
 * Other accounts: `otherAccounts` gives each its clusters, `assumableRoles` the role ARNs STS AssumeRole grants (any
 * other is AccessDenied), and `organization` what Organizations ListAccounts answers. A session's access key names
 * its account (ASIA<account>), so every call made with it sees that account's clusters and identity.
 *
 * `latencyMs` holds every answer back by that long (the benchmark of discovery across an organization, as a
 * network's round trip would); `organizationPageSize` pages ListAccounts as AWS does (at most 20 a page).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEksCluster {
  name: string;
  endpoint: string;
  caData: string;
  tags?: Record<string, string>;
  version?: string;
}

export interface FakeAwsRequest {
  service: string;
  method: string;
  path: string;
  /** The query protocol's Action (STS), or the JSON protocol's target operation (Organizations). */
  action?: string;
  /** The account the request was signed for (a session key from AssumeRole names its account). */
  account: string;
  /** AssumeRole's RoleArn, when it was granted. */
  roleArn?: string;
}

export interface FakeAws {
  url: string;
  requests: FakeAwsRequest[];
  close(): Promise<void>;
}

const ACCOUNT = '111122223333';
/** Who the fake says the caller is: the scan role's session, as a deployed Scan function would be. */
export const FAKE_CALLER_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/EksComplianceScan/fake-session`;

function serviceOf(authorization: string | undefined): string {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? '')?.[1] ?? 'unsigned';
}

/** The region the request was signed for: one fake answers every region, each cluster ARN naming the one asked. */
function regionOf(authorization: string | undefined): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\/[^/]+\/aws4_request/.exec(authorization ?? '')?.[1];
}

/** The account a request is signed for: a fake session key names it (ASIA + 12 digits), else the caller's own. */
function accountOf(authorization: string | undefined): string {
  return /Credential=ASIA(\d{12})/.exec(authorization ?? '')?.[1] ?? ACCOUNT;
}

export interface FakeAwsOptions {
  region: string;
  clusters: FakeEksCluster[];
  pageSize?: number;
  otherAccounts?: Record<string, FakeEksCluster[]>;
  assumableRoles?: string[];
  organization?: Array<{ Id: string; State: string }>;
  /** Accounts per ListAccounts page (NextToken for the rest); all in one page when unset. */
  organizationPageSize?: number;
  /** A fixed delay before each request is answered. */
  latencyMs?: number;
}

function assumeRoleAnswer(roleArn: string): string {
  const [, , , , account, resource] = roleArn.split(':');
  const expiration = new Date(Date.now() + 3_600_000).toISOString();
  return (
    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>` +
    `<AccessKeyId>ASIA${account}</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey>` +
    `<SessionToken>fake-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
    `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${resource.slice('role/'.length)}/fake-session</Arn>` +
    `<AssumedRoleId>AROAFAKE:fake-session</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>` +
    `<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}

export async function startFakeAws(options: FakeAwsOptions) {
  const requests: FakeAwsRequest[] = [];
  const pageSize = options.pageSize ?? 2;
  const clustersOf = (account: string) =>
    account === ACCOUNT ? options.clusters : (options.otherAccounts?.[account] ?? []);
  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const service = serviceOf(req.headers.authorization);
    const account = accountOf(req.headers.authorization);
    const request: FakeAwsRequest = { service, method: req.method ?? 'GET', path: url.pathname, account };
    requests.push(request);
    if (service === 'organizations' && options.organization) {
      request.action = String(req.headers['x-amz-target'] ?? '').split('.')[1];
      if (request.action === 'ListAccounts') {
        const accounts = options.organization;
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { NextToken?: string };
          const start = Number(body.NextToken ?? 0);
          const end = Math.min(accounts.length, start + (options.organizationPageSize ?? accounts.length));
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(
            JSON.stringify({
              Accounts: accounts.slice(start, end),
              ...(end < accounts.length ? { NextToken: String(end) } : {}),
            }),
          );
        });
        return;
      }
    }
    if (service === 'sts') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        request.action = form.get('Action') ?? undefined;
        const roleArn = form.get('RoleArn') ?? '';
        if (request.action === 'AssumeRole' && options.assumableRoles?.includes(roleArn)) {
          request.roleArn = roleArn;
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(assumeRoleAnswer(roleArn));
          return;
        }
        if (request.action !== 'GetCallerIdentity') {
          res.writeHead(403, { 'content-type': 'text/xml' });
          res.end(
            `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>fake AWS: sts ${request.action} is denied</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${FAKE_CALLER_ARN.replace(ACCOUNT, account)}</Arn><UserId>AROAFAKE:fake-session</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      });
      return;
    }
    req.resume();
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (service === 'eks' && req.method === 'GET' && url.pathname === '/clusters') {
      const start = Number(url.searchParams.get('nextToken') ?? 0);
      const names = clustersOf(account).map((c) => c.name);
      const end = Math.min(names.length, start + pageSize);
      json(200, { clusters: names.slice(start, end), ...(end < names.length ? { nextToken: String(end) } : {}) });
      return;
    }
    const describe = /^\/clusters\/([^/]+)$/.exec(url.pathname);
    if (service === 'eks' && req.method === 'GET' && describe) {
      const c = clustersOf(account).find((x) => x.name === decodeURIComponent(describe[1]));
      if (!c) {
        json(404, { message: 'No cluster found' }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
        return;
      }
      json(200, {
        cluster: {
          name: c.name,
          arn: `arn:aws:eks:${regionOf(req.headers.authorization) ?? options.region}:${account}:cluster/${c.name}`,
          endpoint: c.endpoint,
          certificateAuthority: { data: c.caData },
          version: c.version ?? '1.31',
          platformVersion: 'eks.10',
          status: 'ACTIVE',
          tags: c.tags ?? {},
          resourcesVpcConfig: {
            endpointPublicAccess: true,
            endpointPrivateAccess: false,
            publicAccessCidrs: ['0.0.0.0/0'],
          },
          logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: true }] },
        },
      });
      return;
    }
    json(
      403,
      { message: `fake AWS: ${service} ${url.pathname} is denied` },
      { 'x-amzn-errortype': 'AccessDeniedException' },
    );
  };
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    if (!options.latencyMs) return answer(req, res);
    const t = setTimeout(() => {
      timers.delete(t);
      answer(req, res);
    }, options.latencyMs);
    timers.add(t);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeAws = {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
