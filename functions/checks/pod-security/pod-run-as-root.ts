import { describeContainer } from '../../model/workloads.js';
import { definePodCheck, effectiveSetting, perContainer, show, sourceWords } from './shared.js';

export const podRunAsRoot = definePodCheck(
  {
    id: 'pod-run-as-root',
    title: 'Containers run as a non-root user',
    severity: 'medium',
    rationale:
      'A process running as UID 0 in a container is root on the node for every kernel path that is not namespaced, ' +
      'and owns any host file that reaches it through a volume. Most images default to root, so only an explicit ' +
      'runAsNonRoot: true (which the kubelet enforces against the image user) or a non-zero runAsUser is evidence. ' +
      'Both are inherited from the pod securityContext; runAsUser: 0 fails even with runAsNonRoot: true, because ' +
      'the kubelet would refuse to start it.',
    deviation:
      'Looser than Kubescape C-0013, which also fails a container whose runAsGroup is 0 or unset: this check is about ' +
      'the user a container runs as (runAsNonRoot, runAsUser), as the restricted Pod Security Standard and the NSA ' +
      'guidance judge it; a root group without a root user gives no root privileges.',
    remediation:
      'Set securityContext.runAsNonRoot: true and a non-zero runAsUser (and runAsGroup) at pod level, or on each ' +
      'container, and build images with a numeric non-root USER. Enforce the restricted Pod Security Standard.',
    references: { kubescape: ['C-0013', 'C-0198'], polaris: ['runAsRootAllowed'], pss: ['restricted'] },
  },
  perContainer((template, ref) => {
    const where = describeContainer(ref);
    const user = effectiveSetting(template, ref, 'runAsUser');
    if (typeof user.value === 'number' && Number.isInteger(user.value)) {
      if (user.value > 0) return null;
      return { message: `runAsUser is ${user.value} (${sourceWords(user.source)}) in ${where}`, path: user.path };
    }
    const nonRoot = effectiveSetting(template, ref, 'runAsNonRoot');
    if (nonRoot.value === true) return null;
    const observed =
      nonRoot.source === 'unset'
        ? 'runAsNonRoot is not set'
        : `runAsNonRoot is ${show(nonRoot.value)} (${sourceWords(nonRoot.source)})`;
    const userWords = user.source === 'unset' ? 'runAsUser is not set' : `runAsUser is ${show(user.value)}`;
    return { message: `${observed} and ${userWords} in ${where}: it may run as root`, path: nonRoot.path };
  }),
);
