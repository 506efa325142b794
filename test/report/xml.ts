/**
 * A minimal, strict XML reader for tests: elements, attributes, text, CDATA-free. It rejects unbalanced tags,
 * unescaped `<` or `&`, unquoted attributes and characters XML 1.0 forbids, which is what the JUnit tests need
 * to prove: the document parses, and the values read back are the escaped originals.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (/[<]/.test(raw)) throw new Error(`unescaped < at ${where}`);
  return raw.replace(/&([^;]*);|&/g, (match, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`bare & at ${where}`);
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    const value = ENTITIES[entity];
    if (value === undefined) throw new Error(`unknown entity ${match} at ${where}`);
    return value;
  });
}

// Attribute values: a parser normalises literal tabs and line breaks to spaces (XML 1.0 §3.3.3).
function normaliseAttribute(raw: string): string {
  return raw.replace(/[\t\r\n]/g, ' ');
}

export function parseXml(xml: string): XmlElement {
  const invalid = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(xml);
  if (invalid) throw new Error(`character U+${invalid[0].charCodeAt(0).toString(16)} is not allowed in XML`);
  const declaration = /^<\?xml[^?]*\?>/.exec(xml);
  let pos = declaration ? declaration[0].length : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"]*")*)\s*(\/?)>/y;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textRaw = lt === -1 ? xml.slice(pos) : xml.slice(pos, lt);
    if (textRaw.length > 0) {
      const text = decode(textRaw, pos);
      const parent = stack.at(-1);
      if (parent) parent.text += text;
      else if (text.trim() !== '') throw new Error(`text outside the root element at ${pos}`);
    }
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`);
    const [whole, closing, name, attrText, selfClosing] = m;
    pos = lt + whole.length;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> does not close <${open?.name}> at ${lt}`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrText.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/g)) {
      if (a[1] in attributes) throw new Error(`duplicate attribute ${a[1]} at ${lt}`);
      attributes[a[1]] = decode(normaliseAttribute(a[2]), lt);
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

export function descendants(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) {
    if (child.name === name) out.push(child);
    out.push(...descendants(child, name));
  }
  return out;
}
