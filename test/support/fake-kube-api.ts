/**
 * A fake Kubernetes API server for tests and benchmarks: real HTTPS on 127.0.0.1 with a CA made at start-up,
 * list endpoints served from fixture objects with limit/continue pagination, metadata-only lists, discovery
 * (enough for kubectl), /version, node configz, a request log, a bearer-token check and fault modes per path.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { tool } from './tools.js';

const run = promisify(execFile);

// ---------------------------------------------------------------------------------------------------------------
// Certificates

export interface TestCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** A fresh CA and a server certificate for 127.0.0.1/localhost signed by it (EC P-256, valid 2 days). */
export async function generateCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-kube-ca-'));
  const p = (f: string) => join(dir, f);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    const openssl = tool('openssl');
    await run(openssl, [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      p('ca.key'),
      '-out',
      p('ca.crt'),
      '-days',
      '2',
      '-subj',
      '/CN=fake-kube-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await run(openssl, ['req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1']);
    await writeFile(
      p('ext.cnf'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n',
    );
    await run(openssl, [
      'x509',
      '-req',
      '-in',
      p('server.csr'),
      '-CA',
      p('ca.crt'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-out',
      p('server.crt'),
      '-days',
      '2',
      '-extfile',
      p('ext.cnf'),
    ]);
    const [caPem, certPem, keyPem] = await Promise.all(
      ['ca.crt', 'server.crt', 'server.key'].map((f) => readFile(p(f), 'utf8')),
    );
    return { caPem, certPem, keyPem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let shared: Promise<TestCertificates> | undefined;
/** One set per test process: generating keys is the slowest part of starting a server. */
export function sharedCertificates(): Promise<TestCertificates> {
  shared ??= generateCertificates();
  return shared;
}

// ---------------------------------------------------------------------------------------------------------------
// Resources

interface ServedResource {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

const r = (group: string, version: string, resource: string, kind: string, namespaced: boolean): ServedResource => ({
  group,
  version,
  resource,
  kind,
  namespaced,
});

export const SERVED_RESOURCES: readonly ServedResource[] = [
  r('', 'v1', 'namespaces', 'Namespace', false),
  r('', 'v1', 'pods', 'Pod', true),
  r('', 'v1', 'services', 'Service', true),
  r('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  r('', 'v1', 'configmaps', 'ConfigMap', true),
  r('', 'v1', 'secrets', 'Secret', true),
  r('', 'v1', 'nodes', 'Node', false),
  r('', 'v1', 'persistentvolumes', 'PersistentVolume', false),
  r('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true),
  r('', 'v1', 'limitranges', 'LimitRange', true),
  r('', 'v1', 'resourcequotas', 'ResourceQuota', true),
  r('apps', 'v1', 'deployments', 'Deployment', true),
  r('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  r('apps', 'v1', 'statefulsets', 'StatefulSet', true),
  r('apps', 'v1', 'daemonsets', 'DaemonSet', true),
  r('batch', 'v1', 'jobs', 'Job', true),
  r('batch', 'v1', 'cronjobs', 'CronJob', true),
  r('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true),
  r('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true),
  r('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  r('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  r('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  r('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  r('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false),
  r('storage.k8s.io', 'v1', 'csidrivers', 'CSIDriver', false),
  r('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false),
  r('admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false),
  r('admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicies', 'ValidatingAdmissionPolicy', false),
  r(
    'admissionregistration.k8s.io',
    'v1',
    'validatingadmissionpolicybindings',
    'ValidatingAdmissionPolicyBinding',
    false,
  ),
  r('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false),
  // Served as if Cilium's and Calico's CRDs were installed (FakeKubeOptions.unservedGroups takes them away).
  r('cilium.io', 'v2', 'ciliumnetworkpolicies', 'CiliumNetworkPolicy', true),
  r('cilium.io', 'v2', 'ciliumclusterwidenetworkpolicies', 'CiliumClusterwideNetworkPolicy', false),
  r('crd.projectcalico.org', 'v1', 'networkpolicies', 'NetworkPolicy', true),
  r('crd.projectcalico.org', 'v1', 'globalnetworkpolicies', 'GlobalNetworkPolicy', false),
  // And as if Kyverno and Gatekeeper (with the library's pod-security templates) were installed.
  r('kyverno.io', 'v1', 'clusterpolicies', 'ClusterPolicy', false),
  r('kyverno.io', 'v1', 'policies', 'Policy', true),
  r('templates.gatekeeper.sh', 'v1', 'constrainttemplates', 'ConstraintTemplate', false),
  r('constraints.gatekeeper.sh', 'v1beta1', 'k8spspprivilegedcontainer', 'K8sPSPPrivilegedContainer', false),
  r('constraints.gatekeeper.sh', 'v1beta1', 'k8spsphostnamespace', 'K8sPSPHostNamespace', false),
  r('constraints.gatekeeper.sh', 'v1beta1', 'k8spsphostnetworkingports', 'K8sPSPHostNetworkingPorts', false),
  r(
    'constraints.gatekeeper.sh',
    'v1beta1',
    'k8spspallowprivilegeescalationcontainer',
    'K8sPSPAllowPrivilegeEscalationContainer',
    false,
  ),
];

const groupVersion = (s: ServedResource) => (s.group === '' ? s.version : `${s.group}/${s.version}`);
const basePath = (s: ServedResource) => (s.group === '' ? `/api/${s.version}` : `/apis/${s.group}/${s.version}`);

// ---------------------------------------------------------------------------------------------------------------
// Options, faults, log

export type Fault =
  | { type: 'status'; status: number; message?: string }
  /** 410 Gone, only on requests that carry a continue token. */
  | { type: 'gone-on-continue' }
  | { type: 'too-many-requests'; retryAfterSeconds: number }
  | { type: 'slow'; delayMs: number }
  | { type: 'reset' }
  | { type: 'malformed-json' }
  | { type: 'truncated' }
  /**
   * A valid list answer, gzip-encoded, whose JSON is padded with spaces to `expandedBytes` once decompressed (a
   * few hundred KB on the wire for hundreds of MB). Sent whatever the client accepts, as a hostile server would.
   */
  | { type: 'gzip-bomb'; expandedBytes: number }
  /** A valid list answer padded to `bytes`, not compressed, streamed without Content-Length. */
  | { type: 'oversized'; bytes: number };

export interface FaultRule {
  /** Exact request path (no query), or a pattern. */
  path: string | RegExp;
  fault: Fault;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
}

/** The auth problem of a valid token whose principal the cluster does not map (EKS says only "Unauthorized"). */
const NO_ACCESS_ENTRY = 'no access entry';

export interface FakeKubeOptions {
  // biome-ignore lint/suspicious/noExplicitAny: fixture objects in API shape
  objects: any[];
  /** The bearer token every request must carry (401 otherwise). */
  token?: string;
  /**
   * Instead of a fixed token: accept any token of the EKS form (k8s-aws-v1. + a presigned STS URL for this cluster).
   * `noAccessEntry`: a well-formed token is still refused with EKS's bare 401 "Unauthorized", as for a principal
   * without an access entry.
   */
  eksToken?: { clusterName: string; region: string; noAccessEntry?: boolean };
  /** Added to every response. */
  latencyMs?: number;
  faults?: FaultRule[];
  /** configz answers by node name (the `kubeletconfig` object); nodes not here answer 404. */
  kubeletConfigs?: Record<string, Record<string, unknown>>;
  version?: Record<string, string>;
  certificates?: TestCertificates;
  /** Gzip responses when the client accepts it (as the real API server does above 128 KB). */
  gzip?: boolean;
  /** API groups answered with 404, as when their CRDs are not installed (e.g. ["cilium.io"]). */
  unservedGroups?: string[];
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  accept: string;
  authorization: boolean;
  status: number;
}

export interface FakeKubeServer {
  url: string;
  caPem: string;
  /** base64 of caPem, as kubeconfig and EKS give it. */
  caData: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

/** Checks the form of an EKS token; returns why it is wrong, or undefined. */
export function eksTokenProblem(token: string, expected: { clusterName: string; region: string }): string | undefined {
  const prefix = 'k8s-aws-v1.';
  if (!token.startsWith(prefix)) return 'no k8s-aws-v1. prefix';
  const encoded = token.slice(prefix.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return 'not base64url without padding';
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return 'does not decode to a URL';
  }
  const q = url.searchParams;
  if (url.protocol !== 'https:' || url.host !== `sts.${expected.region}.amazonaws.com`) return `wrong host ${url.host}`;
  if (q.get('Action') !== 'GetCallerIdentity') return 'not GetCallerIdentity';
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return 'not SigV4';
  if (!(q.get('X-Amz-SignedHeaders') ?? '').split(';').includes('x-k8s-aws-id')) return 'x-k8s-aws-id is not signed';
  if (Number(q.get('X-Amz-Expires')) > 60 || !q.get('X-Amz-Expires')) return 'X-Amz-Expires missing or above 60';
  if (!q.get('X-Amz-Signature')) return 'no signature';
  if (!(q.get('X-Amz-Credential') ?? '').includes(`/${expected.region}/sts/aws4_request`)) return 'credential scope';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The server

const METADATA_AS = 'as=PartialObjectMetadataList';

/** `{"kind":"List","items":[` + spaces + `]}` to `expandedBytes`, gzip-compressed; made once per size per process. */
const bombs = new Map<number, Promise<Buffer>>();
export function gzipBomb(expandedBytes: number): Promise<Buffer> {
  let made = bombs.get(expandedBytes);
  if (!made) {
    made = new Promise<Buffer>((resolve, reject) => {
      const gzip = createGzip({ level: constants.Z_BEST_COMPRESSION });
      const out: Buffer[] = [];
      gzip.on('data', (c: Buffer) => out.push(c));
      gzip.on('end', () => resolve(Buffer.concat(out)));
      gzip.on('error', reject);
      const head = '{"kind":"List","metadata":{},"items":[';
      const tail = ']}';
      const spaces = Buffer.alloc(1024 * 1024, 0x20);
      gzip.write(head);
      let left = expandedBytes - head.length - tail.length;
      const pump = () => {
        while (left > 0) {
          const chunk = left >= spaces.length ? spaces : spaces.subarray(0, left);
          left -= chunk.length;
          if (!gzip.write(chunk)) return void gzip.once('drain', pump);
        }
        gzip.end(tail);
      };
      pump();
    });
    bombs.set(expandedBytes, made);
  }
  return made;
}

// biome-ignore lint/suspicious/noExplicitAny: fixture objects in API shape
type Obj = any;

export async function startFakeKubeApi(options: FakeKubeOptions): Promise<FakeKubeServer> {
  const certs = options.certificates ?? (await sharedCertificates());
  const requests: LoggedRequest[] = [];
  const faults = (options.faults ?? []).map((f) => ({ ...f, left: f.times ?? Number.POSITIVE_INFINITY }));
  const timers = new Set<NodeJS.Timeout>();

  const byResource = new Map<ServedResource, Obj[]>();
  for (const s of SERVED_RESOURCES) byResource.set(s, []);
  for (const o of options.objects) {
    const served = SERVED_RESOURCES.find((s) => s.kind === o.kind && groupVersion(s) === o.apiVersion);
    if (!served) throw new Error(`fake-kube-api: no served resource for ${o.apiVersion} ${o.kind}`);
    byResource.get(served)?.push(o);
  }
  const key = (o: Obj) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  for (const list of byResource.values()) list.sort((a, b) => key(a).localeCompare(key(b)));

  const routes = new Map<string, ServedResource>();
  for (const s of SERVED_RESOURCES)
    if (!options.unservedGroups?.includes(s.group)) routes.set(`${basePath(s)}/${s.resource}`, s);

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.destroyed) return;
    const text = JSON.stringify(body);
    if (options.gzip && /\bgzip\b/.test(String(res.req.headers['accept-encoding'] ?? ''))) {
      const zipped = gzipSync(text);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        'Content-Length': zipped.length,
        ...headers,
      });
      res.end(zipped);
      return;
    }
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }
  const statusBody = (code: number, reason: string, message: string) => ({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });

  function takeFault(path: string, query: URLSearchParams): Fault | undefined {
    for (const f of faults) {
      if (f.left <= 0) continue;
      if (typeof f.path === 'string' ? f.path !== path : !f.path.test(path)) continue;
      if (f.fault.type === 'gone-on-continue' && !query.get('continue')) continue;
      f.left--;
      return f.fault;
    }
    return undefined;
  }

  function authProblem(header: string | undefined): string | undefined {
    if (!options.token && !options.eksToken) return undefined;
    if (!header?.startsWith('Bearer ')) return 'no bearer token';
    const token = header.slice('Bearer '.length);
    if (options.token !== undefined) return token === options.token ? undefined : 'wrong token';
    if (!options.eksToken) return undefined;
    return eksTokenProblem(token, options.eksToken) ?? (options.eksToken.noAccessEntry ? NO_ACCESS_ENTRY : undefined);
  }

  function serveList(
    s: ServedResource,
    namespace: string | undefined,
    query: URLSearchParams,
    accept: string,
  ): [number, unknown] {
    let items = byResource.get(s) ?? [];
    if (namespace) items = items.filter((o) => o.metadata.namespace === namespace);
    const limit = Number(query.get('limit') ?? 0);
    let offset = 0;
    const cont = query.get('continue');
    if (cont) {
      try {
        const parsed = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8'));
        if (parsed.r !== s.resource || parsed.ns !== (namespace ?? '')) throw new Error('token for another list');
        offset = Number(parsed.o);
      } catch {
        return [400, statusBody(400, 'BadRequest', 'continue key is not valid')];
      }
    }
    const end = limit > 0 ? Math.min(items.length, offset + limit) : items.length;
    const page = items.slice(offset, end);
    const next =
      end < items.length
        ? Buffer.from(JSON.stringify({ r: s.resource, ns: namespace ?? '', o: end })).toString('base64url')
        : undefined;
    const listMeta: Record<string, unknown> = { resourceVersion: '1000' };
    if (next) {
      listMeta.continue = next;
      listMeta.remainingItemCount = items.length - end;
    }
    if (accept.includes(METADATA_AS)) {
      return [
        200,
        {
          kind: 'PartialObjectMetadataList',
          apiVersion: 'meta.k8s.io/v1',
          metadata: listMeta,
          items: page.map((o) => ({
            kind: 'PartialObjectMetadata',
            apiVersion: 'meta.k8s.io/v1',
            metadata: o.metadata,
          })),
        },
      ];
    }
    // Like the real API server: items of a typed list carry no apiVersion/kind.
    const bare = page.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
    return [200, { kind: `${s.kind}List`, apiVersion: groupVersion(s), metadata: listMeta, items: bare }];
  }

  function discovery(path: string): unknown | undefined {
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
    const groups = [...new Set(SERVED_RESOURCES.filter((s) => s.group !== '').map((s) => `${s.group}/${s.version}`))];
    if (path === '/apis') {
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((gv) => {
          const [name, version] = gv.split('/');
          return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
        }),
      };
    }
    const gv = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') ? path.slice('/apis/'.length) : undefined;
    const resources = SERVED_RESOURCES.filter((s) => groupVersion(s) === gv);
    if (resources.length === 0) return undefined;
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: gv,
      resources: resources.map((s) => ({
        name: s.resource,
        singularName: s.kind.toLowerCase(),
        namespaced: s.namespaced,
        kind: s.kind,
        verbs: ['get', 'list'],
      })),
    };
  }

  function route(path: string, query: URLSearchParams, accept: string): [number, unknown] {
    if (path === '/version') {
      return [
        200,
        options.version ?? {
          major: '1',
          minor: '31+',
          gitVersion: 'v1.31.4-eks-fake',
          platform: 'linux/amd64',
        },
      ];
    }
    const configz = /^\/api\/v1\/nodes\/([^/]+)\/proxy\/configz$/.exec(path);
    if (configz) {
      const config = options.kubeletConfigs?.[decodeURIComponent(configz[1])];
      return config ? [200, { kubeletconfig: config }] : [404, statusBody(404, 'NotFound', 'no configz for this node')];
    }
    const cluster = routes.get(path);
    if (cluster) return serveList(cluster, undefined, query, accept);
    const namespaced = /^(\/api\/v1|\/apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)$/.exec(path);
    if (namespaced) {
      const s = routes.get(`${namespaced[1]}/${namespaced[3]}`);
      if (s?.namespaced) return serveList(s, decodeURIComponent(namespaced[2]), query, accept);
    }
    const found = discovery(path);
    if (found) return [200, found];
    return [404, statusBody(404, 'NotFound', `the server could not find the requested resource (${path})`)];
  }

  function respond(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const accept = String(req.headers.accept ?? '');
    const entry: LoggedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      accept,
      authorization: typeof req.headers.authorization === 'string' && req.headers.authorization !== '',
      status: 0,
    };
    requests.push(entry);
    const finish = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      send(res, status, body, headers);
    };

    if (req.method !== 'GET') return finish(405, statusBody(405, 'MethodNotAllowed', 'this fake serves GET only'));
    const problem = authProblem(req.headers.authorization);
    if (problem) {
      return finish(
        401,
        statusBody(401, 'Unauthorized', problem === NO_ACCESS_ENTRY ? 'Unauthorized' : `Unauthorized: ${problem}`),
      );
    }

    const fault = takeFault(url.pathname, url.searchParams);
    if (fault?.type === 'slow') {
      const t = setTimeout(() => {
        timers.delete(t);
        const [status, body] = route(url.pathname, url.searchParams, accept);
        finish(status, body);
      }, fault.delayMs);
      timers.add(t);
      return;
    }
    switch (fault?.type) {
      case 'status':
        return finish(fault.status, statusBody(fault.status, 'Injected', fault.message ?? `injected ${fault.status}`));
      case 'gone-on-continue':
        return finish(
          410,
          statusBody(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.'),
        );
      case 'too-many-requests':
        return finish(429, statusBody(429, 'TooManyRequests', 'slow down'), {
          'Retry-After': String(fault.retryAfterSeconds),
        });
      case 'reset':
        entry.status = -1;
        req.socket.destroy();
        return;
      case 'malformed-json': {
        entry.status = 200;
        const text = '{"kind":"List","items":[{"metadata":{"name":"x"},,]';
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      case 'gzip-bomb': {
        entry.status = 200;
        void gzipBomb(fault.expandedBytes).then((zipped) => {
          if (res.destroyed) return;
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Content-Encoding': 'gzip',
            'Content-Length': zipped.length,
          });
          res.end(zipped);
        });
        return;
      }
      case 'oversized': {
        entry.status = 200;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.on('error', () => undefined);
        const spaces = Buffer.alloc(64 * 1024, 0x20);
        res.write('{"kind":"List","metadata":{},"items":[');
        let left = fault.bytes;
        const pump = () => {
          while (left > 0 && !res.destroyed) {
            left -= spaces.length;
            if (!res.write(spaces)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end(']}');
        };
        pump();
        return;
      }
      case 'truncated': {
        entry.status = 200;
        const [, body] = route(url.pathname, url.searchParams, accept);
        const text = JSON.stringify(body);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setImmediate(() => req.socket.destroy());
        return;
      }
    }
    const [status, body] = route(url.pathname, url.searchParams, accept);
    finish(status, body);
  }

  const server = https.createServer({ cert: certs.certPem, key: certs.keyPem, keepAlive: true }, (req, res) => {
    if (!options.latencyMs) return respond(req, res);
    const t = setTimeout(() => {
      timers.delete(t);
      respond(req, res);
    }, options.latencyMs);
    timers.add(t);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}`,
    caPem: certs.caPem,
    caData: Buffer.from(certs.caPem).toString('base64'),
    requests,
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A kubeconfig for the fake server (for kubectl and kubeconfig mode). Returns the file's path. */
export async function writeKubeconfig(
  path: string,
  server: { url: string; caData: string },
  user: { token: string } = { token: 'test-token' },
  contextName = 'fake',
): Promise<string> {
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${contextName}`,
    'clusters:',
    `- name: ${contextName}-cluster`,
    '  cluster:',
    `    server: ${server.url}`,
    `    certificate-authority-data: ${server.caData}`,
    'users:',
    `- name: ${contextName}-user`,
    '  user:',
    `    token: ${user.token}`,
    'contexts:',
    `- name: ${contextName}`,
    '  context:',
    `    cluster: ${contextName}-cluster`,
    `    user: ${contextName}-user`,
    '',
  ].join('\n');
  await writeFile(path, yaml, { mode: 0o600 });
  return path;
}

// ---------------------------------------------------------------------------------------------------------------
// Synthetic clusters (benchmarks, pagination at scale)

/** About `total` objects spread over namespaces, deployments, replica sets, pods, services, config maps and secrets. */
export function syntheticCluster(total: number, namespaces = 20): Obj[] {
  const out: Obj[] = [];
  const perNs = Math.max(1, Math.floor(total / namespaces / 7));
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    out.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
    });
    for (let i = 0; i < perNs; i++) {
      const name = `app-${i}`;
      const labels = { app: name };
      const podSpec = {
        containers: [
          {
            name: 'app',
            image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}:1.${i}`,
            env: [{ name: 'MODE', value: 'production' }],
            resources: { limits: { cpu: '500m', memory: '256Mi' } },
            securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
          },
        ],
        serviceAccountName: 'default',
      };
      const meta = (kind: string) => ({
        name: kind === 'Pod' ? `${name}-abc12` : name,
        namespace: ns,
        labels,
        uid: `${ns}-${kind}-${i}`,
      });
      out.push(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: meta('Deployment'),
          spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: meta('ReplicaSet'),
          spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
        },
        { apiVersion: 'v1', kind: 'Pod', metadata: meta('Pod'), spec: podSpec, status: { phase: 'Running' } },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: meta('Service'),
          spec: { selector: labels, ports: [{ port: 80 }] },
        },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('ConfigMap'), data: { 'app.properties': 'mode=prod' } },
        { apiVersion: 'v1', kind: 'Secret', metadata: meta('Secret'), type: 'Opaque', data: { password: 'c2VjcmV0' } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('ServiceAccount') },
      );
    }
  }
  return out;
}
