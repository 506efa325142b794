/**
 * Which manifest file, and which line of it, each loaded object came from. Findings and waivers name objects by
 * (kind, namespace, name), not by reference, so that is the key here too.
 */
import { normalizeNamespace } from '../kube/normalize.js';

/** Where an object was read from. */
export interface ManifestSource {
  /** The path as the loader read it (relative or absolute, as given on the command line); `-` for standard input. */
  file: string;
  /** 1-based line where the object starts (see `RawManifestObject.line`). */
  line: number;
}

/** How findings, waivers and SARIF locations name an object. */
export interface ObjectRef {
  kind: string;
  namespace: string | null;
  name: string;
}

/**
 * The normaliser keeps a namespace only when it is a non-empty string and findings turn an absent one into null, so a
 * manifest without `metadata.namespace` and a finding with `namespace: null` must give the same key.
 */
function keyOf(kind: string, namespace: unknown, name: string): string {
  return JSON.stringify([kind, normalizeNamespace(namespace) ?? null, name]);
}

export class ManifestSources {
  private readonly byObject = new Map<string, ManifestSource>();

  /**
   * Records an object's source. The same object in two files (an overlay and its base, say) keeps the first one read:
   * files are read in a fixed order, so the answer is reproducible.
   */
  record(object: ObjectRef, source: ManifestSource): void {
    const key = keyOf(object.kind, object.namespace, object.name);
    if (!this.byObject.has(key)) this.byObject.set(key, source);
  }

  /** The source of an object, or undefined for one that was not read from a manifest. */
  find(object: ObjectRef): ManifestSource | undefined {
    return this.byObject.get(keyOf(object.kind, object.namespace, object.name));
  }

  get size(): number {
    return this.byObject.size;
  }
}
