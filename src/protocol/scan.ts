// One bounded pass over a line: validates the JSON and finds the spans of the values it carries, before anything is allocated.
import { MAX_JSON_DEPTH } from "./limits.ts";

/** Where one value's text lies in the line, and how many whitespace characters outside strings it holds. */
export interface Span {
  start: number;
  end: number;
  whitespace: number;
}

export type Scanned =
  | {
      ok: true;
      /** `body.message` (broadcast's value), if the line has one. */
      message?: Span;
      /** `body.element` (g-set's value), if the line has one. */
      element?: Span;
      /** `body.values` if it is an array: the array's own span and each element's. */
      values?: { array: Span; items: Span[] };
      /**
       * Composites that opened past the depth limit, skipped by counting brackets only. If there
       * are any, the line is refused, but its envelope can still be read without them.
       */
      tooDeep: Span[];
    }
  | { ok: false; reason: string };

class ScanError extends Error {}

const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * A recursive-descent JSON validator that stops at `MAX_JSON_DEPTH`, so a line costs one pass
 * and a stack of at most that depth. It records the spans of `body.message`, `body.element` and of the elements
 * of `body.values` (the last occurrence wins, as in JSON.parse), so the node can keep values as
 * their own text and parse only the envelope around them.
 */
class Scanner {
  private i = 0;
  /** Whitespace characters skipped outside strings so far: a span's own count is a difference. */
  private whitespace = 0;
  message: Span | undefined;
  element: Span | undefined;
  values: { array: Span; items: Span[] } | undefined;
  readonly tooDeep: Span[] = [];

  constructor(private readonly s: string) {}

  run(): void {
    this.skip();
    this.value(1, 1);
    this.skip();
    if (this.i < this.s.length) this.fail("unexpected text after the JSON value");
  }

  private fail(what: string): never {
    throw new ScanError(`${what} at position ${this.i}`);
  }

  private skip(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i++;
    }
    this.whitespace += i - this.i;
    this.i = i;
  }

  /** `role`: 0 anywhere, 1 the envelope, 2 the body, 3 the `values` array. */
  private value(depth: number, role: number): void {
    const c = this.s.charCodeAt(this.i);
    if (c === 123 || c === 91) {
      if (depth > MAX_JSON_DEPTH) this.skipDeep();
      else if (c === 123) this.object(depth, role);
      else this.array(depth, role);
    } else if (c === 34) this.string();
    else if (c === 116) this.literal("true");
    else if (c === 102) this.literal("false");
    else if (c === 110) this.literal("null");
    else {
      NUMBER.lastIndex = this.i;
      if (!NUMBER.test(this.s)) this.fail("expected a JSON value");
      this.i = NUMBER.lastIndex;
    }
  }

  /** Past the limit nothing is validated any more: brackets are counted outside strings, in one pass. */
  private skipDeep(): void {
    const s = this.s;
    const start = this.i;
    let depth = 0;
    do {
      const c = s.charCodeAt(this.i++);
      if (c === 34) {
        for (let d = s.charCodeAt(this.i); d !== 34; d = s.charCodeAt(++this.i)) {
          if (this.i >= s.length) this.fail("unterminated string");
          if (d === 92) this.i++;
        }
        this.i++;
      } else if (c === 91 || c === 123) depth++;
      else if (c === 93 || c === 125) depth--;
      else if (this.i > s.length) this.fail("unterminated composite");
    } while (depth > 0);
    this.tooDeep.push({ start, end: this.i, whitespace: 0 });
  }

  private literal(word: string): void {
    if (!this.s.startsWith(word, this.i)) this.fail("expected a JSON value");
    this.i += word.length;
  }

  /** Returns whether the string held an escape, which only keys need to know. */
  private string(): boolean {
    const s = this.s;
    let escaped = false;
    this.i++;
    for (;;) {
      STRING_RUN.lastIndex = this.i;
      STRING_RUN.test(s);
      this.i = STRING_RUN.lastIndex;
      const c = s.charCodeAt(this.i);
      if (c === 34) break;
      if (c !== 92) this.fail(this.i >= s.length ? "unterminated string" : "control character in a string");
      ESCAPE.lastIndex = this.i;
      if (!ESCAPE.test(s)) this.fail("bad escape in a string");
      this.i = ESCAPE.lastIndex;
      escaped = true;
    }
    this.i++;
    return escaped;
  }

  private span(start: number, whitespaceBefore: number): Span {
    return { start, end: this.i, whitespace: this.whitespace - whitespaceBefore };
  }

  private object(depth: number, role: number): void {
    const s = this.s;
    this.i++;
    this.skip();
    if (s.charCodeAt(this.i) === 125) {
      this.i++;
      return;
    }
    for (;;) {
      if (s.charCodeAt(this.i) !== 34) this.fail("expected a key");
      const keyStart = this.i;
      const escaped = this.string();
      const key = role === 1 || role === 2 ? this.key(keyStart, escaped) : "";
      this.skip();
      if (s.charCodeAt(this.i) !== 58) this.fail("expected ':'");
      this.i++;
      this.skip();
      const start = this.i;
      const ws = this.whitespace;
      if (role === 1 && key === "body") {
        this.message = undefined;
        this.element = undefined;
        this.values = undefined;
        this.value(depth + 1, s.charCodeAt(this.i) === 123 ? 2 : 0);
      } else if (role === 2 && key === "values" && s.charCodeAt(this.i) === 91) {
        this.values = { array: { start, end: start, whitespace: 0 }, items: [] };
        const values = this.values;
        this.value(depth + 1, 3);
        values.array = this.span(start, ws);
      } else {
        this.value(depth + 1, 0);
        if (role === 2 && key === "message") this.message = this.span(start, ws);
        else if (role === 2 && key === "element") this.element = this.span(start, ws);
        else if (role === 2 && key === "values") this.values = undefined;
      }
      this.skip();
      const c = s.charCodeAt(this.i);
      this.i++;
      if (c === 125) return;
      if (c !== 44) {
        this.i--;
        this.fail("expected ',' or '}'");
      }
      this.skip();
    }
  }

  private key(start: number, escaped: boolean): string {
    return escaped ? (JSON.parse(this.s.slice(start, this.i)) as string) : this.s.slice(start + 1, this.i - 1);
  }

  private array(depth: number, role: number): void {
    const s = this.s;
    this.i++;
    this.skip();
    if (s.charCodeAt(this.i) === 93) {
      this.i++;
      return;
    }
    const items = role === 3 ? this.values?.items : undefined;
    for (;;) {
      const start = this.i;
      const ws = this.whitespace;
      this.value(depth + 1, 0);
      items?.push(this.span(start, ws));
      this.skip();
      const c = s.charCodeAt(this.i);
      this.i++;
      if (c === 93) return;
      if (c !== 44) {
        this.i--;
        this.fail("expected ',' or ']'");
      }
      this.skip();
    }
  }
}

/** Validates a line as JSON and locates the values it carries; linear in the line, never deeper than the limit. */
export function scanLine(line: string): Scanned {
  const scanner = new Scanner(line);
  try {
    scanner.run();
  } catch (err) {
    if (err instanceof ScanError) return { ok: false, reason: err.message };
    throw err;
  }
  const { message, element, values, tooDeep } = scanner;
  return { ok: true, ...(message && { message }), ...(element && { element }), ...(values && { values }), tooDeep };
}

/** A value's canonical text: its JSON text with the whitespace outside strings removed. */
export function spanText(line: string, span: Span): string {
  const text = line.slice(span.start, span.end);
  return span.whitespace === 0 ? text : stripWhitespace(text);
}

function stripWhitespace(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 32 || c === 10 || c === 13 || c === 9) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out + text.slice(from);
}
