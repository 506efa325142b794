/**
 * Escaping for the text formats that carry cluster data outside HTML templates: XML (JUnit, the PDF's XMP packet)
 * and single-line fields (email subjects, plain-text rows). Cluster names, labels and messages are untrusted.
 * `revealInvisible` is the one rule every human-facing output applies to them (HTML, PDF, CSV, email, CLI).
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

// XML 1.0 allows tab, LF, CR and everything from U+0020 except the surrogate block and U+FFFE/U+FFFF. A lone
// surrogate (half of an astral character cut in two) is just as invalid as a control character.
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an XML element or attribute: markup characters escaped, characters XML cannot carry removed. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * For attribute values: line breaks and tabs become character references, since a parser otherwise normalises
 * them to spaces and a multi-line message would lose its shape.
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

// C0 and C1 controls (CR, LF, ESC…) and Unicode line/paragraph separators.
const NOT_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/**
 * One line of plain text from untrusted input: every control and line-break character becomes a space, runs of
 * whitespace collapse, invisible and bidi characters are shown (`revealInvisible`), and the result is cut to
 * `maxLength` characters (an ellipsis included). Used for email subjects (header injection) and for names inside
 * plain-text bodies.
 */
export function singleLine(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  const flat = revealInvisible(text).replace(NOT_SINGLE_LINE, ' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  // Walk code points so an astral character (emoji) is never cut in half.
  let cut = '';
  for (const ch of flat) {
    if (cut.length + ch.length > maxLength - 1) break;
    cut += ch;
  }
  return `${cut.trimEnd()}…`;
}
