/** JSON Schema (draft 2020-12) of the config file. Defaults live here so every consumer sees the same values. */

import { FRAMEWORK_IDS } from '../frameworks/ids.js';

const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const globList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
const frameworkId = { enum: FRAMEWORK_IDS } as const;
const region = { type: 'string', pattern: '^[a-z]{2}(-gov)?-[a-z]+-\\d$' } as const;

export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://eks-compliance-reporter/config.schema.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    schedule: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        weekDay: { enum: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], default: 'MON' },
        hour: { type: 'integer', minimum: 0, maximum: 23, default: 6 },
        minute: { type: 'integer', minimum: 0, maximum: 59, default: 0 },
        timezone: { type: 'string', minLength: 1, default: 'UTC' },
      },
    },
    clusters: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'region'],
        properties: {
          name: { type: 'string', pattern: '^[0-9A-Za-z][A-Za-z0-9\\-_]{0,99}$' },
          region,
          account: { type: 'string', pattern: '^\\d{12}$' },
          roleArn: { type: 'string', pattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+' },
          network: { type: 'string', minLength: 1 },
        },
      },
    },
    networks: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'vpcId', 'subnetIds'],
        properties: {
          name: { type: 'string', minLength: 1 },
          vpcId: { type: 'string', pattern: '^vpc-[0-9a-f]+$' },
          subnetIds: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^subnet-[0-9a-f]+$' } },
          securityGroupIds: { type: 'array', items: { type: 'string', pattern: '^sg-[0-9a-f]+$' } },
          clusterSecurityGroupIds: {
            type: 'array',
            uniqueItems: true,
            items: { type: 'string', pattern: '^sg-[0-9a-f]+$' },
          },
        },
      },
    },
    discovery: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        regions: { type: 'array', items: region, default: [] },
        tags: { type: 'object', additionalProperties: { type: 'string' }, default: {} },
        // Other accounts to discover clusters in, through the role `roleName` in each (the target-account stack's).
        accounts: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^\\d{12}$' }, default: [] },
        // Every ACTIVE account of the AWS Organization (ListAccounts, from the management or a delegated
        // administrator account: the reporter's own, or the one organizationRoleArn is in).
        organization: { type: 'boolean', default: false },
        organizationRoleArn: { type: 'string', pattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+' },
        // The role the target-account stack (or StackSet) creates in each account; an IAM role name, no path.
        roleName: { type: 'string', pattern: '^[A-Za-z0-9+=,.@_-]{1,64}$', default: 'EksComplianceScan' },
      },
    },
    frameworks: {
      type: 'array',
      items: frameworkId,
      minItems: 1,
      uniqueItems: true,
      default: [...FRAMEWORK_IDS],
    },
    scan: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        // The Distributed Map runs at most 10,000 children at once; above the account's Lambda quota the scans
        // are throttled (load.ts refuses more than 1,000 unless accountConcurrency says the quota is higher).
        concurrency: { type: 'integer', minimum: 1, maximum: 10000, default: 5 },
        accountConcurrency: { type: 'integer', minimum: 1 },
        kubeletConfig: { type: 'boolean', default: false },
        secretMetadata: { type: 'boolean', default: false },
        approvedRegistries: globList,
      },
    },
    report: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        sender: { type: 'string', format: 'email' },
        // SES refuses a message to more than 50 recipients; no email would ever go out.
        recipients: { type: 'array', items: { type: 'string', format: 'email' }, maxItems: 50, default: [] },
        links: { enum: ['redirect', 'presigned'], default: 'redirect' },
        linkExpiryDays: { type: 'integer', minimum: 1, maximum: 7, default: 7 },
        // Lambda leaves 100 of an account's concurrency unreserved: 900 is the most the default 1,000 allows.
        linksConcurrency: { type: 'integer', minimum: 1, maximum: 900 },
        attachPdfMaxMb: { type: 'number', exclusiveMinimum: 0, maximum: 25, default: 7 },
        failUnder: { type: 'number', minimum: 0, maximum: 100 },
        // The Report function's size: it reads one small summary per cluster, never a results.json, so its memory
        // depends on the number of clusters only (docs/deployment.md gives the measured fleet limits).
        memoryMb: { type: 'integer', minimum: 256, maximum: 10240, default: 512 },
        timeoutMinutes: { type: 'integer', minimum: 1, maximum: 15, default: 10 },
        // Document control on the PDF's cover, sign-off page and running header: a label such as "Confidential".
        classification: { type: 'string', maxLength: 200, pattern: '\\S' },
        // Who receives the report (names, roles or addresses), on the sign-off page; recipients stand in when unset.
        distribution: {
          type: 'array',
          items: { type: 'string', maxLength: 500, pattern: '\\S' },
          uniqueItems: true,
        },
      },
    },
    retention: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        days: { type: 'integer', minimum: 1, default: 400 },
        objectLock: {
          type: 'object',
          additionalProperties: false,
          required: ['mode', 'days'],
          properties: {
            mode: { enum: ['GOVERNANCE', 'COMPLIANCE'] },
            days: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
    alarms: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { email: { type: 'string', format: 'email' } },
    },
    securityHub: { type: 'boolean', default: false },
    events: { type: 'boolean', default: true },
    waivers: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'check', 'reason', 'approvedBy', 'expires'],
        properties: {
          id: { type: 'string', minLength: 1 },
          check: { type: 'string', minLength: 1 },
          clusters: globList,
          namespaces: globList,
          names: globList,
          kinds: globList,
          reason: { type: 'string', minLength: 10 },
          approvedBy: { type: 'string', minLength: 1 },
          approvedOn: isoDate,
          expires: isoDate,
          ticket: { type: 'string' },
        },
      },
    },
    attestations: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'framework', 'requirement', 'status', 'statement', 'attestedBy', 'date', 'expires'],
        properties: {
          id: { type: 'string', minLength: 1 },
          framework: frameworkId,
          requirement: { type: 'string', minLength: 1 },
          clusters: globList,
          status: { enum: ['pass', 'fail'] },
          statement: { type: 'string', minLength: 10 },
          attestedBy: { type: 'string', minLength: 1 },
          date: isoDate,
          expires: isoDate,
          evidence: { type: 'string' },
        },
      },
    },
  },
} as const;
