import type { CheckDefinition, Finding, Observation } from '../types.js';
import { asArray, awsFinding, awsSeen, FAMILY, fact, isRecord, missingFact, notAssessed, outcome } from './shared.js';
import { minorVersion } from './versions.js';

/**
 * Add-ons whose version names the Kubernetes minor they were built for. kube-proxy is released per Kubernetes minor
 * ("v1.31.10-eksbuild.8" is for 1.31). vpc-cni, coredns and aws-ebs-csi-driver are versioned on their own
 * lines: their "eksbuild.N" suffix is a build counter, not a Kubernetes version, and EKS publishes only the latest
 * build per Kubernetes minor, not a minimum; a reliable verdict for them needs DescribeAddonVersions
 * (`compatibilities[].clusterVersion`), which the collector does not call. They are listed, not judged.
 */
const VERSIONED_BY_KUBERNETES_MINOR = new Set(['kube-proxy']);

/**
 * Risk area 8: an add-on left on the previous Kubernetes minor after a control-plane upgrade. EKS upgrades the
 * control plane only; add-ons stay where they were until someone updates them.
 */
export const awsAddonVersionSkew: CheckDefinition = {
  id: 'aws-addon-version-skew',
  title: 'Add-ons built per Kubernetes minor match the cluster version',
  severity: 'low',
  family: FAMILY,
  rationale:
    'kube-proxy programs every Service rule on every node; a build for another Kubernetes minor misses that ' +
    "version's fixes and may not support its API changes. EKS does not update add-ons when the control plane is " +
    'upgraded, so after an upgrade they silently stay behind.',
  remediation:
    'List the builds for the cluster version (`aws eks describe-addon-versions --addon-name kube-proxy ' +
    '--kubernetes-version VERSION`) and update: `aws eks update-addon --cluster-name CLUSTER --addon-name kube-proxy ' +
    '--addon-version VERSION --resolve-conflicts PRESERVE`.',
  references: {},
  inputs: [
    { kind: 'aws', fact: 'addons' },
    { kind: 'aws', fact: 'cluster' },
  ],
  evaluate(snapshot) {
    const addons = fact(snapshot, 'addons');
    if (!addons) return missingFact('addons');
    const cluster = fact(snapshot, 'cluster');
    const clusterVersion = isRecord(cluster) ? cluster.version : undefined;
    const control = minorVersion(clusterVersion ?? snapshot.cluster.kubernetesVersion);
    if (!control) return notAssessed('the cluster version is unknown');
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    const judged: string[] = [];
    const listed: string[] = [];
    for (const addon of asArray(addons)) {
      if (!isRecord(addon) || typeof addon.addonName !== 'string') continue;
      const version = typeof addon.addonVersion === 'string' ? addon.addonVersion : undefined;
      if (!VERSIONED_BY_KUBERNETES_MINOR.has(addon.addonName)) {
        listed.push(`${addon.addonName} ${version ?? '(no version)'}`);
        continue;
      }
      const built = minorVersion(version);
      if (!built) continue;
      judged.push(`${addon.addonName} ${version}`);
      evaluated.push(
        awsSeen(
          'Addon',
          addon.addonName,
          `addonVersion ${version} (built for Kubernetes ${built.major}.${built.minor}; the cluster runs ${control.major}.${control.minor})`,
        ),
      );
      if (built.major === control.major && built.minor === control.minor) continue;
      failing.push(
        awsFinding(
          'Addon',
          addon.addonName,
          `addonVersion ${version} is built for Kubernetes ${built.major}.${built.minor}, the cluster runs ${control.major}.${control.minor}`,
          'addonVersion',
        ),
      );
    }
    const notJudged = listed.length > 0 ? `; not judged (own version lines): ${listed.join(', ')}` : '';
    return outcome({
      evaluated,
      failing,
      ifNoneEvaluated: 'no add-on versioned per Kubernetes minor (kube-proxy) is installed as an EKS add-on',
      passReason: `${judged.join(', ')} match Kubernetes ${control.major}.${control.minor}${notJudged}`,
    });
  },
};
