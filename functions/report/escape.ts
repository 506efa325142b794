/**
 * Escaping for the text formats that carry cluster data outside HTML templates: XML (JUnit, the PDF's XMP packet)
 * and single-line fields (email subjects, plain-text rows). Cluster names, labels and messages are untrusted.
 * Invisible and direction-changing characters are shown by `revealInvisible` (functions/model/visible-text.ts).
 */

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

import { revealInvisible } from '../model/visible-text.js';

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
