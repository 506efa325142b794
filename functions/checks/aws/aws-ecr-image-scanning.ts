import type { EcrRepositoryFact, RegistryScanningFact } from '../../model/aws-facts.js';
import { registryScanningOf } from '../../model/aws-tolerant.js';
import { parseEcrRegistryHost } from '../../model/ecr-host.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import {
  asArray,
  awsFinding,
  awsSeen,
  FAMILY,
  fact,
  factInputs,
  isRecord,
  missingFact,
  notApplicable,
  notAssessed,
  outcome,
  show,
  text,
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

/** The Region a repository is in: the collector's field, else its URI's host; undefined when neither says. */
function regionOf(repo: EcrRepositoryFact): string | undefined {
  if (typeof repo.region === 'string') return repo.region;
  const uri = typeof repo.repositoryUri === 'string' ? repo.repositoryUri : '';
  return parseEcrRegistryHost(uri.split('/')[0])?.region;
}

/** The account's registry scanning configuration of each Region that was read, or why it was not. */
function configurationsByRegion(
  home: RegistryScanningFact,
  homeRegion: string | undefined,
): Map<string | undefined, { scanning?: RegistryScanningFact; unreadable?: string }> {
  const out = new Map<string | undefined, { scanning?: RegistryScanningFact; unreadable?: string }>();
  out.set(homeRegion, { scanning: home });
  for (const entry of asArray(home.otherRegions)) {
    if (!isRecord(entry) || typeof entry.region !== 'string') continue;
    out.set(entry.region, {
      ...(isRecord(entry.scanning) ? { scanning: registryScanningOf(entry.scanning) } : {}),
      ...(typeof entry.unreadable === 'string' ? { unreadable: entry.unreadable } : {}),
    });
  }
  return out;
}

/**
 * CIS EKS 5.1.1. The registry-level scanning configuration comes first (it supersedes the legacy per-repository
 * flag, the only thing Kubescape reads); a repository counts as scanned when a registry rule of its Region scans it
 * on push or continuously, or its own scanOnPush is on. Scope: the repositories whose images run in the cluster, in
 * every Region they come from.
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
    'Turn on registry scanning for every repository, in every Region the images come from: `aws ecr ' +
    'put-registry-scanning-configuration --region REGION --scan-type ENHANCED --rules \'[{"scanFrequency":' +
    '"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]\'` (or BASIC with SCAN_ON_PUSH).',
  deviation:
    "Kubescape C-0221 reads only each repository's legacy scanOnPush flag; here a registry scanning rule of the " +
    "repository's Region (ECR's filter rules: a filter without * matches names containing it) counts too, since it " +
    'supersedes the flag. Repositories in the EKS add-on registries, which AWS owns and does not let other accounts ' +
    'describe, are listed as not described (AccessDenied) and not judged; a repository of this account in a Region ' +
    'whose scanning configuration could not be read makes the check not assessed unless another repository fails.',
  references: { kubescape: ['C-0221'] },
  inputs: factInputs('ecrRegistryScanning', 'ecrRepositories'),
  evaluate(snapshot) {
    const raw = fact(snapshot, 'ecrRegistryScanning');
    const repos = fact(snapshot, 'ecrRepositories');
    if (!raw) return missingFact('ecrRegistryScanning');
    const home = registryScanningOf(raw);
    if (!repos) return missingFact('ecrRepositories');
    if (repos.length === 0) return notApplicable('no image from ECR runs in the cluster');
    const homeRegion = typeof home.region === 'string' ? home.region : (snapshot.cluster.region ?? undefined);
    const byRegion = configurationsByRegion(home, homeRegion);
    const failing: Finding[] = [];
    /** The repositories judged, each with what decided it. */
    const evaluated: Observation[] = [];
    const addonDenied: string[] = [];
    const notJudged: Observation[] = [];
    const unjudged: string[] = [];
    const see = (name: string, what: string) => evaluated.push(awsSeen('EcrRepository', name, what));
    for (const repo of repos) {
      const name = text(repo.repositoryName ?? repo.repositoryUri, 'unknown');
      const region = regionOf(repo) ?? homeRegion;
      const where = region ? ` (${region})` : '';
      if (typeof repo.unreadable === 'string') {
        addonDenied.push(`${text(repo.registryId, '?')}/${name}${where}`);
        notJudged.push(
          awsSeen('EcrRepository', name, `not described: AWS-owned EKS add-on repository${where}: ${repo.unreadable}`),
        );
        continue;
      }
      if (repo.imageScanningConfiguration?.scanOnPush === true) {
        see(name, `imageScanningConfiguration.scanOnPush: true${where}`);
        continue;
      }
      const own = !home.registryId || !repo.registryId || repo.registryId === home.registryId;
      const config = byRegion.get(region);
      if (own && !config?.scanning) {
        unjudged.push(
          `${name}${where}: ${config?.unreadable ?? "that Region's registry scanning configuration was not read"}`,
        );
        continue;
      }
      const registry = config?.scanning ?? home;
      const rule = coveringRule(registry, repo.registryId, name);
      if (rule) {
        see(name, `registry rule ${rule.scanFrequency} (${rule.scanType})${where}`);
        continue;
      }
      see(
        name,
        own
          ? `no registry rule of its Region${where} matches it; imageScanningConfiguration.scanOnPush: false`
          : `in account ${text(repo.registryId, '?')}'s registry; imageScanningConfiguration.scanOnPush: false`,
      );
      const message = own
        ? `no registry scanning rule of its Region${where} matches it (registry scanType ` +
          `${show(registry.scanType, 'unset')}) and scanOnPush is off`
        : `it is in account ${text(repo.registryId, '?')}'s registry, whose rules this account cannot read, and ` +
          'its scanOnPush is off';
      failing.push(awsFinding('EcrRepository', name, message, 'imageScanningConfiguration.scanOnPush'));
    }
    const notes: string[] = [];
    if (addonDenied.length > 0)
      notes.push(
        `${addonDenied.length} repositor${addonDenied.length === 1 ? 'y is' : 'ies are'} in the EKS add-on ` +
          `registries, which AWS owns and this account may not describe (AccessDenied), so not judged: ${addonDenied.join(', ')}`,
      );
    if (unjudged.length > 0) notes.push(`not judged: ${unjudged.join('; ')}`);
    const reason = notes.length > 0 ? notes.join('. ') : undefined;
    if (failing.length === 0 && unjudged.length > 0) return notAssessed(notes.join('. '), evaluated);
    return outcome({
      evaluated,
      notJudged,
      failing,
      ifNoneEvaluated: reason ?? 'no ECR repository was judged',
      ...(reason ? { reason } : {}),
    });
  },
};
