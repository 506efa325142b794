/**
 * The one glob dialect of everything a user writes as a pattern (docs/scoring.md, "Globs"): waivers' and attestations'
 * check ids, clusters, namespaces, names and kinds, and the approved registries of CIS 5.1.4. `*` matches any run of
 * characters (including none, and including "/"), `?` exactly one; everything else is literal and case-sensitive,
 * because Kubernetes names are. A caller whose values are case-insensitive (registry hosts) lower-cases both sides.
 *
 * ECR's registry scanning filters are AWS's patterns, not ours, and keep AWS's own rule (ecrFilterMatches in
 * functions/checks/aws/aws-ecr-image-scanning.ts).
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

export function globMatches(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}

/** An absent list means "any"; an empty list matches nothing. */
export function matchesAnyGlob(globs: readonly string[] | undefined, value: string): boolean {
  if (globs === undefined) return true;
  return globs.some((g) => globMatches(g, value));
}
