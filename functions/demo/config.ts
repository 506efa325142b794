/**
 * The demo's own configuration: the waivers and attestations a platform team would have, so `scan --demo` shows
 * the registers an auditor reads in every state (a waiver in force, one expiring within 30 days, one expired, one
 * that matched nothing; an attestation in force and one that has lapsed), and a classification and distribution
 * for the PDF's sign-off page. Dates are relative to the demo run, like the rest of the demo's timeline, so the
 * states hold whatever day it runs. A `--config` file replaces all of it.
 */
import type { DocumentControl } from '../report/model-document.js';
import type { Attestation, Waiver } from '../scoring/waiver-types.js';

export interface DemoConfig {
  waivers: Waiver[];
  attestations: Attestation[];
  /** As report.classification and report.distribution would set it, so the demo PDF shows its sign-off page filled. */
  documentControl: DocumentControl;
}

/** `collectedAt` moved by whole days, as the YYYY-MM-DD a config file holds. */
function day(collectedAt: string, days: number): string {
  return new Date(Date.parse(collectedAt) + days * 86_400_000).toISOString().slice(0, 10);
}

export function demoConfig(collectedAt: string): DemoConfig {
  return {
    waivers: [
      {
        id: 'W-101',
        check: 'pod-host-path-volume',
        namespaces: ['monitoring'],
        names: ['node-exporter'],
        kinds: ['DaemonSet'],
        reason: 'node-exporter reads the host /proc, /sys and root filesystem read-only to export node metrics.',
        approvedBy: 'maria.garcia@example.com (platform security)',
        approvedOn: day(collectedAt, -20),
        expires: day(collectedAt, 180),
        ticket: 'SEC-2041',
      },
      {
        id: 'W-102',
        check: 'pod-host-network',
        namespaces: ['monitoring'],
        names: ['node-exporter'],
        reason: 'node-exporter reads host network statistics; to be replaced by the CloudWatch agent this quarter.',
        approvedBy: 'maria.garcia@example.com (platform security)',
        approvedOn: day(collectedAt, -75),
        expires: day(collectedAt, 12),
        ticket: 'SEC-2077',
      },
      {
        id: 'W-103',
        check: 'rbac-nodes-proxy',
        kinds: ['ClusterRole'],
        names: ['prometheus-server'],
        reason: 'Prometheus scrapes kubelet metrics through the API server proxy; renewal pending review.',
        approvedBy: 'tom.lee@example.com (SRE lead)',
        approvedOn: day(collectedAt, -190),
        expires: day(collectedAt, -9),
        ticket: 'SEC-1988',
      },
      {
        id: 'W-104',
        check: 'pod-host-pid',
        namespaces: ['legacy-*'],
        reason: 'The legacy batch agents read host processes; the namespace was retired, the waiver not yet.',
        approvedBy: 'tom.lee@example.com (SRE lead)',
        approvedOn: day(collectedAt, -300),
        expires: day(collectedAt, 60),
      },
    ],
    attestations: [
      {
        id: 'A-201',
        framework: 'cis-eks-1.8.0',
        requirement: '5.1.2',
        status: 'pass',
        statement: 'ECR push rights are held only by the CI deploy role; reviewed in the quarterly IAM access review.',
        attestedBy: 'john.smith@example.com (IAM owner)',
        date: day(collectedAt, -30),
        expires: day(collectedAt, 60),
        evidence: 'https://wiki.example.com/security/iam-review',
      },
      {
        id: 'A-202',
        framework: 'nsa-cisa-1.2',
        requirement: 'nsa-3.1',
        status: 'pass',
        statement: 'Cluster users authenticate through IAM Identity Center; no static tokens or client certificates.',
        attestedBy: 'john.smith@example.com (IAM owner)',
        date: day(collectedAt, -120),
        expires: day(collectedAt, -20),
      },
    ],
    documentControl: {
      classification: 'Confidential',
      distribution: ['Platform engineering', 'Security and compliance (CISO office)', 'External auditor'],
    },
  };
}
