/**
 * A strict, small XML reader and writer for WeCom's callback documents: one `<xml>` root of elements whose
 * content is text and/or CDATA, or child elements (e.g. `<MemChangeList><Item>…</Item></MemChangeList>`).
 * No DTDs, entities beyond the five predefined ones, attributes, comments or processing instructions (other
 * than a leading XML declaration): what WeCom sends needs none of them, and refusing them rules out entity
 * expansion and external-entity attacks without configuring a general parser.
 */

/** An element: its text, or its children by name (repeated names become arrays). */
export type XmlValue = string | XmlElement;
export interface XmlElement {
  [name: string]: XmlValue | XmlValue[];
}

export class XmlParseError extends Error {
  override readonly name = 'XmlParseError';
}

const MAX_LENGTH = 64 * 1024;
const MAX_DEPTH = 4;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new XmlParseError(`${what} at ${this.pos}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  expect(token: string): void {
    if (!this.startsWith(token)) this.fail(`expected ${token}`);
    this.pos += token.length;
  }

  name(): string {
    const match = NAME.exec(this.text.slice(this.pos, this.pos + 64));
    if (!match) this.fail('expected an element name');
    this.pos += match[0].length;
    return match[0];
  }

  /** Character data up to the next `<`, with the predefined entities and character references decoded. */
  text_(): string {
    const end = this.text.indexOf('<', this.pos);
    if (end < 0) this.fail('unterminated text');
    const raw = this.text.slice(this.pos, end);
    this.pos = end;
    return raw.replace(/&([^;]{1,10});/g, (_, entity: string) => {
      if (ENTITIES[entity] !== undefined) return ENTITIES[entity];
      const code = /^#x([0-9a-fA-F]{1,6})$/.exec(entity)?.[1] ?? /^#([0-9]{1,7})$/.exec(entity)?.[1];
      const point = code === undefined ? NaN : Number.parseInt(code, entity.startsWith('#x') ? 16 : 10);
      if (!Number.isInteger(point) || point > 0x10ffff || point === 0) this.fail(`unknown entity &${entity};`);
      return String.fromCodePoint(point);
    });
  }

  /** `<Name>content</Name>` (the reader stands on `<`). */
  element(depth: number): [string, XmlValue] {
    if (depth > MAX_DEPTH) this.fail('too deeply nested');
    this.expect('<');
    const name = this.name();
    this.skipSpace();
    if (this.startsWith('/>')) {
      this.pos += 2;
      return [name, ''];
    }
    this.expect('>');
    let text = '';
    const children: XmlElement = {};
    let hasChildren = false;
    for (;;) {
      if (this.startsWith('</')) break;
      if (this.startsWith('<![CDATA[')) {
        const end = this.text.indexOf(']]>', this.pos);
        if (end < 0) this.fail('unterminated CDATA');
        text += this.text.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.startsWith('<!') || this.startsWith('<?')) {
        this.fail('declarations, comments and processing instructions are not accepted');
      } else if (this.startsWith('<')) {
        const [childName, value] = this.element(depth + 1);
        const existing = children[childName];
        children[childName] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
        hasChildren = true;
      } else {
        text += this.text_();
      }
    }
    this.expect('</');
    if (this.name() !== name) this.fail(`mismatched end tag of <${name}>`);
    this.skipSpace();
    this.expect('>');
    if (hasChildren && text.trim() !== '') this.fail(`mixed content in <${name}>`);
    return [name, hasChildren ? children : text];
  }
}

/** Parses a WeCom document; returns the children of its `<xml>` root. Throws XmlParseError. */
export function parseWecomXml(text: string): XmlElement {
  if (text.length > MAX_LENGTH) throw new XmlParseError('document too large');
  const reader = new Reader(text);
  reader.skipSpace();
  if (reader.startsWith('<?xml')) {
    const end = text.indexOf('?>', reader.pos);
    if (end < 0) reader.fail('unterminated XML declaration');
    reader.pos = end + 2;
    reader.skipSpace();
  }
  const [name, value] = reader.element(0);
  reader.skipSpace();
  if (reader.pos !== text.length) reader.fail('content after the root element');
  if (name !== 'xml' || typeof value === 'string') throw new XmlParseError('the root must be <xml> with child elements');
  return value;
}

/** A text field of a parsed element (undefined when absent or not text). */
export function xmlText(element: XmlElement, name: string): string | undefined {
  const value = element[name];
  return typeof value === 'string' ? value : undefined;
}

function cdata(value: string): string {
  // "]]>" cannot appear inside one CDATA section: split it across two.
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Field values for `buildWecomXml`: strings in CDATA, numbers bare, arrays as repeated `<Item>`s. */
export type XmlFields = Record<string, string | number | string[] | undefined>;

/** Builds `<xml>…</xml>` the way WeCom writes it (CDATA text, bare numbers), skipping undefined fields. */
export function buildWecomXml(fields: XmlFields): string {
  const parts = Object.entries(fields).flatMap(([name, value]) => {
    if (value === undefined) return [];
    if (Array.isArray(value)) return [`<${name}>${value.map((item) => `<Item>${cdata(item)}</Item>`).join('')}</${name}>`];
    return [`<${name}>${typeof value === 'number' ? String(value) : cdata(value)}</${name}>`];
  });
  return `<xml>${parts.join('')}</xml>`;
}
