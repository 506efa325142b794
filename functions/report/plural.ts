/**
 * Counted phrases in English: "1 cluster", "2 clusters", "1 waiver expires", "3 waivers expire". Every count a
 * reader sees in the email (and any renderer that wants it) goes through here, so no "1 failures" is left.
 * Intl.PluralRules picks the form; English has two (one, other), and 0 takes "other" ("0 clusters").
 */

const RULES = new Intl.PluralRules('en');

/** A count as a reader sees it, with thousands separators: "1,234". */
export function countText(count: number): string {
  return count.toLocaleString('en');
}

/**
 * `count` with the singular or plural phrase. The plural defaults to the singular plus "s"; give it for anything
 * else ("waiver expires" → "waivers expire", "day" → "days", "is" → "are").
 */
export function plural(count: number, one: string, other = `${one}s`): string {
  return `${countText(count)} ${RULES.select(count) === 'one' ? one : other}`;
}
