/**
 * A fake AWS endpoint on 127.0.0.1 for the bundled handlers: EKS ListClusters (paginated) and DescribeCluster from a
 * table of clusters, STS GetCallerIdentity (the scan's identity, FAKE_CALLER_ARN), and AccessDenied for every other
 * call of every service (the AWS-side collectors then record gaps). Each request is logged with the service named in
 * its SigV4 credential scope (and STS's Action), so a test can assert which STS calls were made.
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
  /** The query protocol's Action (STS), when the body names one. */
  action?: string;
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

export async function startFakeAws(options: { region: string; clusters: FakeEksCluster[]; pageSize?: number }) {
  const requests: FakeAwsRequest[] = [];
  const pageSize = options.pageSize ?? 2;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const service = serviceOf(req.headers.authorization);
    const request: FakeAwsRequest = { service, method: req.method ?? 'GET', path: url.pathname };
    requests.push(request);
    if (service === 'sts') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        request.action = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('Action') ?? undefined;
        if (request.action !== 'GetCallerIdentity') {
          res.writeHead(403, { 'content-type': 'text/xml' });
          res.end(
            `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>fake AWS: sts ${request.action} is denied</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${FAKE_CALLER_ARN}</Arn><UserId>AROAFAKE:fake-session</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
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
      const names = options.clusters.map((c) => c.name);
      const end = Math.min(names.length, start + pageSize);
      json(200, { clusters: names.slice(start, end), ...(end < names.length ? { nextToken: String(end) } : {}) });
      return;
    }
    const describe = /^\/clusters\/([^/]+)$/.exec(url.pathname);
    if (service === 'eks' && req.method === 'GET' && describe) {
      const c = options.clusters.find((x) => x.name === decodeURIComponent(describe[1]));
      if (!c) {
        json(404, { message: 'No cluster found' }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
        return;
      }
      json(200, {
        cluster: {
          name: c.name,
          arn: `arn:aws:eks:${regionOf(req.headers.authorization) ?? options.region}:${ACCOUNT}:cluster/${c.name}`,
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
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeAws = {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
