/**
 * Kubescape, workload rules: cases in the shape of regolibrary's rules/<rule>/test/<scenario>/ folders (a Pod, a
 * controller, a CronJob, init and ephemeral containers), written here from each rule's raw.rego and test scenarios.
 */
import { cronJob, ctr, deployment, type Obj, pod, sc, workload } from '../objects.js';
import type { AgreementCase } from '../types.js';

type KsCase = Omit<AgreementCase, 'peer'>;

interface Family {
  control: string;
  rule: string;
  check: string;
  /** A pod spec the rule reports, and one it does not. */
  bad: Obj;
  good: Obj;
  /** Which container lists the rule reads besides containers (its init/ephemeral test folders). */
  lists?: readonly ('initContainers' | 'ephemeralContainers')[];
}

/** A container-level spec moved into another container list, beside a clean app container. */
function inList(list: 'initContainers' | 'ephemeralContainers', bad: Obj, good: Obj): Obj {
  const badContainer = (bad.containers as Obj[])[0];
  return { ...good, [list]: [{ ...badContainer, name: 'helper' }] };
}

/** The scenarios every workload rule's test folder has: pod, workloads, cronjob (and init/ephemeral where tested). */
function family(f: Family): KsCase[] {
  const base = { control: f.control, check: f.check };
  const out: KsCase[] = [
    {
      ...base,
      source: `${f.rule} (pod)`,
      scenario: 'a Pod that has it',
      objects: [pod('web', f.bad)],
      expected: 'fail',
    },
    {
      ...base,
      source: `${f.rule} (pod)`,
      scenario: 'a Pod that does not',
      objects: [pod('web', f.good)],
      expected: 'pass',
    },
    {
      ...base,
      source: `${f.rule} (workloads)`,
      scenario: 'a Deployment whose template has it',
      objects: [deployment('api', f.bad)],
      expected: 'fail',
    },
    {
      ...base,
      source: `${f.rule} (workloads)`,
      scenario: 'a DaemonSet and a StatefulSet whose templates do not',
      objects: [workload('DaemonSet', 'agent', f.good), workload('StatefulSet', 'db', f.good)],
      expected: 'pass',
    },
    {
      ...base,
      source: `${f.rule} (cronjob)`,
      scenario: 'a CronJob whose job template has it',
      objects: [cronJob('nightly', f.bad)],
      expected: 'fail',
    },
    {
      ...base,
      source: `${f.rule} (cronjob)`,
      scenario: 'a CronJob whose job template does not',
      objects: [cronJob('nightly', f.good)],
      expected: 'pass',
    },
  ];
  for (const list of f.lists ?? []) {
    const short = list === 'initContainers' ? 'init-containers' : 'ephemeral-containers';
    const which = list === 'initContainers' ? 'an init' : 'an ephemeral';
    const spec = inList(list, f.bad, f.good);
    out.push(
      {
        ...base,
        source: `${f.rule} (pod-${short})`,
        scenario: `only ${which} container of a Pod has it`,
        objects: [pod('web', spec)],
        expected: 'fail',
      },
      {
        ...base,
        source: `${f.rule} (workloads-${short})`,
        scenario: `only ${which} container of a Deployment template has it`,
        objects: [deployment('api', spec)],
        expected: 'fail',
      },
      {
        ...base,
        source: `${f.rule} (cronjob-${short})`,
        scenario: `only ${which} container of a CronJob template has it`,
        objects: [cronJob('nightly', spec)],
        expected: 'fail',
      },
    );
  }
  return out;
}

const one = (c: Obj): Obj => ({ containers: [c] });

const cases: KsCase[] = [
  // C-0057 rule-privileged-container: privileged: true, or SYS_ADMIN in capabilities.add.
  ...family({
    control: 'C-0057',
    rule: 'rule-privileged-container',
    check: 'pod-privileged-container',
    bad: one(sc({ privileged: true })),
    good: one(sc({ privileged: false })),
    lists: ['initContainers', 'ephemeralContainers'],
  }),
  {
    control: 'C-0057',
    source: 'rule-privileged-container/test/pod-ephemeralcontainer',
    scenario: 'an ephemeral debug container adds SYS_ADMIN',
    check: 'pod-privileged-container',
    objects: [
      pod('web', {
        containers: [sc({ privileged: false })],
        ephemeralContainers: [sc({ capabilities: { add: ['SYS_ADMIN'] } }, 'debugger')],
      }),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0057',
    source: 'rule-privileged-container/raw.rego (SYS_ADMIN and privileged)',
    scenario: 'privileged and SYS_ADMIN together',
    check: 'pod-privileged-container',
    objects: [pod('web', one(sc({ privileged: true, capabilities: { add: ['SYS_ADMIN'] } })))],
    expected: 'fail',
  },
  {
    control: 'C-0057',
    source: 'rule-privileged-container/raw.rego (capabilities other than SYS_ADMIN)',
    scenario: 'adds NET_BIND_SERVICE only',
    check: 'pod-privileged-container',
    objects: [pod('web', one(sc({ capabilities: { add: ['NET_BIND_SERVICE'] } })))],
    expected: 'pass',
  },
  // C-0038 host-pid-ipc-privileges: hostPID or hostIPC; judged here by pod-host-pid and pod-host-ipc.
  ...family({
    control: 'C-0038',
    rule: 'host-pid-ipc-privileges',
    check: 'pod-host-pid',
    bad: { hostPID: true, containers: [ctr()] },
    good: { hostPID: false, containers: [ctr()] },
  }),
  ...family({
    control: 'C-0038',
    rule: 'host-pid-ipc-privileges',
    check: 'pod-host-ipc',
    bad: { hostIPC: true, containers: [ctr()] },
    good: { containers: [ctr()] },
  }),
  // C-0275 host-pid-privileges, C-0276 host-ipc-privileges (the CIS 4.2.x state halves).
  ...family({
    control: 'C-0275',
    rule: 'host-pid-privileges',
    check: 'pod-host-pid',
    bad: { hostPID: true, containers: [ctr()] },
    good: { containers: [ctr()] },
  }),
  ...family({
    control: 'C-0276',
    rule: 'host-ipc-privileges',
    check: 'pod-host-ipc',
    bad: { hostIPC: true, containers: [ctr()] },
    good: { hostIPC: false, containers: [ctr()] },
  }),
  // C-0041 host-network-access
  ...family({
    control: 'C-0041',
    rule: 'host-network-access',
    check: 'pod-host-network',
    bad: { hostNetwork: true, containers: [ctr()] },
    good: { hostNetwork: false, containers: [ctr()] },
  }),
  // C-0044 container-hostPort: a hostPort in any container's ports.
  ...family({
    control: 'C-0044',
    rule: 'container-hostPort',
    check: 'pod-host-port',
    bad: one(ctr('app', { ports: [{ containerPort: 8080, hostPort: 8080 }] })),
    good: one(ctr('app', { ports: [{ containerPort: 8080 }] })),
  }),
  // C-0016 rule-allow-privilege-escalation: anything but an explicit false fails.
  ...family({
    control: 'C-0016',
    rule: 'rule-allow-privilege-escalation',
    check: 'pod-allow-privilege-escalation',
    bad: one(sc({ allowPrivilegeEscalation: true })),
    good: one(sc({ allowPrivilegeEscalation: false })),
  }),
  {
    control: 'C-0016',
    source: 'rule-allow-privilege-escalation/test/pod',
    scenario: 'allowPrivilegeEscalation not set',
    check: 'pod-allow-privilege-escalation',
    objects: [pod('web', one(ctr()))],
    expected: 'fail',
  },
  {
    control: 'C-0016',
    source: 'rule-allow-privilege-escalation/test/workloads',
    scenario: 'one container sets false, the other says nothing',
    check: 'pod-allow-privilege-escalation',
    objects: [deployment('api', { containers: [sc({ allowPrivilegeEscalation: false }), ctr('sidecar')] })],
    expected: 'fail',
    failing: ['Deployment team-a/api'],
  },
  // C-0013 non-root-containers: root when runAsNonRoot is not true and runAsUser is 0 or unset, or runAsGroup is 0 or unset.
  ...family({
    control: 'C-0013',
    rule: 'non-root-containers',
    check: 'pod-run-as-root',
    bad: one(sc({ runAsNonRoot: false })),
    good: one(sc({ runAsNonRoot: true, runAsGroup: 1000 })),
    lists: ['initContainers', 'ephemeralContainers'],
  }),
  {
    control: 'C-0013',
    source: 'non-root-containers/test/pod',
    scenario: 'no securityContext at all',
    check: 'pod-run-as-root',
    objects: [pod('web', one(ctr()))],
    expected: 'fail',
  },
  {
    control: 'C-0013',
    source: 'non-root-containers/test/deployment',
    scenario: 'runAsUser and runAsGroup 1000 at pod level',
    check: 'pod-run-as-root',
    objects: [deployment('api', { securityContext: { runAsUser: 1000, runAsGroup: 1000 }, containers: [ctr()] })],
    expected: 'pass',
  },
  {
    control: 'C-0013',
    source: 'non-root-containers/test/cronjob-runasuser',
    scenario: 'runAsUser 0 on the container overrides a non-root pod level',
    check: 'pod-run-as-root',
    objects: [
      cronJob('nightly', {
        securityContext: { runAsUser: 1000, runAsGroup: 1000 },
        containers: [sc({ runAsUser: 0 })],
      }),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0013',
    source: 'non-root-containers/test/deployment-fail',
    scenario: 'runAsNonRoot: true but no runAsGroup (group 0)',
    check: 'pod-run-as-root',
    objects: [deployment('api', one(sc({ runAsNonRoot: true })))],
    expected: 'fail',
    difference: 'Kubescape C-0013, which also fails a container whose runAsGroup is 0 or unset',
  },
  // C-0046 insecure-capabilities: capabilities.add names one of its insecureCapabilities list (exact spelling).
  ...family({
    control: 'C-0046',
    rule: 'insecure-capabilities',
    check: 'pod-insecure-capabilities',
    bad: one(sc({ capabilities: { add: ['SYS_MODULE'] } })),
    good: one(sc({ capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } })),
    lists: ['initContainers', 'ephemeralContainers'],
  }),
  {
    control: 'C-0046',
    source: 'insecure-capabilities/test/workloads',
    scenario: 'adds NET_ADMIN and SYS_PTRACE',
    check: 'pod-insecure-capabilities',
    objects: [deployment('api', one(sc({ capabilities: { add: ['NET_ADMIN', 'SYS_PTRACE'] } })))],
    expected: 'fail',
  },
  {
    control: 'C-0046',
    source: 'insecure-capabilities/raw.rego (dropping is not adding)',
    scenario: 'drops SYS_ADMIN and NET_RAW',
    check: 'pod-insecure-capabilities',
    objects: [pod('web', one(sc({ capabilities: { drop: ['SYS_ADMIN', 'NET_RAW'] } })))],
    expected: 'pass',
  },
  {
    control: 'C-0046',
    source: 'insecure-capabilities/raw.rego (the insecureCapabilities list)',
    scenario: 'adds SYS_TIME, which the default list does not name',
    check: 'pod-insecure-capabilities',
    objects: [pod('web', one(sc({ capabilities: { add: ['SYS_TIME'] } })))],
    expected: 'pass',
    difference: 'Kubescape C-0046 (whose default list lacks SYS_TIME and DAC_READ_SEARCH)',
  },
  // C-0017 immutable-container-filesystem: readOnlyRootFilesystem must be true on every container.
  ...family({
    control: 'C-0017',
    rule: 'immutable-container-filesystem',
    check: 'pod-writable-root-filesystem',
    bad: one(sc({ readOnlyRootFilesystem: false })),
    good: one(sc({ readOnlyRootFilesystem: true })),
    lists: ['initContainers', 'ephemeralContainers'],
  }),
  {
    control: 'C-0017',
    source: 'immutable-container-filesystem/test/pod',
    scenario: 'readOnlyRootFilesystem not set',
    check: 'pod-writable-root-filesystem',
    objects: [pod('web', one(ctr()))],
    expected: 'fail',
  },
  // C-0210 set-seccomp-profile-RuntimeDefault: the container's type wins, else the pod's; it must be RuntimeDefault.
  ...family({
    control: 'C-0210',
    rule: 'set-seccomp-profile-RuntimeDefault',
    check: 'pod-seccomp-profile',
    bad: one(sc({ seccompProfile: { type: 'Unconfined' } })),
    good: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [ctr()] },
  }),
  {
    control: 'C-0210',
    source: 'set-seccomp-profile-RuntimeDefault (pod)',
    scenario: 'no seccompProfile anywhere',
    check: 'pod-seccomp-profile',
    objects: [pod('web', one(ctr()))],
    expected: 'fail',
  },
  {
    control: 'C-0210',
    source: 'set-seccomp-profile-RuntimeDefault (workloads)',
    scenario: 'RuntimeDefault on the container, nothing at pod level',
    check: 'pod-seccomp-profile',
    objects: [deployment('api', one(sc({ seccompProfile: { type: 'RuntimeDefault' } })))],
    expected: 'pass',
  },
  {
    control: 'C-0210',
    source: 'set-seccomp-profile-RuntimeDefault/raw.rego (type other than RuntimeDefault)',
    scenario: 'a Localhost profile on the pod',
    check: 'pod-seccomp-profile',
    objects: [
      pod('web', {
        securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } },
        containers: [ctr()],
      }),
    ],
    expected: 'fail',
    difference: 'Kubescape C-0210, which accepts only RuntimeDefault: a Localhost profile passes here',
  },
  // Resources: C-0268 cpu requests, C-0269 memory requests, C-0270 cpu limits, C-0271 memory limits.
  ...(
    [
      ['C-0268', 'resources-cpu-requests', 'pod-cpu-requests', 'requests', 'cpu'],
      ['C-0269', 'resources-memory-requests', 'pod-memory-requests', 'requests', 'memory'],
      ['C-0270', 'resources-cpu-limits', 'pod-cpu-limits', 'limits', 'cpu'],
      ['C-0271', 'resources-memory-limits', 'pod-memory-limits', 'limits', 'memory'],
    ] as const
  ).flatMap(([control, rule, check, section, resource]): KsCase[] => {
    const value = resource === 'cpu' ? '250m' : '256Mi';
    const other = resource === 'cpu' ? { memory: '256Mi' } : { cpu: '250m' };
    return [
      ...family({
        control,
        rule,
        check,
        bad: one(ctr('app', { resources: { [section]: other } })),
        good: one(ctr('app', { resources: { [section]: { [resource]: value } } })),
      }),
      {
        control,
        source: `${rule} (pod)`,
        scenario: 'no resources at all',
        check,
        objects: [pod('web', one(ctr()))],
        expected: 'fail',
      },
    ];
  }),
];

export const kubescapeWorkloadCases: AgreementCase[] = cases.map((c) => ({ ...c, peer: 'kubescape' }));
