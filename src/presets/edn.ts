// A small EDN reader, enough for the results.edn Maelstrom (Jepsen) writes.
/**
 * Hand-written because the npm EDN readers fail on what results.edn holds: edn-data 1.2 reads the
 * ratio `3/2` as a symbol and `##Inf` as a tag that swallows the next form (which corrupts the
 * map around it), and jsedn 0.4 throws on tagged records such as `#jepsen.history.Op{...}`.
 * Not a full Clojure reader: no metadata, no reader conditionals, no regexes, no namespaced maps.
 */

/** Keywords are interned, so a keyword read from a file works as a `Map` key: `m.get(kw("valid?"))`. */
export class Keyword {
  private static readonly interned = new Map<string, Keyword>();
  private constructor(readonly name: string) {}
  static of(name: string): Keyword {
    let k = Keyword.interned.get(name);
    if (k === undefined) Keyword.interned.set(name, (k = new Keyword(name)));
    return k;
  }
  toString(): string {
    return `:${this.name}`;
  }
}

/** Interned like keywords, and for the same reason. */
export class EdnSymbol {
  private static readonly interned = new Map<string, EdnSymbol>();
  private constructor(readonly name: string) {}
  static of(name: string): EdnSymbol {
    let s = EdnSymbol.interned.get(name);
    if (s === undefined) EdnSymbol.interned.set(name, (s = new EdnSymbol(name)));
    return s;
  }
  toString(): string {
    return this.name;
  }
}

/** A tagged literal the reader has no meaning for, such as a record `#jepsen.history.Op{...}`. */
export class Tagged {
  constructor(
    readonly tag: string,
    readonly value: EdnValue,
  ) {}
}

/**
 * Lists and vectors both read as arrays: results.edn uses them interchangeably (`:lost ()`).
 * Integers and ratios read as JS numbers; integers past 2^53 lose precision, which no figure a
 * results.edn holds (counts, nanosecond times) comes near.
 */
export type EdnValue =
  | null
  | boolean
  | number
  | string
  | Keyword
  | EdnSymbol
  | Tagged
  | Date
  | EdnValue[]
  | Set<EdnValue>
  | Map<EdnValue, EdnValue>;

export const kw = Keyword.of;

export class EdnError extends Error {
  override readonly name = "EdnError";
}

const DELIMITERS = new Set([..."()[]{}\",;"]);
const NAMED_CHARS: Record<string, string> = {
  newline: "\n",
  space: " ",
  tab: "\t",
  return: "\r",
  backspace: "\b",
  formfeed: "\f",
};
const STRING_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", '"': '"', "\\": "\\" };
const INTEGER = /^[+-]?\d+N?$/;
const FLOAT = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?M?$/;
const RATIO = /^([+-]?\d+)\/(\d+)$/;

class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  readTop(): EdnValue {
    const value = this.read();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail("unexpected text after the value");
    return value;
  }

  private read(): EdnValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) this.fail("unexpected end of input");
    switch (c) {
      case "(":
        this.pos++;
        return this.readSeq(")");
      case "[":
        this.pos++;
        return this.readSeq("]");
      case "{":
        this.pos++;
        return this.readMap();
      case ")":
      case "]":
      case "}":
        return this.fail(`unexpected "${c}"`);
      case '"':
        return this.readString();
      case "\\":
        return this.readChar();
      case "#":
        return this.readDispatch();
      case ":":
        this.pos++;
        return Keyword.of(this.readToken());
      default:
        return this.atom(this.readToken());
    }
  }

  private readSeq(close: string): EdnValue[] {
    const items: EdnValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.read());
    }
  }

  private readMap(): Map<EdnValue, EdnValue> {
    const items = this.readSeq("}");
    if (items.length % 2 !== 0) this.fail("a map needs an even number of forms");
    const map = new Map<EdnValue, EdnValue>();
    for (let i = 0; i < items.length; i += 2) map.set(items[i] as EdnValue, items[i + 1] as EdnValue);
    return map;
  }

  private readDispatch(): EdnValue {
    this.pos++;
    const c = this.text[this.pos];
    if (c === "{") {
      this.pos++;
      return new Set(this.readSeq("}"));
    }
    if (c === "_") {
      this.pos++;
      this.read();
      return this.read();
    }
    if (c === "#") {
      this.pos++;
      const name = this.readToken();
      const symbolic: Record<string, number> = { Inf: Infinity, "-Inf": -Infinity, NaN: NaN };
      const value = symbolic[name];
      if (value === undefined) this.fail(`unknown symbolic value ##${name}`);
      return value;
    }
    const tag = this.readToken();
    if (tag === "") this.fail('"#" must start a set, a tag or a symbolic value');
    const value = this.read();
    if (tag === "inst") {
      if (typeof value !== "string") this.fail("#inst needs a string");
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) this.fail(`bad #inst "${value}"`);
      return date;
    }
    return new Tagged(tag, value);
  }

  private readString(): string {
    let out = "";
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '"') {
        this.pos = i + 1;
        return out;
      }
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.text[++i] ?? "";
      if (e === "u") {
        out += String.fromCharCode(parseInt(this.text.slice(i + 1, i + 5), 16));
        i += 4;
      } else {
        const decoded = STRING_ESCAPES[e];
        if (decoded === undefined) this.fail(`bad string escape \\${e}`);
        out += decoded;
      }
    }
    this.fail("unterminated string");
  }

  private readChar(): string {
    this.pos++;
    // A delimiter right after the backslash is the character itself: `\(`, `\ `.
    const first = this.text[this.pos];
    if (first === undefined) this.fail("unexpected end of input after \\");
    if (DELIMITERS.has(first) || /\s/.test(first)) {
      this.pos++;
      return first;
    }
    const token = this.readToken();
    if (token.length === 1) return token;
    if (/^u[0-9a-fA-F]{4}$/.test(token)) return String.fromCharCode(parseInt(token.slice(1), 16));
    const named = NAMED_CHARS[token];
    if (named === undefined) this.fail(`unknown character \\${token}`);
    return named;
  }

  private atom(token: string): EdnValue {
    if (token === "nil") return null;
    if (token === "true") return true;
    if (token === "false") return false;
    if (INTEGER.test(token)) return Number(token.replace(/N$/, ""));
    if (FLOAT.test(token)) return Number(token.replace(/M$/, ""));
    const ratio = RATIO.exec(token);
    if (ratio !== null) return Number(ratio[1]) / Number(ratio[2]);
    if (/^[+-]?\d/.test(token)) this.fail(`bad number ${token}`);
    return EdnSymbol.of(token);
  }

  private readToken(): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (DELIMITERS.has(c) || /\s/.test(c)) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** Whitespace, commas (whitespace in EDN) and `;` line comments. */
  private skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (c === ";") {
        const nl = this.text.indexOf("\n", this.pos);
        this.pos = nl === -1 ? this.text.length : nl + 1;
      } else if (c === "," || /\s/.test(c)) {
        this.pos++;
      } else {
        return;
      }
    }
  }

  private fail(message: string): never {
    const before = this.text.slice(0, this.pos);
    const line = before.split("\n").length;
    const column = this.pos - before.lastIndexOf("\n");
    throw new EdnError(`EDN ${message} at line ${line}, column ${column}`);
  }
}

/** Reads exactly one EDN value from `text`. */
export function parseEdn(text: string): EdnValue {
  return new Reader(text).readTop();
}

/** JSON-like data: what `toPlain` makes of an EDN value. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/**
 * EDN to JSON-like data, the way the project names results.edn's fields: keywords and symbols
 * become their names (`:valid?` → "valid?", `:unknown` → "unknown"), map keys become strings
 * (`0.5` → "0.5"), sets become arrays, records and other tagged values become what they tag.
 */
export function toPlain(value: EdnValue): Plain {
  if (value instanceof Keyword || value instanceof EdnSymbol) return value.name;
  if (value instanceof Tagged) return toPlain(value.value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) || value instanceof Set) return [...value].map(toPlain);
  if (value instanceof Map) {
    const out: { [key: string]: Plain } = {};
    for (const [k, v] of value) out[keyName(k)] = toPlain(v);
    return out;
  }
  return value;
}

function keyName(key: EdnValue): string {
  const plain = toPlain(key);
  return typeof plain === "string" ? plain : JSON.stringify(plain);
}
