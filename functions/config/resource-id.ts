/**
 * How the reporter stack turns a configured name (a cluster's, a network's) into part of a CloudFormation logical id:
 * letters and digits only, each run of them capitalised. Two names that differ only in punctuation ("prod-eu" and
 * "prod_eu", or "prodEu") give the same id, so the config check refuses them before the stack is built.
 */
export function resourceId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}
