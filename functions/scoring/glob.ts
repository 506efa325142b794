/**
 * Globs as written in waivers and attestations: `*` matches any run of characters (including none), `?` exactly one;
 * everything else is literal and case-sensitive, because Kubernetes names are.
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
