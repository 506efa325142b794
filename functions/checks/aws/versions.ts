/** Kubernetes version strings as EKS and nodes report them ("1.31", "v1.30.4-eks-a737599"). */
export function minorVersion(version: unknown): { major: number; minor: number } | undefined {
  if (typeof version !== 'string') return undefined;
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (negative when `to` is in the past); undefined for unparseable dates. */
export function daysBetween(from: string, to: unknown): number | undefined {
  if (typeof to !== 'string') return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return Math.floor((b - a) / DAY_MS);
}
