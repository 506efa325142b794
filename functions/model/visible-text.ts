/**
 * The one rule every human-facing output (HTML, PDF, CSV, email, the CLI) applies to untrusted text: invisible and
 * direction-changing characters are shown, never obeyed. Pure and dependency-free, so the CLI can use it without
 * loading a renderer.
 */

/**
 * Characters that change how text around them is displayed without showing themselves: the bidirectional
 * embeddings, overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width
 * spaces and joiners (U+200B–U+200D, U+2060, U+FEFF), the invisible operators, fillers and tag characters, i.e.
 * Unicode's default-ignorable code points, plus the interlinear annotation marks. Variation selectors
 * (U+FE00–U+FE0F) stay: they only choose a glyph's style (emoji or text).
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\uFFF9-\uFFFB]/gu;
const VARIATION_SELECTOR = /^[\uFE00-\uFE0F]$/;

/**
 * Untrusted text with every invisible or direction-changing character shown as `⟨U+202E⟩`, so that no report can
 * display a name other than the object's real one ("invoice⟨U+202E⟩txt.exe", not "invoiceexe.txt"). Everything
 * else, line breaks included, is left as it is for the output's own escaping.
 */
export function revealInvisible(text: string): string {
  INVISIBLE.lastIndex = 0;
  if (!INVISIBLE.test(text)) return text;
  return text.replace(INVISIBLE, (ch) =>
    VARIATION_SELECTOR.test(ch) ? ch : `⟨U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}

/**
 * A view model with `revealInvisible` applied to every string in it (arrays and plain objects are walked; other
 * values are kept). Nothing is changed in place: a part without such characters is the same object as before, so
 * the model can share objects with the results it was built from.
 */
export function revealInvisibleIn<T>(value: T): T {
  if (typeof value === 'string') return revealInvisible(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = revealInvisibleIn(value[i]);
      if (v !== value[i]) {
        out ??= value.slice();
        out[i] = v;
      }
    }
    return (out ?? value) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const shown = revealInvisibleIn(v);
      if (shown !== v) {
        out ??= { ...(value as Record<string, unknown>) };
        out[k] = shown;
      }
    }
    return (out ?? value) as T;
  }
  return value;
}
