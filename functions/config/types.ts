import type { FrameworkId } from '../frameworks/ids.js';
/**
 * The one configuration file that drives `cdk deploy`, the Lambda handlers and the CLI.
 * `schema.ts` validates it; `docs/config.example.yaml` shows every key with comments.
 */
import type { Attestation, Waiver } from '../scoring/waiver-types.js';

export interface ClusterTarget {
  name: string;
  region: string;
  /** 12-digit AWS account id; defaults to the deploying account. */
  account?: string;
  /** Role to assume for clusters in other accounts (created there by the target-account stack). */
  roleArn?: string;
  /** Name of an entry under `networks` when the cluster endpoint is private. */
  network?: string;
}

export interface NetworkPlacement {
  name: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds?: string[];
  /**
   * The security groups of the clusters reached through this network (their cluster security group): the stack
   * adds an ingress rule for TCP 443 from the scan function's groups to each. They must be in the stack's account
   * and region.
   */
  clusterSecurityGroupIds?: string[];
}

export interface ReporterConfig {
  schedule: {
    /** Day of week (MON..SUN), hour and minute in `timezone`. */
    weekDay: 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';
    hour: number;
    minute: number;
    timezone: string;
  };
  clusters: ClusterTarget[];
  networks: NetworkPlacement[];
  discovery: {
    regions: string[];
    /** Only clusters carrying all of these tags are scanned. */
    tags: Record<string, string>;
    /** Other accounts whose clusters (in `regions`) are discovered and scanned through the role `roleName` there. */
    accounts: string[];
    /** Every ACTIVE account of the organization too (AWS Organizations ListAccounts). */
    organization: boolean;
    /** The role to read ListAccounts through (in the management or a delegated administrator account). */
    organizationRoleArn?: string;
    /** The role the target-account stack creates in each account (default EksComplianceScan). */
    roleName: string;
  };
  frameworks: FrameworkId[];
  scan: {
    /** Clusters scanned at once by the state machine's Map state. */
    concurrency: number;
    /**
     * The account's Lambda concurrent-executions quota, when it was raised above the default 1,000: the note that
     * lets `concurrency` go above 1,000 (and the bound it must stay under).
     */
    accountConcurrency?: number;
    /** Read kubelet configuration through nodes/proxy (CIS 3.2.x). Off by default: nodes/proxy is a powerful permission. */
    kubeletConfig: boolean;
    /**
     * List Secrets, metadata only, for the legacy token and unused Secret checks. Off by default: `list secrets`
     * cannot be limited to metadata, so the role it needs can read Secret values.
     */
    secretMetadata: boolean;
    /** Image registries considered approved (CIS 5.1.4), as host globs. */
    approvedRegistries?: string[];
  };
  report: {
    sender?: string;
    recipients: string[];
    /**
     * How the email links to reports. 'redirect' (default): links to the stack's link function, signed with a KMS
     * HMAC key, which presigns the object when the link is opened, so a link works for all of linkExpiryDays.
     * 'presigned': S3 presigned URLs signed by the Report function, which stop when its session credentials expire
     * (hours); for accounts that forbid public Lambda function URLs.
     */
    links: 'redirect' | 'presigned';
    /** Days a report link in the email stays valid (at most 7; presigned links may stop earlier, see `links`). */
    linkExpiryDays: number;
    /**
     * Reserved concurrency of the links function (links: redirect): at most this many requests at once. Unset, it
     * shares the account's unreserved pool. Lambda keeps 100 of the account's concurrency unreserved.
     */
    linksConcurrency?: number;
    /** The fleet PDF is attached while it is smaller than this; otherwise the email links to it. */
    attachPdfMaxMb: number;
    /** Score under which a cluster is highlighted (and the CLI exits 2 with --fail-under unset). */
    failUnder?: number;
    /** The Report function's memory (MB): it grows with the number of clusters only (default 512; docs/deployment.md). */
    memoryMb: number;
    /** The Report function's timeout (minutes, at most Lambda's 15). */
    timeoutMinutes: number;
    /** Document classification ("Confidential"), on the PDF's cover, sign-off page and running header. */
    classification?: string;
    /** Who receives the report, listed on the PDF's sign-off page; the recipients stand in when unset. */
    distribution?: string[];
  };
  retention: {
    /** Days results and reports are kept in S3 before expiry. */
    days: number;
    objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number };
  };
  alarms: { email?: string };
  /**
   * Import each cluster's requirements into Security Hub (ASFF, the account's custom integration) from the Report
   * step: failing ones as FAILED findings, passing ones as PASSED and resolved. Off by default.
   */
  securityHub: boolean;
  /** Put the run's events (Compliance Run Completed, Cluster Scan Failed) on the default EventBridge bus. */
  events: boolean;
  waivers: Waiver[];
  attestations: Attestation[];
}
