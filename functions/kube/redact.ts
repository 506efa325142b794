/**
 * Credentials that sit outside Secret and ConfigMap data: the redaction edge's second half (normalize.ts drops the
 * data values and env literals). Each rule keeps the key and the shape checks read, replaces the value with
 * REDACTED, and records where and why, so results.json can say what was masked. Pure functions over a private copy.
 */
import type { Redaction } from '../model/snapshot.js';
import { isRecord } from '../model/untrusted.js';
import { CREDENTIAL_FACTS, classifyValue, namesCredential } from '../model/value-facts.js';

export const REDACTED = '<redacted>';

/** Annotations that hold a whole copy of the object as it was applied (Secret data, env values, headers included). */
const OBJECT_COPY_ANNOTATIONS = new Set(['kapp.k14s.io/original', 'kapp.k14s.io/original-diff']);

/** `scheme://user:password@host`: the password part. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^/\s@]+)(@)/gi;

/** `--name=value`, `-name=value`, `NAME=value`, `name: value` inside one argument (also within a shell script). */
const NAMED_VALUE = /((?:^|[\s;&|'"(])-{0,2}([A-Za-z_][\w.-]*)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s;&|'")]+)/g;

/** Credential literals recognised by their form wherever they appear. */
const LITERALS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/g, 'an HTTP Authorization credential'],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, 'an AWS access key id'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, 'a private key'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, 'a JSON Web Token'],
];

/** Collects redactions for one object (or kubelet sample) while its rules run. */
class Recorder {
  readonly items: Redaction[] = [];
  add(path: string, reason: string): void {
    this.items.push({ path, reason });
  }
}

/** A string with URL passwords and credential literals masked; `reasons` receives why (empty when unchanged). */
export function maskInText(text: string, reasons: string[] = []): string {
  let out = text;
  if (out.includes('@')) {
    const masked = out.replace(URL_PASSWORD, `$1${REDACTED}$3`);
    if (masked !== out) reasons.push('a password in a URL');
    out = masked;
  }
  for (const [pattern, what] of LITERALS) {
    const masked = out.replace(pattern, REDACTED);
    if (masked !== out) reasons.push(what);
    out = masked;
  }
  return out;
}

/** One command or args list: values of credential flags (`--db-password=x`, `--token x`, `TOKEN=x` in a script). */
function maskArgs(list: unknown[], path: string, rec: Recorder): void {
  for (let i = 0; i < list.length; i++) {
    const arg = list[i];
    if (typeof arg !== 'string') continue;
    const reasons: string[] = [];
    const out = maskInText(arg, reasons).replace(NAMED_VALUE, (whole, head: string, name: string, value: string) => {
      if (!namesCredential(name) || value === REDACTED) return whole;
      reasons.push(`the value of ${name}`);
      return `${head}${REDACTED}`;
    });
    if (out !== arg) {
      list[i] = out;
      rec.add(`${path}[${i}]`, reasons.join(', '));
    }
    // `--token VALUE`: a credential flag alone, its value the next argument.
    const next = list[i + 1];
    if (/^-{1,2}[\w.-]+$/.test(arg) && namesCredential(arg) && typeof next === 'string' && !next.startsWith('-')) {
      list[i + 1] = REDACTED;
      rec.add(`${path}[${i + 1}]`, `the value of ${arg}`);
      i++;
    }
  }
}

/** `httpGet.httpHeaders[].value` of probes and lifecycle handlers: header names stay, values go. */
function maskHeaders(handler: unknown, path: string, rec: Recorder): void {
  if (!isRecord(handler) || !isRecord(handler.httpGet) || !Array.isArray(handler.httpGet.httpHeaders)) return;
  for (const [i, h] of handler.httpGet.httpHeaders.entries()) {
    if (!isRecord(h) || typeof h.value !== 'string' || h.value === '' || h.value === REDACTED) continue;
    h.value = REDACTED;
    rec.add(
      `${path}.httpGet.httpHeaders[${i}].value`,
      `an HTTP header (${String(h.name ?? 'unnamed')}) of a probe or hook`,
    );
  }
}

/** The values of a CSI `volumeAttributes` map (driver options; some drivers take credentials there). */
function maskVolumeAttributes(attrs: unknown, path: string, rec: Recorder): void {
  if (!isRecord(attrs)) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v !== 'string' || v === '' || v === REDACTED) continue;
    attrs[k] = REDACTED;
    rec.add(`${path}.${k}`, 'a CSI volume attribute');
  }
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
const HANDLERS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Command lines, probe and hook headers, and inline CSI volume attributes of a pod spec at `path`. */
export function redactPodSpec(spec: unknown, path: string, rec: Recorder): void {
  if (!isRecord(spec)) return;
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const [ci, c] of containers.entries()) {
      if (!isRecord(c)) continue;
      const at = `${path}.${list}[${ci}]`;
      for (const field of ['command', 'args'] as const) {
        const l = c[field];
        if (Array.isArray(l)) maskArgs(l, `${at}.${field}`, rec);
      }
      for (const probe of HANDLERS) maskHeaders(c[probe], `${at}.${probe}`, rec);
      if (isRecord(c.lifecycle)) {
        for (const hook of ['postStart', 'preStop'] as const)
          maskHeaders(c.lifecycle[hook], `${at}.lifecycle.${hook}`, rec);
      }
    }
  }
  if (Array.isArray(spec.volumes)) {
    for (const [vi, v] of spec.volumes.entries()) {
      if (isRecord(v) && isRecord(v.csi))
        maskVolumeAttributes(v.csi.volumeAttributes, `${path}.volumes[${vi}].csi.volumeAttributes`, rec);
    }
  }
}

/**
 * Annotations: object-copy annotations (kapp's original, on every kind) lose their value; on Secrets, so does any
 * annotation that holds a serialised object or several lines (a copy of the Secret), and anywhere a value that is a
 * credential by its form (an access key id, a private key, a JWT).
 */
function redactAnnotations(kind: string, annotations: Record<string, string>, rec: Recorder): void {
  for (const [key, value] of Object.entries(annotations)) {
    if (value === '' || value === REDACTED) continue;
    const at = `metadata.annotations["${key}"]`;
    if (OBJECT_COPY_ANNOTATIONS.has(key)) {
      annotations[key] = REDACTED;
      rec.add(at, 'a copy of the object as applied');
      continue;
    }
    if (kind === 'Secret') {
      const trimmed = value.trim();
      if (/^[{[]/.test(trimmed) || trimmed.includes('\n') || CREDENTIAL_FACTS.has(classifyValue(value, key))) {
        annotations[key] = REDACTED;
        rec.add(at, 'a Secret annotation that can hold its data');
        continue;
      }
    }
    const reasons: string[] = [];
    const masked = maskInText(value, reasons);
    if (masked !== value) {
      annotations[key] = masked;
      rec.add(at, reasons.join(', '));
    }
  }
}

/** Every other string of the object: a password in a URL (webhook `clientConfig.url`, `staticPodURL`, …). */
function maskUrlsEverywhere(value: unknown, path: string, rec: Recorder): unknown {
  if (typeof value === 'string') {
    if (!value.includes('@') || !value.includes('://')) return value;
    const masked = value.replace(URL_PASSWORD, `$1${REDACTED}$3`);
    if (masked !== value) rec.add(path, 'a password in a URL');
    return masked;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = maskUrlsEverywhere(value[i], `${path}[${i}]`, rec);
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) value[k] = maskUrlsEverywhere(v, path ? `${path}.${k}` : k, rec);
  }
  return value;
}

/**
 * Masks, in place, the credentials a normalised object may still carry, and returns what was masked. `podSpecPath`
 * is where its pod spec is (POD_SPEC_PATH), if it has one.
 */
export function redactObject(obj: Record<string, unknown>, podSpecPath: string | undefined): Redaction[] {
  const rec = new Recorder();
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (isRecord(obj.metadata) && isRecord(obj.metadata.annotations)) {
    redactAnnotations(kind, obj.metadata.annotations as Record<string, string>, rec);
  }
  if (podSpecPath) {
    let spec: unknown = obj;
    for (const key of podSpecPath.split('.')) spec = isRecord(spec) ? spec[key] : undefined;
    redactPodSpec(spec, podSpecPath, rec);
  }
  if (kind === 'PersistentVolume' && isRecord(obj.spec) && isRecord(obj.spec.csi)) {
    maskVolumeAttributes(obj.spec.csi.volumeAttributes, 'spec.csi.volumeAttributes', rec);
  }
  for (const [k, v] of Object.entries(obj)) if (k !== 'metadata') obj[k] = maskUrlsEverywhere(v, k, rec);
  return rec.items;
}

/** The kubelet's configuration: `staticPodURLHeader` values (often an Authorization header) and URL passwords. */
export function redactKubeletConfig(config: Record<string, unknown>): Redaction[] {
  const rec = new Recorder();
  const headers = config.staticPodURLHeader;
  if (isRecord(headers)) {
    for (const [name, values] of Object.entries(headers)) {
      if (!Array.isArray(values) || values.every((v) => v === REDACTED)) continue;
      headers[name] = values.map(() => REDACTED);
      rec.add(`staticPodURLHeader.${name}`, 'an HTTP header for the static pod URL');
    }
  }
  maskUrlsEverywhere(config, '', rec);
  return rec.items;
}
