/**
 * The ten classic Kubernetes security risk areas. Each area covers every check whose `riskAreas` names it
 * (`coversRiskArea`, resolved at evaluation time), so a new check joins its areas without editing this file.
 * `manualGuidance` is what an auditor looks at while an area has no check yet.
 */
import type { RiskArea } from '../checks/types.js';
import type { FrameworkDefinition, RequirementDefinition } from './types.js';

/** Short titles of the risk areas, for reports that label `CheckDefinition.riskAreas`. */
export const RISK_AREA_TITLES: Readonly<Record<RiskArea, string>> = {
  1: 'Secrets',
  2: 'Container images with vulnerabilities',
  3: 'Runtime threats',
  4: 'Misconfiguration and default settings',
  5: 'RBAC policies',
  6: 'Network access',
  7: 'Monitoring and audit logging',
  8: 'Kubernetes API version and patching',
  9: 'Resource requests and limits',
  10: 'Data and storage',
};

function area(n: RiskArea, manualGuidance: string): RequirementDefinition {
  return {
    id: String(n),
    title: RISK_AREA_TITLES[n],
    section: `${n}. ${RISK_AREA_TITLES[n]}`,
    checks: [],
    coversRiskArea: n,
    manualGuidance,
  };
}

export const K8S_TOP10_RISKS: FrameworkDefinition = {
  id: 'k8s-top10-risks',
  title: 'Kubernetes security risk areas (top 10)',
  version: '1',
  publisher: 'eks-compliance-reporter',
  description:
    'Ten risk areas that cover how Kubernetes clusters are usually attacked or misused. Each area gathers the checks ' +
    'tagged with it; its score shows where the cluster is weakest.',
  requirements: [
    area(
      1,
      'Secrets are read only by the workloads that need them, mounted as files, encrypted with a customer KMS key, ' +
        'and no credentials sit in ConfigMaps or literal env values.',
    ),
    area(
      2,
      'Images come from approved registries, are scanned (ECR basic/enhanced or a third-party scanner), are pinned ' +
        'by tag or digest, and running images have no fixable critical or high findings.',
    ),
    area(
      3,
      'Containers run without privilege, as non-root, with a read-only root filesystem, dropped capabilities and a ' +
        'seccomp profile; runtime threat detection (e.g. GuardDuty Runtime Monitoring) is on.',
    ),
    area(
      4,
      'Kubelet settings, default service accounts, the default namespace, the cluster endpoint and the EKS ' +
        'authentication mode are hardened rather than left at permissive defaults.',
    ),
    area(
      5,
      'cluster-admin, wildcard rules, secrets access, pod creation, bind/escalate/impersonate and nodes/proxy are ' +
        'granted only where needed; aws-auth and access entries map only current IAM principals.',
    ),
    area(
      6,
      'The CNI enforces NetworkPolicies, every namespace has a default-deny policy, and internet-facing load ' +
        'balancers, NodePorts and the public API endpoint are restricted.',
    ),
    area(
      7,
      'EKS control plane audit logs are enabled, retained and forwarded to a SIEM or GuardDuty, and someone reviews ' +
        'the alerts.',
    ),
    area(
      8,
      'The control plane runs a Kubernetes version in standard support, nodes are within the supported skew, and ' +
        'node AMIs and add-ons are patched.',
    ),
    area(
      9,
      'Every container sets CPU and memory requests and limits, and each namespace has a LimitRange and ' +
        'ResourceQuota.',
    ),
    area(
      10,
      'Volumes are encrypted (EBS StorageClasses, default EBS encryption, EFS), hostPath mounts are avoided, and ' +
        'PersistentVolume creation is restricted.',
    ),
  ],
};
