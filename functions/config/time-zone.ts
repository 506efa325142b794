/**
 * Whether a name is an IANA time zone EventBridge Scheduler can run a schedule in. The runtime's list
 * (Intl.supportedValuesOf) holds only ICU's canonical names, so the names IANA kept as links (UTC, Etc/UTC,
 * Asia/Kolkata next to ICU's Asia/Calcutta, US/Eastern) are accepted when ICU resolves them, spelt as IANA spells
 * them: ICU also takes "europe/berlin" and offsets such as "+01:00", which are not IANA names.
 */
let canonical: Set<string> | undefined;

/** Area/Location[/Sub], each part starting with a capital (Etc/GMT+5, America/Argentina/Buenos_Aires), or a bare UTC/GMT. */
const IANA_SHAPE = /^(?:UTC|GMT|[A-Z][A-Za-z]*(?:\/[A-Z][A-Za-z0-9_+-]*)+)$/;

export function isIanaTimeZone(name: string): boolean {
  canonical ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonical.has(name)) return true;
  if (!IANA_SHAPE.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
