import type { RegistryScanningFact } from '../../model/aws-facts.js';
import { registryScanningOf } from '../../model/aws-tolerant.js';
import type { CheckDefinition, Finding } from '../types.js';
import {
  asArray,
  awsFinding,
  FAMILY,
  fact,
  factInputs,
  isRecord,
  missingFact,
  notApplicable,
  show,
  text,
  verdict,
} from './shared.js';

/**
 * Whether an ECR registry scanning filter (filterType WILDCARD) selects a repository, by ECR's documented rule (Amazon
 * ECR user guide, "Filters to choose which repositories are scanned"): a filter without `*` matches every repository
 * whose name contains it; with `*`, which stands for zero or more characters, it must match the whole name. This is
 * AWS's pattern language, kept apart from the catalog's own glob dialect (functions/model/glob.ts), whose plain text
 * is an exact match: reading AWS's filters with our dialect would call scanned repositories unscanned.
 */
export function ecrFilterMatches(filter: string, repositoryName: string): boolean {
  if (!filter.includes('*')) return repositoryName.includes(filter);
  const source = filter
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(repositoryName);
}

/** The registry rule that scans this repository automatically (MANUAL frequency does not count), if any. */
export function coveringRule(
  registry: RegistryScanningFact,
  registryId: string | undefined,
  repositoryName: string,
): { scanType: string; scanFrequency: string } | undefined {
  // Registry rules bind only the registry they were read from (the scanning account's); other accounts' repos
  // are judged by their own repository setting.
  if (registry.registryId && registryId && registry.registryId !== registryId) return undefined;
  for (const rule of asArray(registry.rules)) {
    if (!isRecord(rule) || typeof rule.scanFrequency !== 'string' || rule.scanFrequency === 'MANUAL') continue;
    const matches = asArray(rule.repositoryFilters).some(
      (f) => isRecord(f) && typeof f.filter === 'string' && ecrFilterMatches(f.filter, repositoryName),
    );
    if (matches) return { scanType: text(registry.scanType, 'BASIC'), scanFrequency: rule.scanFrequency };
  }
  return undefined;
}

/**
 * CIS EKS 5.1.1. The registry-level scanning configuration comes first (it supersedes the legacy per-repository
 * flag, the only thing Kubescape reads); a repository counts as scanned when a registry rule scans it on push or
 * continuously, or its own scanOnPush is on. Scope: the repositories whose images run in the cluster.
 */
export const awsEcrImageScanning: CheckDefinition = {
  id: 'aws-ecr-image-scanning',
  title: 'ECR scans the images the cluster runs',
  severity: 'high',
  family: FAMILY,
  rationale:
    'An image that is never scanned can carry known-exploitable vulnerabilities into production unnoticed. Scanning ' +
    'on push (basic) or continuously (enhanced, through Amazon Inspector) catches them, including CVEs published ' +
    'after the image was built.',
  remediation:
    'Turn on registry scanning for every repository: `aws ecr put-registry-scanning-configuration --scan-type ' +
    'ENHANCED --rules \'[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":' +
    '"WILDCARD"}]}]\'` (or BASIC with SCAN_ON_PUSH).',
  references: { kubescape: ['C-0221'] },
  inputs: factInputs('ecrRegistryScanning', 'ecrRepositories'),
  evaluate(snapshot) {
    const raw = fact(snapshot, 'ecrRegistryScanning');
    const repos = fact(snapshot, 'ecrRepositories');
    if (!raw) return missingFact('ecrRegistryScanning');
    const registry = registryScanningOf(raw);
    if (!repos) return missingFact('ecrRepositories');
    if (repos.length === 0) return notApplicable('no image from ECR in this region runs in the cluster');
    const failing: Finding[] = [];
    for (const repo of repos) {
      const name = text(repo.repositoryName ?? repo.repositoryUri, 'unknown');
      if (coveringRule(registry, repo.registryId, name)) continue;
      if (repo.imageScanningConfiguration?.scanOnPush === true) continue;
      failing.push(
        awsFinding(
          'EcrRepository',
          name,
          `no registry scanning rule matches it (registry scanType ${show(registry.scanType, 'unset')}) and scanOnPush is off`,
          'imageScanningConfiguration.scanOnPush',
        ),
      );
    }
    return verdict(failing, repos.length);
  },
};
