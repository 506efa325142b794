/**
 * The security stance (design §5), tested end to end: the collector only reads, never asks for a Secret's value,
 * never lets the EKS token reach a log or a file, and every output escapes what the cluster says about itself.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, mock, test } from 'node:test';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { collectSnapshot } from '../../functions/kube/collect-snapshot.js';
import { normalizeObject } from '../../functions/kube/normalize.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import { renderCsv } from '../../functions/report/csv.js';
import { renderHtml } from '../../functions/report/html.js';
import { renderResultsJson } from '../../functions/report/json.js';
import { renderPdf } from '../../functions/report/pdf.js';
import { renderSarif } from '../../functions/report/sarif.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { validateResults } from '../../functions/scoring/validate-results.js';
import { serializeSnapshot } from '../../functions/snapshot/io.js';
import { FAST, fixture, fullPass, GENERATED_AT, type RawObject, TOKEN, writeOutputs } from '../faults/support.js';
import { parseCsv } from '../support/csv.js';
import { startFakeKubeApi } from '../support/fake-kube-api.js';
import { needs, tool } from '../support/tools.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'security-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const pdfText = (path: string) => execFileSync(tool('pdftotext'), ['-layout', path, '-'], { encoding: 'utf8' });

describe('read-only collection', needs('openssl'), () => {
  test('only GET; Secrets listed as metadata only; no single Secret is ever requested', async () => {
    const server = await startFakeKubeApi({
      objects: fixture.objects,
      kubeletConfigs: fixture.kubeletConfigs,
      token: TOKEN,
    });
    try {
      const out = await fullPass(server, dir, { ...FAST, kubeletConfig: true, pageSize: 2 });
      assert.equal(out.snapshot.kubernetes.kubeletConfigs?.status, 'collected', 'configz was read too');
      const log = server.requests;
      assert.ok(log.length > 40, `${log.length} requests`);
      assert.deepEqual([...new Set(log.map((r) => r.method))], ['GET']);
      assert.ok(log.every((r) => r.authorization));
      assert.ok(
        log.every((r) => r.query.watch === undefined),
        'no watch',
      );

      const secrets = log.filter((r) => /\/secrets(\/|$)/.test(r.path));
      assert.ok(secrets.length >= 2, 'the secrets list was paged');
      for (const r of secrets) {
        assert.match(r.accept, /as=PartialObjectMetadataList;g=meta\.k8s\.io;v=v1/, `${r.path} asks for metadata only`);
        assert.equal(r.path, '/api/v1/secrets', 'a cluster-wide list, never /secrets/<name>');
      }
      assert.deepEqual(
        log.filter((r) => /\/secrets\/[^/]+$/.test(r.path)),
        [],
      );
      const items = out.snapshot.kubernetes.inventories.secrets;
      assert.ok(items?.status === 'collected' && items.items.length > 0);
      if (items?.status === 'collected') for (const s of items.items) assert.equal(s.data, undefined);
    } finally {
      await server.close();
    }
  });
});

describe('secret values never reach the snapshot', needs('openssl'), () => {
  const SECRET_PLAIN = 'SUPERSECRET-value-4711';
  const SECRET_B64 = Buffer.from(SECRET_PLAIN).toString('base64');
  const KEY_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCunique77';
  const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`;
  const ENV_LITERAL = 'AKIAIOSFODNN7SECRET1';
  const objects: RawObject[] = [
    ...fixture.objects,
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-credentials', namespace: 'team-a' },
      type: 'Opaque',
      data: { password: SECRET_B64 },
      stringData: { extra: SECRET_PLAIN },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'tls-material', namespace: 'team-a' },
      data: { 'tls.key': PRIVATE_KEY },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'leaky', namespace: 'team-a' },
      spec: { containers: [{ name: 'app', image: 'app:1', env: [{ name: 'AWS_ACCESS_KEY_ID', value: ENV_LITERAL }] }] },
    },
  ];

  test('a Secret with data, a ConfigMap holding a private key and an env literal: only facts are kept', async () => {
    const server = await startFakeKubeApi({ objects, token: TOKEN });
    let out: Awaited<ReturnType<typeof fullPass>>;
    try {
      out = await fullPass(server, dir);
    } finally {
      await server.close();
    }
    const snapshotJson = serializeSnapshot(out.snapshot, false).toString('utf8');
    for (const [name, text] of [
      ['snapshot', snapshotJson],
      ['results.json', out.resultsJson],
      ['html', out.html],
      ['csv', out.csv],
    ] as const) {
      for (const value of [SECRET_PLAIN, SECRET_B64, KEY_BODY, ENV_LITERAL]) {
        assert.ok(!text.includes(value), `${name} does not contain ${value}`);
      }
    }
    const cms = out.snapshot.kubernetes.inventories.configmaps;
    const tls = cms?.status === 'collected' ? cms.items.find((c) => c.metadata.name === 'tls-material') : undefined;
    assert.deepEqual(tls?.dataFacts, { 'tls.key': 'private-key' }, 'the fact survives, the value does not');
    const failing = out.results.checks.find((c) => c.id === 'secrets-configmap-credentials')?.failing ?? [];
    assert.ok(
      failing.some((f) => f.name === 'tls-material'),
      'and the check still sees it',
    );
  });

  test('normalisation alone (manifests, demo, snapshot files) drops the same values', () => {
    const secret = normalizeObject(objects.at(-3), 'test');
    const cm = normalizeObject(objects.at(-2), 'test');
    const text = JSON.stringify([secret, cm]);
    assert.deepEqual(secret.dataKeys, ['password', 'extra']);
    for (const value of [SECRET_PLAIN, SECRET_B64, KEY_BODY]) assert.ok(!text.includes(value));
  });
});

describe(
  'credentials outside Secret data never reach the snapshot, the outputs or the logs',
  needs('openssl', 'poppler'),
  () => {
    // Each value is unique, so finding any of them anywhere is a leak.
    const V = {
      kapp: 'KAPP-ORIGINAL-PASSWORD-8121',
      lastApplied: 'LAST-APPLIED-PASSWORD-8122',
      probe: 'PROBEBEARERTOKEN8123abcdef',
      hook: 'HOOK-COOKIE-8124',
      flagEq: 'FLAG-EQ-PASSWORD-8125',
      flagNext: 'FLAG-NEXT-TOKEN-8126',
      script: 'SCRIPT-API-KEY-8127',
      csi: 'CSI-ATTRIBUTE-SECRET-8128',
      pvCsi: 'PV-CSI-SECRET-8129',
      url: 'URL-PASSWORD-8130',
      kubelet: 'KUBELET-HEADER-TOKEN-8131',
      kubeletUrl: 'KUBELET-URL-PASSWORD-8132',
      annotationKey: 'AKIAIOSFODNN7LEAKED1',
    };
    const secretCopy = (password: string) =>
      JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app' }, stringData: { password } });
    const objects: RawObject[] = [
      ...fixture.objects,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'kapp-managed',
          namespace: 'team-a',
          annotations: {
            'kapp.k14s.io/original': secretCopy(V.kapp),
            'kubectl.kubernetes.io/last-applied-configuration': secretCopy(V.lastApplied),
            'kubernetes.io/service-account.name': 'builder',
          },
        },
        type: 'Opaque',
        data: { password: Buffer.from(V.kapp).toString('base64') },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'flags', namespace: 'team-a', annotations: { 'ci.example.com/key': V.annotationKey } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              command: ['/app', `--db-password=${V.flagEq}`, '--token', V.flagNext, '--log-level=debug'],
              args: ['sh', '-c', `export API_KEY=${V.script}; exec /app`],
              livenessProbe: {
                httpGet: {
                  path: '/healthz',
                  port: 8080,
                  httpHeaders: [{ name: 'Authorization', value: `Bearer ${V.probe}` }],
                },
              },
              lifecycle: {
                preStop: { httpGet: { path: '/stop', port: 8080, httpHeaders: [{ name: 'Cookie', value: V.hook }] } },
              },
            },
          ],
          volumes: [{ name: 'store', csi: { driver: 'example.csi.io', volumeAttributes: { password: V.csi } } }],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv-csi' },
        spec: {
          capacity: { storage: '1Gi' },
          csi: { driver: 'example.csi.io', volumeHandle: 'h1', volumeAttributes: { secret: V.pvCsi } },
        },
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'hook-with-password' },
        webhooks: [
          {
            name: 'validate.example.com',
            clientConfig: { url: `https://admin:${V.url}@hooks.example.com/validate` },
            sideEffects: 'None',
            admissionReviewVersions: ['v1'],
            rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
          },
        ],
      },
    ];
    const kubeletConfigs = Object.fromEntries(
      Object.entries(fixture.kubeletConfigs).map(([node, config]) => [
        node,
        {
          ...config,
          staticPodURL: `https://kubelet:${V.kubeletUrl}@static.example.com/pods`,
          staticPodURLHeader: { Authorization: [`Bearer ${V.kubelet}`] },
        },
      ]),
    );

    test('a full pass over TLS: none of the values in any output or log; results.json says what was masked', async () => {
      const server = await startFakeKubeApi({ objects, kubeletConfigs, token: TOKEN });
      const said: string[] = [];
      const consoles = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
        mock.method(console, m, (...args: unknown[]) => said.push(args.map((a) => String(a)).join(' '))),
      );
      let out: Awaited<ReturnType<typeof fullPass>>;
      try {
        out = await fullPass(server, dir, {
          ...FAST,
          kubeletConfig: true,
          onProgress: (p) => console.log(JSON.stringify(p)),
        });
      } finally {
        for (const m of consoles) m.mock.restore();
        await server.close();
      }
      const pdfPath = join(dir, 'redaction.pdf');
      await import('node:fs/promises').then((fs) => fs.writeFile(pdfPath, out.pdf));
      const texts: [string, string][] = [
        ['snapshot', serializeSnapshot(out.snapshot, false).toString('utf8')],
        ['results.json', out.resultsJson],
        ['html', out.html],
        ['pdf text', pdfText(pdfPath)],
        ['csv', out.csv],
        ['sarif', renderSarif(out.results)],
        ['logs', said.join('\n')],
      ];
      assert.ok(said.length > 0, 'the log capture saw the progress lines');
      for (const [where, text] of texts) {
        for (const [name, value] of Object.entries(V)) assert.ok(!text.includes(value), `${where} contains ${name}`);
      }

      // The keys and the shape stay: checks still see the annotation key, the header name, the flag names.
      const inv = (name: 'pods' | 'secrets') => {
        const i = out.snapshot.kubernetes.inventories[name];
        return i?.status === 'collected' ? i.items : [];
      };
      const secret = inv('secrets').find((o) => o.metadata.name === 'kapp-managed');
      assert.equal(secret?.metadata.annotations?.['kapp.k14s.io/original'], '<redacted>');
      assert.equal(secret?.metadata.annotations?.['kubernetes.io/service-account.name'], 'builder');
      const pod = inv('pods').find((o) => o.metadata.name === 'flags');
      const c = pod?.spec.containers[0];
      assert.deepEqual(c.command, ['/app', '--db-password=<redacted>', '--token', '<redacted>', '--log-level=debug']);
      assert.equal(c.livenessProbe.httpGet.httpHeaders[0].name, 'Authorization');

      const redactions = out.results.redactions;
      assert.ok(redactions && redactions.count === redactions.items.length);
      const where = new Set(redactions?.items.map((r) => `${r.kind} ${r.name} ${r.path}`));
      for (const expected of [
        'Secret kapp-managed metadata.annotations["kapp.k14s.io/original"]',
        'Pod flags metadata.annotations["ci.example.com/key"]',
        'Pod flags spec.containers[0].command[1]',
        'Pod flags spec.containers[0].command[3]',
        'Pod flags spec.containers[0].args[2]',
        'Pod flags spec.containers[0].livenessProbe.httpGet.httpHeaders[0].value',
        'Pod flags spec.containers[0].lifecycle.preStop.httpGet.httpHeaders[0].value',
        'Pod flags spec.volumes[0].csi.volumeAttributes.password',
        'PersistentVolume pv-csi spec.csi.volumeAttributes.secret',
        'ValidatingWebhookConfiguration hook-with-password webhooks[0].clientConfig.url',
        'KubeletConfiguration ip-10-0-1-1.ec2.internal staticPodURLHeader.Authorization',
        'KubeletConfiguration ip-10-0-1-1.ec2.internal staticPodURL',
      ]) {
        assert.ok(where.has(expected), `results.json redactions name ${expected}`);
      }
      assert.ok(!where.has('Pod flags spec.containers[0].command[4]'), '--log-level is not a credential');
    });
  },
);

describe('the EKS token never appears in logs or outputs', needs('openssl', 'poppler'), () => {
  test('EKS-mode scan: stdout, stderr, console and every written file are free of the token', async () => {
    const server = await startFakeKubeApi({
      objects: fixture.objects,
      eksToken: { clusterName: 'prod', region: 'eu-west-1' },
    });
    const eks = new EKSClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example', sessionToken: 'session-example' },
    });
    const eksMock = mockClient(eks);
    // sts:GetCallerIdentity names the scan's AWS identity: its ARN is recorded, the credentials never are.
    const sts = new STSClient({ region: 'eu-west-1' });
    const stsMock = mockClient(sts);
    stsMock.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:sts::123456789012:assumed-role/scan/session' });
    eksMock.on(DescribeClusterCommand, { name: 'prod' }).resolves({
      cluster: {
        name: 'prod',
        arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
        endpoint: server.url,
        certificateAuthority: { data: server.caData },
        version: '1.31',
        platformVersion: 'eks.12',
      },
    });

    // What the process says while it works: every write to stdout/stderr and every console call.
    const said: string[] = [];
    const tap = (args: unknown[]) => said.push(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
    const streams = [process.stdout, process.stderr].map((stream) => {
      const original = stream.write.bind(stream);
      return mock.method(stream, 'write', (chunk: unknown, ...rest: unknown[]) => {
        tap([typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')]);
        // biome-ignore lint/suspicious/noExplicitAny: pass-through of the original overloads
        return (original as any)(chunk, ...rest);
      });
    });
    const consoles = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      mock.method(console, m, (...args: unknown[]) => tap(args)),
    );
    // The token as it goes on the wire: the Authorization header of every request the collector sends.
    const sentTokens = new Set<string>();
    const realRequest = https.request;
    const requestSpy = mock.method(https, 'request', (...args: unknown[]) => {
      const options = args[0] as { headers?: Record<string, string> };
      const auth = options?.headers?.Authorization ?? options?.headers?.authorization;
      if (typeof auth === 'string') sentTokens.add(auth.replace(/^Bearer /, ''));
      // biome-ignore lint/suspicious/noExplicitAny: pass-through of the original overloads
      return (realRequest as any)(...args);
    });

    let files: string[];
    try {
      const { snapshot } = await collectSnapshot(
        { kind: 'eks', clusterName: 'prod', region: 'eu-west-1' },
        {
          eksClient: eks,
          stsClient: sts,
          credentials: async () => ({
            accessKeyId: 'AKIDEXAMPLE',
            secretAccessKey: 'secret-example',
            sessionToken: 'session-example',
          }),
          ...FAST,
          onProgress: (p) => console.log(JSON.stringify(p)),
        },
      );
      const results = evaluate(snapshot, { generatedAt: GENERATED_AT });
      assert.ok(validateResults(JSON.parse(renderResultsJson(results))).valid);
      files = await writeOutputs(dir, {
        snapshot,
        results,
        resultsJson: renderResultsJson(results),
        html: renderHtml({ results }),
        pdf: await renderPdf({ results }),
        csv: renderCsv(results),
      });
      console.log(`wrote ${files.join(', ')}`);
      assert.ok(
        server.requests.every((r) => r.status === 200),
        'the token passed the server check',
      );
      assert.equal(results.scanIdentity?.awsCallerArn, 'arn:aws:sts::123456789012:assumed-role/scan/session');
    } finally {
      for (const m of [...streams, ...consoles, requestSpy]) m.mock.restore();
      eksMock.restore();
      stsMock.restore();
      await server.close();
    }

    assert.equal(sentTokens.size, 1, 'one token, built once per scan');
    const [token] = sentTokens;
    assert.match(token, /^k8s-aws-v1\./);
    const body = token.slice('k8s-aws-v1.'.length);
    const presignedUrl = Buffer.from(body, 'base64url').toString('utf8');
    const signature = new URL(presignedUrl).searchParams.get('X-Amz-Signature') ?? '';
    assert.ok(signature.length >= 64);
    const secrets = [token, body, presignedUrl, signature, 'session-example', 'secret-example'];

    assert.ok(said.length > 0, 'the capture saw output');
    const texts: [string, string][] = [['captured output', said.join('\n')]];
    for (const file of files) {
      texts.push([file, await readFile(file, 'utf8')]);
      if (file.endsWith('.pdf')) texts.push([`${file} (pdftotext)`, pdfText(file)]);
    }
    for (const [where, text] of texts) {
      for (const s of secrets) assert.ok(!text.includes(s), `${where} contains ${s.slice(0, 24)}…`);
    }
  });
});

describe('hostile strings in every output', () => {
  const SCRIPT = '<script>window.__pwned=1</script>';
  const IMG = '"><img src=x onerror=alert(1)>';
  const FORMULA = '=HYPERLINK("http://evil.example","click")';
  const CRLF = 'ok\r\nBcc: victim@example.com';
  const RTL = 'invoice\u202Etxt.exe';
  // Kubernetes caps names at 253 characters, manifests and snapshot files do not. (pdfkit wraps an unbreakable
  // word in time that grows with its length: 20,000 characters in every finding took the PDF about a minute.)
  const LONG = `long-${'A'.repeat(4_000)}`;
  const HOSTILE = [SCRIPT, IMG, FORMULA, CRLF, RTL];
  const CLUSTER = `prod ${SCRIPT}`;

  /** Privileged pods and bindings named, labelled and annotated with each hostile string, so they become findings. */
  function hostileSnapshot() {
    const raw: RawObject[] = HOSTILE.flatMap((h, i) => [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: h,
          namespace: i % 2 === 0 ? h : 'team-a',
          labels: { app: h.slice(0, 60) },
          annotations: { note: h },
        },
        spec: {
          hostPID: true,
          containers: [{ name: h, image: `${h}:latest`, securityContext: { privileged: true } }],
        },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `bind-${h}` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'User', name: h }],
      },
    ]);
    raw.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: LONG, namespace: 'team-a', annotations: { note: LONG } },
      spec: { containers: [{ name: 'app', image: 'app:1', securityContext: { privileged: true } }] },
    });
    const objects = raw.map((o, i) => normalizeObject(o, `hostile ${i}`));
    return snapshotFromObjects({
      cluster: {
        name: CLUSTER,
        arn: null,
        region: null,
        accountId: null,
        kubernetesVersion: '1.31',
        source: 'manifests',
      },
      collectedAt: GENERATED_AT,
      objects,
    }).snapshot;
  }

  const results = evaluate(hostileSnapshot(), { generatedAt: GENERATED_AT });
  const names = new Set(results.checks.flatMap((c) => c.failing.map((f) => f.name)));

  test('the hostile names are findings (so every renderer has to handle them)', () => {
    for (const h of [...HOSTILE, LONG]) assert.ok(names.has(h), JSON.stringify(h.slice(0, 40)));
  });

  test('results.json is valid JSON, schema-valid, and keeps every string exactly', () => {
    const text = renderResultsJson(results);
    const parsed = JSON.parse(text);
    assert.deepEqual(validateResults(parsed).errors, []);
    assert.equal(parsed.cluster.name, CLUSTER);
    const parsedNames = new Set(
      parsed.checks.flatMap((c: { failing: { name: string }[] }) => c.failing.map((f) => f.name)),
    );
    for (const h of [...HOSTILE, LONG]) assert.ok(parsedNames.has(h), JSON.stringify(h.slice(0, 40)));
  });

  test('HTML: no markup from the cluster survives; the only script is the report’s own', () => {
    const html = renderHtml({ results });
    assert.equal((html.match(/<script\b/gi) ?? []).length, 1, 'exactly one <script>');
    assert.ok(!html.includes(SCRIPT));
    assert.ok(!/<img\b/i.test(html), 'no <img> element');
    assert.ok(!html.includes('onerror=alert'), 'no raw event-handler attribute');
    // Handlebars escapes `=` too (&#x3D;), so match either form.
    assert.match(html, /&lt;script&gt;window\.__pwned(=|&#x3D;)1&lt;\/script&gt;/, 'shown as text');
    assert.ok(!/<[a-z]+[^>]*\sonerror\s*=/i.test(html));
    // The single script is the filter script, not anything taken from the cluster.
    const script = /<script\b[^>]*>([\s\S]*?)<\/script>/i.exec(html)?.[1] ?? '';
    assert.ok(!script.includes('__pwned') && !script.includes('alert(1)') && !script.includes('HYPERLINK'));
  });

  test('CSV: no cell a spreadsheet would run as a formula, and rows stay rows', () => {
    const csv = renderCsv(results);
    const rows = parseCsv(csv);
    const width = rows[0].length;
    assert.ok(rows.length > 5);
    for (const [i, row] of rows.entries()) {
      assert.equal(row.length, width, `row ${i} has ${row.length} cells`);
      for (const cell of row)
        assert.ok(!/^[=+\-@\t\r]/.test(cell), `formula cell ${JSON.stringify(cell.slice(0, 40))}`);
    }
    const cells = rows.flat();
    assert.ok(cells.includes(`'${FORMULA}`), 'the formula is kept as text');
    assert.ok(cells.includes(CRLF), 'a CR LF inside a value stays inside its quoted cell');
    assert.ok(cells.includes('invoice⟨U+202E⟩txt.exe'), 'the right-to-left override is shown, not obeyed');
    assert.ok(!cells.includes(RTL));
  });

  test('PDF: renders, and pdftotext shows the literal hostile text', needs('poppler'), async () => {
    const path = join(dir, 'hostile.pdf');
    const pdf = await renderPdf({ results });
    await import('node:fs/promises').then((fs) => fs.writeFile(path, pdf));
    const text = pdfText(path);
    assert.ok(text.includes('<script>window.__pwned=1</script>'), 'the script tag is printed, not interpreted');
    assert.ok(text.includes('=HYPERLINK('));
    assert.ok(text.includes('onerror=alert(1)'));
    const info = execFileSync(tool('pdfinfo'), ['-meta', path], { encoding: 'utf8' });
    assert.ok(!info.includes('<script>'), 'XMP metadata escapes the cluster name');
  });
});
