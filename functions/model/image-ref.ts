/**
 * Container image references, parsed the way the container runtime resolves them:
 * [registry/]repository[:tag][@digest], where the first path component is a registry only if it contains a dot or a
 * colon or is "localhost"; otherwise the image comes from Docker Hub.
 */

export interface ImageRef {
  raw: string;
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImage(raw: string): ImageRef {
  const text = raw.trim();
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const name = at >= 0 ? text.slice(0, at) : text;
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const rest = hasRegistry ? name.slice(slash + 1) : name;
  const colon = rest.lastIndexOf(':');
  const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
  const repository = colon >= 0 ? rest.slice(0, colon) : rest;
  return {
    raw: text,
    registry: registry.toLowerCase(),
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}
