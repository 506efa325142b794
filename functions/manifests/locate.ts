/**
 * Manifest sources → the `locate` callback of results.sarif. GitHub code scanning places an alert on a file when
 * `artifactLocation.uri` is the file's path relative to the repository root, with forward slashes; a scan run at the
 * repository root (the usual CI step) makes that the path relative to the working directory.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ObjectLocator, SourceLocation } from '../report/sarif.js';
import { STDIN_PATH } from './load.js';
import type { ManifestSource, ManifestSources } from './sources.js';

/** SARIF's name for the root of the checked-out sources, which code scanning resolves to the repository root. */
export const SRCROOT = '%SRCROOT%';

/**
 * One path segment as a URI path segment: characters RFC 3986 allows there stay as they are, the rest (spaces, `#`,
 * `?`, `%`, non-ASCII) are percent-encoded, so an odd file name cannot turn into a query or a fragment.
 */
function uriSegment(segment: string): string {
  return segment.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/gu, (c) => encodeURIComponent(c));
}

/**
 * A manifest path as a SARIF artifact location. Inside `cwd`: relative, forward slashes, against %SRCROOT%. Outside
 * it (`../shared/base.yaml`, another drive): an absolute file URI, which is valid SARIF but which code scanning can
 * only place if the upload step maps it back to the checkout.
 */
export function artifactLocation(file: string, cwd: string): Pick<SourceLocation, 'file' | 'uriBaseId'> {
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  const outside = rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`);
  if (outside) return { file: pathToFileURL(absolute).href };
  return { file: rel.split(sep).map(uriSegment).join('/'), uriBaseId: SRCROOT };
}

function toLocation(source: ManifestSource, cwd: string): SourceLocation | undefined {
  // Piped manifests have no file a dashboard could open: those results keep their logical location only.
  if (source.file === STDIN_PATH) return undefined;
  return { ...artifactLocation(source.file, cwd), line: source.line };
}

/**
 * The locator results.sarif uses for a `manifests` scan: each failing or waived object → its file and line. Objects
 * the checks name but no manifest declared (a namespace only referenced, the cluster itself) get none.
 */
export function manifestLocator(sources: ManifestSources, cwd: string = process.cwd()): ObjectLocator {
  return (object) => {
    const source = sources.find(object);
    return source ? toLocation(source, cwd) : undefined;
  };
}
