/**
 * Kubescape, more workload rules (host paths, secrets in env, registries, token automount) and the Pod Security
 * Admission rules behind the CIS 4.2.x policy controls, written here from each rule's raw.rego and test scenarios.
 */
import { ACCOUNT, REGION } from '../../fixtures/aws/facts.js';
import { configMap, cronJob, ctr, deployment, namespace, type Obj, pod, serviceAccount, workload } from '../objects.js';
import type { AgreementCase } from '../types.js';

type KsCase = Omit<AgreementCase, 'peer'>;

function withHostPath(path: string, readOnly?: boolean, mounted = true): Obj {
  const mount = { name: 'host', mountPath: '/host', ...(readOnly === undefined ? {} : { readOnly }) };
  return {
    containers: [ctr('app', mounted ? { volumeMounts: [mount] } : {})],
    volumes: [{ name: 'host', hostPath: { path } }],
  };
}

const env = (vars: Obj[]): Obj => ({ containers: [ctr('app', { env: vars })] });

const OWN_ECR = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;

const cases: KsCase[] = [
  // C-0048 alert-any-hostpath: any hostPath volume.
  {
    control: 'C-0048',
    source: 'alert-any-hostpath (pod)',
    scenario: 'a Pod with a hostPath volume',
    check: 'pod-host-path-volume',
    objects: [pod('web', withHostPath('/var/log'))],
    expected: 'fail',
  },
  {
    control: 'C-0048',
    source: 'alert-any-hostpath (workloads)',
    scenario: 'a Deployment with a read-only hostPath volume',
    check: 'pod-host-path-volume',
    objects: [deployment('api', withHostPath('/etc/ssl/certs', true))],
    expected: 'fail',
  },
  {
    control: 'C-0048',
    source: 'alert-any-hostpath (cronjob)',
    scenario: 'a CronJob with only emptyDir and configMap volumes',
    check: 'pod-host-path-volume',
    objects: [
      cronJob('nightly', {
        containers: [ctr()],
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'conf', configMap: { name: 'conf' } },
        ],
      }),
    ],
    expected: 'pass',
  },
  // C-0045 alert-rw-hostpath: a hostPath volume a container mounts without readOnly: true.
  {
    control: 'C-0045',
    source: 'alert-rw-hostpath (pod)',
    scenario: 'a hostPath mounted read-write (readOnly not set)',
    check: 'pod-host-path-volume',
    objects: [pod('web', withHostPath('/var/lib/app'))],
    expected: 'fail',
  },
  {
    control: 'C-0045',
    source: 'alert-rw-hostpath (workloads)',
    scenario: 'a hostPath mounted with readOnly: false',
    check: 'pod-host-path-volume',
    objects: [workload('DaemonSet', 'agent', withHostPath('/var/lib/app', false))],
    expected: 'fail',
  },
  {
    control: 'C-0045',
    source: 'alert-rw-hostpath/raw.rego (readOnly: true)',
    scenario: 'a hostPath mounted readOnly: true',
    check: 'pod-host-path-volume',
    objects: [pod('web', withHostPath('/var/log', true))],
    expected: 'pass',
    difference: 'Broader than Kubescape C-0045 and C-0074',
  },
  {
    control: 'C-0045',
    source: 'alert-rw-hostpath (cronjob)',
    scenario: 'no hostPath volume at all',
    check: 'pod-host-path-volume',
    objects: [cronJob('nightly', { containers: [ctr()] })],
    expected: 'pass',
  },
  ...(['pod', 'deployment', 'cronjob'] as const).map((kind): KsCase => {
    const spec = {
      initContainers: [ctr('setup', { volumeMounts: [{ name: 'host', mountPath: '/host' }] })],
      containers: [ctr()],
      volumes: [{ name: 'host', hostPath: { path: '/var/lib/app' } }],
    };
    return {
      control: 'C-0045',
      source: `alert-rw-hostpath (${kind}-initcontainer)`,
      scenario: `only an init container of the ${kind} mounts the hostPath, read-write`,
      check: 'pod-host-path-volume',
      objects: [
        kind === 'pod' ? pod('web', spec) : kind === 'deployment' ? deployment('api', spec) : cronJob('nightly', spec),
      ],
      expected: 'fail',
    };
  }),
  // C-0074 containers-mounting-docker-socket: a hostPath of a runtime socket.
  {
    control: 'C-0074',
    source: 'containers-mounting-docker-socket (pod)',
    scenario: 'the Docker socket',
    check: 'pod-host-path-volume',
    objects: [pod('web', withHostPath('/var/run/docker.sock'))],
    expected: 'fail',
  },
  {
    control: 'C-0074',
    source: 'containers-mounting-docker-socket (workloads)',
    scenario: 'the containerd socket, read-only',
    check: 'pod-host-path-volume',
    objects: [workload('DaemonSet', 'agent', withHostPath('/run/containerd/containerd.sock', true))],
    expected: 'fail',
  },
  {
    control: 'C-0074',
    source: 'containers-mounting-docker-socket (cronjob)',
    scenario: 'the CRI-O socket',
    check: 'pod-host-path-volume',
    objects: [cronJob('nightly', withHostPath('/var/run/crio/crio.sock'))],
    expected: 'fail',
  },
  {
    control: 'C-0074',
    source: 'containers-mounting-docker-socket/raw.rego (other host paths)',
    scenario: 'a hostPath that is not a runtime socket',
    check: 'pod-host-path-volume',
    objects: [pod('web', withHostPath('/var/log'))],
    expected: 'pass',
    difference: 'Broader than Kubescape C-0045 and C-0074',
  },
  {
    control: 'C-0074',
    source: 'containers-mounting-docker-socket (pod)',
    scenario: 'no hostPath volume',
    check: 'pod-host-path-volume',
    objects: [pod('web', { containers: [ctr()] })],
    expected: 'pass',
  },
  // C-0207 rule-secrets-in-env-var: an env var from a secretKeyRef.
  {
    control: 'C-0207',
    source: 'rule-secrets-in-env-var (pod)',
    scenario: 'env from a secretKeyRef',
    check: 'secrets-env-secret-refs',
    objects: [pod('web', env([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]))],
    expected: 'fail',
  },
  {
    control: 'C-0207',
    source: 'rule-secrets-in-env-var (workloads)',
    scenario: 'env from a secretKeyRef in a CronJob',
    check: 'secrets-env-secret-refs',
    objects: [cronJob('nightly', env([{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }]))],
    expected: 'fail',
  },
  {
    control: 'C-0207',
    source: 'rule-secrets-in-env-var (workloads)',
    scenario: 'env from a configMapKeyRef and the secret mounted as a file',
    check: 'secrets-env-secret-refs',
    objects: [
      deployment('api', {
        containers: [
          ctr('app', {
            env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'conf', key: 'mode' } } }],
            volumeMounts: [{ name: 'db', mountPath: '/run/secrets/db', readOnly: true }],
          }),
        ],
        volumes: [{ name: 'db', secret: { secretName: 'db' } }],
      }),
    ],
    expected: 'pass',
  },
  // C-0012 rule-credentials-in-env-var: a sensitive key name with a literal value (not a reference, not a path).
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (pod)',
    scenario: 'DB_PASSWORD with a literal value',
    check: 'secrets-env-credential-literals',
    objects: [pod('web', env([{ name: 'DB_PASSWORD', value: 'hunter2-but-longer' }]))],
    expected: 'fail',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (workloads)',
    scenario: 'an AWS secret access key in a Deployment',
    check: 'secrets-env-credential-literals',
    objects: [
      deployment('api', env([{ name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz' }])),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var/raw.rego (is_not_reference)',
    scenario: 'DB_PASSWORD from a secretKeyRef',
    check: 'secrets-env-credential-literals',
    objects: [pod('web', env([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]))],
    expected: 'pass',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (cronjob)',
    scenario: 'only ordinary settings',
    check: 'secrets-env-credential-literals',
    objects: [cronJob('nightly', env([{ name: 'LOG_LEVEL', value: 'info' }]))],
    expected: 'pass',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var/raw.rego (is_not_file_path)',
    scenario: 'PASSWORD_FILE holding a file path',
    check: 'secrets-env-credential-literals',
    objects: [pod('web', env([{ name: 'PASSWORD_FILE', value: '/run/secrets/db/password' }]))],
    expected: 'pass',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (pod-sensitive-key-regression)',
    scenario: 'DB_PASSWORD with a short literal between ordinary settings',
    check: 'secrets-env-credential-literals',
    objects: [
      pod(
        'web',
        env([
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'DB_PASSWORD', value: 'hunter2' },
          { name: 'PORT', value: '8080' },
        ]),
      ),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (env-value-akia-key)',
    scenario: 'an AWS access key id under an ordinary name',
    check: 'secrets-env-credential-literals',
    objects: [pod('web', env([{ name: 'UPLOAD_SETTINGS', value: 'AKIAIOSFODNN7EXAMPLE' }]))],
    expected: 'fail',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (env-value-rsa-key)',
    scenario: 'a PEM private key under an ordinary name',
    check: 'secrets-env-credential-literals',
    objects: [
      pod(
        'web',
        env([
          { name: 'SIGNING', value: '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----' },
        ]),
      ),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (env-value-lowercase-bearer)',
    scenario: 'a bearer token, in lower case, under an ordinary name',
    check: 'secrets-env-credential-literals',
    objects: [pod('web', env([{ name: 'UPSTREAM_AUTH', value: 'bearer 9f8e7d6c5b4a39281706f5e4' }]))],
    expected: 'fail',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (pod-envfrom-configmapref)',
    scenario: 'envFrom a ConfigMap',
    check: 'secrets-env-credential-literals',
    objects: [pod('web', { containers: [ctr('app', { envFrom: [{ configMapRef: { name: 'settings' } }] })] })],
    expected: 'pass',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (pod-envfrom-secretref)',
    scenario: 'envFrom a Secret in the second container',
    check: 'secrets-env-credential-literals',
    objects: [
      pod('web', { containers: [ctr('clean'), ctr('app', { envFrom: [{ secretRef: { name: 'app-secrets' } }] })] }),
    ],
    expected: 'fail',
    difference: 'A Secret loaded with envFrom holds no literal credential',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var (pod-allowed-values-keys)',
    scenario: 'AWS_TOKEN_FILE with an absolute path beside my_password with a relative one',
    check: 'secrets-env-credential-literals',
    objects: [
      pod(
        'web',
        env([
          { name: 'random', value: 'Hello from the environment' },
          { name: 'AWS_TOKEN_FILE', value: '/etc/secret-volume/aws' },
          { name: 'my_password', value: 'my/secret/file/path' },
        ]),
      ),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var/raw.rego (is_not_file_path: absolute paths only)',
    scenario: 'the variables the EKS Pod Identity webhook sets on a bare Pod',
    check: 'secrets-env-credential-literals',
    objects: [
      pod(
        'web',
        env([
          { name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' },
          {
            name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
            value: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
          },
        ]),
      ),
    ],
    expected: 'fail',
    difference: 'Kubescape exempts only values that are absolute paths',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var/raw.rego (is_not_file_path: absolute paths only)',
    scenario: 'VAULT_TOKEN_FILE holding a relative file path',
    check: 'secrets-env-credential-literals',
    objects: [pod('web', env([{ name: 'VAULT_TOKEN_FILE', value: 'secrets/vault-token' }]))],
    expected: 'fail',
    difference: 'Kubescape exempts only values that are absolute paths',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-in-env-var/raw.rego (sensitiveKeyNames, sensitiveValues)',
    scenario: 'a database URL with a password under an ordinary name',
    check: 'secrets-env-credential-literals',
    objects: [pod('web', env([{ name: 'DATABASE_URL', value: 'postgres://app:hunter2@db:5432/app' }]))],
    expected: 'pass',
    difference: 'Kubescape exempts only values that are absolute paths',
  },
  // C-0012 rule-credentials-configmap: a sensitive key name or a sensitive value in ConfigMap data.
  {
    control: 'C-0012',
    source: 'rule-credentials-configmap (test)',
    scenario: 'a ConfigMap with an api_key literal',
    check: 'secrets-configmap-credentials',
    objects: [configMap('settings', { api_key: 'sk-live-0123456789', log_level: 'info' })],
    expected: 'fail',
  },
  {
    control: 'C-0012',
    source: 'rule-credentials-configmap/raw.rego (no file path exemption)',
    scenario: 'a ConfigMap key token_file holding an absolute path',
    check: 'secrets-configmap-credentials',
    objects: [configMap('settings', { token_file: '/var/run/secrets/tokens/api' })],
    expected: 'fail',
    difference: 'judged as they are in env',
  },
  // C-0078 container-image-repository: images outside the allow-list (here: the account's own ECR registry).
  {
    control: 'C-0078',
    source: 'container-image-repository (pod)',
    scenario: 'an image from Docker Hub',
    check: 'images-allowed-registries',
    objects: [pod('web', { containers: [{ name: 'app', image: 'docker.io/library/nginx:1.27.3' }] })],
    expected: 'fail',
  },
  {
    control: 'C-0078',
    source: 'container-image-repository (workloads)',
    scenario: 'a short Docker Hub name in a Deployment',
    check: 'images-allowed-registries',
    objects: [deployment('api', { containers: [{ name: 'app', image: 'redis:7.2' }] })],
    expected: 'fail',
  },
  {
    control: 'C-0078',
    source: 'container-image-repository (cronjob)',
    scenario: "images from the account's own ECR registry",
    check: 'images-allowed-registries',
    objects: [cronJob('nightly', { containers: [{ name: 'app', image: `${OWN_ECR}/batch/report:2.0.1` }] })],
    expected: 'pass',
  },
  // C-0190 automount-service-account: pods (and their ServiceAccount) that mount the token by default.
  {
    control: 'C-0190',
    source: 'automount-service-account/test/both-mount-default',
    scenario: 'neither the pod nor its ServiceAccount sets automountServiceAccountToken',
    check: 'rbac-token-automount',
    objects: [serviceAccount('default'), pod('web', { containers: [ctr()] })],
    expected: 'fail',
  },
  {
    control: 'C-0190',
    source: 'automount-service-account/test/both-mount',
    scenario: 'both set it to true',
    check: 'rbac-token-automount',
    objects: [
      serviceAccount('api', { automountServiceAccountToken: true }),
      pod('web', { serviceAccountName: 'api', automountServiceAccountToken: true, containers: [ctr()] }),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0190',
    source: 'automount-service-account/test/deployment-pod-true-sa-false',
    scenario: 'the pod template says true, its ServiceAccount false',
    check: 'rbac-token-automount',
    objects: [
      serviceAccount('api', { automountServiceAccountToken: false }),
      deployment('api', { serviceAccountName: 'api', automountServiceAccountToken: true, containers: [ctr()] }),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0190',
    source: 'automount-service-account/test/cronjob-pod-true-sa-false',
    scenario: 'a CronJob says true, its ServiceAccount false',
    check: 'rbac-token-automount',
    objects: [
      serviceAccount('batch', { automountServiceAccountToken: false }),
      cronJob('nightly', { serviceAccountName: 'batch', automountServiceAccountToken: true, containers: [ctr()] }),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0190',
    source: 'automount-service-account/test/deployment-pod-false-sa-false',
    scenario: 'both say false',
    check: 'rbac-token-automount',
    objects: [
      serviceAccount('api', { automountServiceAccountToken: false }),
      deployment('api', { serviceAccountName: 'api', automountServiceAccountToken: false, containers: [ctr()] }),
    ],
    expected: 'pass',
  },
  {
    control: 'C-0190',
    source: 'automount-service-account/raw.rego (pod unset, ServiceAccount false)',
    scenario: 'the pod inherits false from its ServiceAccount',
    check: 'rbac-token-automount',
    objects: [
      serviceAccount('api', { automountServiceAccountToken: false }),
      pod('web', { serviceAccountName: 'api', containers: [ctr()] }),
    ],
    expected: 'pass',
  },
  {
    control: 'C-0190',
    source: 'automount-service-account/test/deployment-pod-false-sa-true',
    scenario: 'the pod says false, its ServiceAccount true (Kubescape reports the ServiceAccount)',
    check: 'rbac-token-automount',
    objects: [
      serviceAccount('api', { automountServiceAccountToken: true }),
      deployment('api', { serviceAccountName: 'api', automountServiceAccountToken: false, containers: [ctr()] }),
    ],
    expected: 'fail',
    difference: 'Kubescape C-0190 also reports a ServiceAccount that does not set automountServiceAccountToken: false',
  },
];

// Pod Security Admission: pod-security-admission-{baseline,restricted}-applied, per Namespace label.
const PSA: { control: string; rule: string; check: string; level: 'baseline' | 'restricted' }[] = [
  ...['C-0193', 'C-0194', 'C-0195', 'C-0196', 'C-0203'].map((control) => ({
    control,
    rule: 'pod-security-admission-baseline-applied-1',
    check: 'namespaces-psa-baseline',
    level: 'baseline' as const,
  })),
  ...['C-0197', 'C-0198', 'C-0201'].map((control) => ({
    control,
    rule: 'pod-security-admission-restricted-applied-1',
    check: 'namespaces-psa-restricted',
    level: 'restricted' as const,
  })),
];
const ENFORCE = 'pod-security.kubernetes.io/enforce';
for (const p of PSA) {
  const base = { control: p.control, check: p.check };
  cases.push(
    {
      ...base,
      source: p.rule,
      scenario: 'a namespace with no label',
      objects: [namespace('team-a')],
      expected: 'fail',
    },
    {
      ...base,
      source: `${p.rule}/raw.rego`,
      scenario: `a namespace enforcing ${p.level}`,
      objects: [namespace('team-a', { [ENFORCE]: p.level })],
      expected: 'pass',
    },
    {
      ...base,
      source: `${p.rule}/raw.rego`,
      scenario: 'a namespace enforcing privileged',
      objects: [namespace('team-a', { [ENFORCE]: 'privileged' })],
      expected: 'fail',
    },
    {
      ...base,
      source: `${p.rule}/raw.rego`,
      scenario: `a namespace that only warns and audits at ${p.level}`,
      objects: [
        namespace('team-a', {
          'pod-security.kubernetes.io/warn': p.level,
          'pod-security.kubernetes.io/audit': p.level,
        }),
      ],
      expected: 'fail',
    },
    {
      ...base,
      source: `${p.rule}/raw.rego`,
      scenario: 'one of two namespaces enforces restricted, the other nothing',
      objects: [namespace('team-a', { [ENFORCE]: 'restricted' }), namespace('team-b')],
      expected: 'fail',
      failing: ['Namespace team-b'],
    },
  );
  if (p.level === 'baseline') {
    cases.push({
      ...base,
      source: `${p.rule}/raw.rego`,
      scenario: 'a namespace enforcing restricted',
      objects: [namespace('team-a', { [ENFORCE]: 'restricted' })],
      expected: 'pass',
    });
  } else {
    cases.push({
      ...base,
      source: `${p.rule}/raw.rego`,
      scenario: 'a namespace enforcing baseline only',
      objects: [namespace('team-a', { [ENFORCE]: 'baseline' })],
      expected: 'fail',
    });
  }
}

export const kubescapeWorkloadCases2: AgreementCase[] = cases.map((c) => ({ ...c, peer: 'kubescape' }));
