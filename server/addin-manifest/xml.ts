/**
 * A small strict XML 1.0 + Namespaces parser for manifests: it rejects anything that is not
 * well-formed (mismatched or unclosed tags, bad names, duplicate attributes, unknown entities, stray
 * `<`/`&`, `]]>` in text, characters XML forbids, unbound namespace prefixes, content after the root)
 * and builds a plain element tree. It does not read DTDs: a DOCTYPE is an error, since manifests have
 * none. Written here because the only strict parser in node_modules (saxes) is a transitive
 * development dependency, and the backend renders manifests in production.
 */

export interface XmlElement {
  /** qualified name as written, e.g. `bt:Url` */
  name: string;
  /** local part of the name, e.g. `Url` */
  local: string;
  /** namespace URI the prefix (or the default namespace) is bound to; null when none */
  ns: string | null;
  /** attributes by qualified name, values with references decoded */
  attributes: Map<string, string>;
  children: XmlElement[];
  /** character data directly inside this element (not its children), references decoded */
  text: string;
  line: number;
  column: number;
  /** offset of the `<` that opens the element in the source text */
  start: number;
  /** offset just after the element's end tag (or `/>`) */
  end: number;
}

export class XmlError extends Error {
  override readonly name = 'XmlError';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

// XML 1.0 (5th ed.) §2.3 NameStartChar / NameChar, plus the supplementary planes via the `u` flag.
const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_REST = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NAME = new RegExp(`[${NAME_START}][${NAME_REST}]*`, 'uy');
// §2.2 Char: anything outside this is forbidden, including lone surrogates.
const FORBIDDEN_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses `text` into its root element; throws XmlError (with line and column) if it is not well-formed. */
export function parseXml(text: string): XmlElement {
  return new Parser(text).document();
}

/** Elements below `element` in document order (not including it). */
export function* descendants(element: XmlElement): Generator<XmlElement> {
  for (const child of element.children) {
    yield child;
    yield* descendants(child);
  }
}

interface OpenElement {
  element: XmlElement;
  scope: Map<string, string | null>;
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  document(): XmlElement {
    const bad = FORBIDDEN_CHAR.exec(this.src);
    if (bad !== null) this.fail(`character U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, bad.index);
    if (this.src.startsWith('\uFEFF')) this.pos = 1;
    if (this.src.startsWith('<?xml', this.pos) && /\s/.test(this.src[this.pos + 5] ?? '')) this.xmlDecl();
    this.misc();
    if (!this.src.startsWith('<', this.pos) || this.pos >= this.src.length) this.fail('expected the root element');
    const root = this.element();
    this.misc();
    if (this.pos < this.src.length) this.fail('content after the root element');
    return root;
  }

  private xmlDecl(): void {
    const end = this.src.indexOf('?>', this.pos);
    if (end < 0) this.fail('unterminated XML declaration');
    const body = this.src.slice(this.pos + 5, end);
    const decl = /^\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/;
    if (!decl.test(body)) this.fail('malformed XML declaration');
    this.pos = end + 2;
  }

  /** Comments, processing instructions and white space outside the root element. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.src.startsWith('<!--', this.pos)) this.comment();
      else if (this.src.startsWith('<?', this.pos)) this.pi();
      else if (this.src.startsWith('<!DOCTYPE', this.pos)) this.fail('DOCTYPE is not allowed in a manifest');
      else return;
    }
  }

  private comment(): void {
    const end = this.src.indexOf('--', this.pos + 4);
    if (end < 0) this.fail('unterminated comment');
    if (this.src[end + 2] !== '>') this.fail('"--" is not allowed inside a comment', end);
    this.pos = end + 3;
  }

  private pi(): void {
    this.pos += 2;
    const target = this.name();
    if (target.toLowerCase() === 'xml') this.fail('the XML declaration must come first');
    if (target.includes(':')) this.fail('a processing instruction target cannot contain ":" (Namespaces in XML §7)');
    const end = this.src.indexOf('?>', this.pos);
    if (end < 0) this.fail('unterminated processing instruction');
    if (end > this.pos && !/\s/.test(this.src[this.pos] ?? '')) this.fail('expected white space after the processing instruction target');
    this.pos = end + 2;
  }

  private element(): XmlElement {
    const stack: OpenElement[] = [];
    let root: XmlElement | null = null;
    for (;;) {
      const open = this.startTag(stack.at(-1)?.scope ?? new Map([['xml', XML_NS]]));
      const parent = stack.at(-1);
      if (parent !== undefined) parent.element.children.push(open.element);
      else root = open.element;
      if (open.selfClosing) open.element.end = this.pos;
      else stack.push(open);
      while (stack.length > 0) {
        const top = stack.at(-1) as OpenElement;
        top.element.text += this.charData();
        if (this.pos >= this.src.length) this.fail(`<${top.element.name}> is not closed`, undefined, top.element);
        if (this.src.startsWith('</', this.pos)) {
          this.endTag(top.element);
          top.element.end = this.pos;
          stack.pop();
        } else if (this.src.startsWith('<!--', this.pos)) this.comment();
        else if (this.src.startsWith('<![CDATA[', this.pos)) top.element.text += this.cdata();
        else if (this.src.startsWith('<?', this.pos)) this.pi();
        else if (this.src.startsWith('<!', this.pos)) this.fail('markup declarations are not allowed here');
        else break;
      }
      if (stack.length === 0) return root as XmlElement;
    }
  }

  private startTag(inScope: Map<string, string | null>): OpenElement & { selfClosing: boolean } {
    const at = this.pos;
    this.pos += 1;
    const name = this.name();
    const raw: Array<{ name: string; value: string; at: number }> = [];
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.src.startsWith('/>', this.pos) || this.src.startsWith('>', this.pos)) break;
      if (this.pos >= this.src.length) this.fail(`<${name}> is not closed`);
      if (!hadSpace) this.fail('expected white space between attributes');
      const attrAt = this.pos;
      const attrName = this.name();
      this.skipSpace();
      if (this.src[this.pos] !== '=') this.fail(`expected "=" after attribute ${attrName}`);
      this.pos += 1;
      this.skipSpace();
      if (raw.some((a) => a.name === attrName)) this.fail(`duplicate attribute ${attrName}`, attrAt);
      raw.push({ name: attrName, value: this.attrValue(), at: attrAt });
    }
    const selfClosing = this.src.startsWith('/>', this.pos);
    this.pos += selfClosing ? 2 : 1;

    const scope = new Map(inScope);
    for (const { name: attrName, value, at: attrAt } of raw) {
      if (attrName === 'xmlns') scope.set('', value === '' ? null : value);
      else if (attrName.startsWith('xmlns:')) {
        const prefix = attrName.slice(6);
        if (prefix === '' || prefix.includes(':')) this.fail(`${attrName} is not a valid namespace declaration`, attrAt);
        if (value === '') this.fail(`namespace prefix ${prefix} cannot be bound to an empty URI`, attrAt);
        if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NS) || value === XMLNS_NS) this.fail(`reserved namespace binding ${attrName}`, attrAt);
        scope.set(prefix, value);
      }
    }
    const element: XmlElement = { name, ...this.resolve(name, scope, true, at), attributes: new Map(), children: [], text: '', ...this.lineCol(at), start: at, end: at };
    const expanded = new Set<string>();
    for (const { name: attrName, value, at: attrAt } of raw) {
      element.attributes.set(attrName, value);
      if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) continue;
      const { local, ns } = this.resolve(attrName, scope, false, attrAt);
      const key = `${ns ?? ''} ${local}`;
      if (expanded.has(key)) this.fail(`attribute ${attrName} repeats another in the same namespace`, attrAt);
      expanded.add(key);
    }
    return { element, scope, selfClosing };
  }

  private resolve(qname: string, scope: Map<string, string | null>, isElement: boolean, at: number): { local: string; ns: string | null } {
    const parts = qname.split(':');
    if (parts.length > 2 || parts.some((p) => p === '')) this.fail(`${qname} is not a valid namespaced name`, at);
    if (parts.length === 1) return { local: qname, ns: isElement ? (scope.get('') ?? null) : null };
    const [prefix, local] = parts as [string, string];
    const ns = scope.get(prefix);
    if (ns === undefined || ns === null) this.fail(`namespace prefix ${prefix} is not declared`, at);
    return { local, ns };
  }

  private endTag(open: XmlElement): void {
    const at = this.pos;
    this.pos += 2;
    const name = this.name();
    this.skipSpace();
    if (this.src[this.pos] !== '>') this.fail(`expected ">" to end </${name}`);
    this.pos += 1;
    if (name !== open.name) this.fail(`</${name}> does not match <${open.name}> (line ${open.line})`, at);
  }

  private attrValue(): string {
    const quote = this.src[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('attribute value must be quoted');
    const end = this.src.indexOf(quote, this.pos + 1);
    if (end < 0) this.fail('unterminated attribute value');
    const rawStart = this.pos + 1;
    const raw = this.src.slice(rawStart, end);
    const lt = raw.indexOf('<');
    if (lt >= 0) this.fail('"<" is not allowed in an attribute value', rawStart + lt);
    this.pos = end + 1;
    // §3.3.3: literal line ends and tabs normalise to spaces; character references (&#10;) do not.
    return this.decode(raw.replace(/\r\n?|[\n\t]/g, ' '), rawStart);
  }

  private charData(): string {
    const next = this.src.indexOf('<', this.pos);
    const end = next < 0 ? this.src.length : next;
    const raw = this.src.slice(this.pos, end);
    const cdataEnd = raw.indexOf(']]>');
    if (cdataEnd >= 0) this.fail('"]]>" is not allowed in text', this.pos + cdataEnd);
    const text = this.decode(raw, this.pos);
    this.pos = end;
    return text;
  }

  private cdata(): string {
    const end = this.src.indexOf(']]>', this.pos + 9);
    if (end < 0) this.fail('unterminated CDATA section');
    const text = this.src.slice(this.pos + 9, end);
    this.pos = end + 3;
    return text;
  }

  private decode(raw: string, offset: number): string {
    return raw.replace(/&([^;&<]*)(;?)/g, (whole, ref: string, semi: string, index: number) => {
      const at = offset + index;
      if (semi !== ';') this.fail('"&" must start a reference such as &amp;', at);
      const predefined = PREDEFINED[ref];
      if (predefined !== undefined) return predefined;
      const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      if (numeric === null) this.fail(`unknown entity ${whole}`, at);
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] ?? '', 10);
      const char = code <= 0x10ffff ? String.fromCodePoint(code) : '\u0000';
      if (FORBIDDEN_CHAR.test(char)) this.fail(`${whole} refers to a character XML does not allow`, at);
      return char;
    });
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.src);
    if (match === null) this.fail('expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.src.length && ' \t\r\n'.includes(this.src[this.pos] as string)) this.pos += 1;
    return this.pos > start;
  }

  private lineCol(at: number): { line: number; column: number } {
    const before = this.src.slice(0, at);
    const line = before.split('\n').length;
    return { line, column: at - before.lastIndexOf('\n') };
  }

  private fail(reason: string, at = this.pos, element?: XmlElement): never {
    const where = element !== undefined ? { line: element.line, column: element.column } : this.lineCol(Math.min(at, this.src.length));
    throw new XmlError(reason, where.line, where.column);
  }
}
