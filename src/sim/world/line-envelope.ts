// A message on the simulated wire kept as the pieces of the line its in-process sender wrote: parsed only when someone reads its body.
import { z } from "zod";
import type { Body, Envelope } from "./network.ts";

const wireMessage = z.object({ body: z.looseObject({ type: z.string() }) });

/** How the node's encoder ends a line whose last body field is an array of values: `"field":[`, fragments, `]}}`. */
const HEAD_END = /"([A-Za-z_]+)":\[$/;
const LINE_END = "]}}";

/**
 * A body whose one array of values came as fragments of the line (a `read_ok` of many values):
 * the body with that array empty, the field, and each fragment's values.
 */
export interface Fragments {
  head: Body;
  field: string;
  values: readonly (readonly unknown[])[];
}

/**
 * Between two in-process cores most messages are only ever decoded by the receiver's codec, so
 * the wire keeps the sender's line, as the pieces its encoder wrote, and parses it (checked
 * against the envelope's shape) only for a trace, a recorder or a client. A line that is not a
 * message is the sender's defect: reading its body says so.
 *
 * A reply to a client that carries many values is read fragment by fragment (`fragments`): a
 * node's grow-only set hands every read the same finished pieces of its values, so the values of
 * a piece the previous reply to a client already had are that reply's, not parsed again.
 */
export class LineEnvelope implements Envelope {
  private parsed: Body | undefined;
  private joined: string | undefined;
  private split: Fragments | undefined;

  constructor(
    readonly src: string,
    readonly dest: string,
    readonly pieces: readonly string[],
    readonly id?: number,
  ) {}

  get line(): string {
    return (this.joined ??= this.pieces.join(""));
  }

  get body(): Body {
    if (this.parsed) return this.parsed;
    const split = this.split;
    this.parsed = split ? { ...split.head, [split.field]: split.values.flat() } : this.check(this.line);
    return this.parsed;
  }

  /** The body less the values its line carries in fragments: what routes and classifies a reply. */
  get head(): Body {
    return this.split?.head ?? this.body;
  }

  get fragments(): Fragments | undefined {
    return this.split;
  }

  /**
   * Parses the line, as fragments where the encoder cut it so (the values of any piece
   * `previous` had at the same place are taken from it); throws if it is not a message.
   */
  read(previous?: LineEnvelope): void {
    const pieces = this.pieces;
    const first = pieces[0] ?? "";
    const field = HEAD_END.exec(first)?.[1];
    if (this.parsed || field === undefined || pieces.length < 2 || pieces[pieces.length - 1] !== LINE_END) {
      void this.body;
      return;
    }
    const head = this.check(first + LINE_END);
    const empty = head[field];
    if (!Array.isArray(empty) || empty.length > 0) {
      void this.body;
      return;
    }
    const before = previous?.split;
    const values: (readonly unknown[])[] = [];
    for (let i = 1; i < pieces.length - 1; i++) {
      const piece = pieces[i] as string;
      if (before && before.field === field && previous?.pieces[i] === piece) {
        values.push(before.values[i - 1] as readonly unknown[]);
        continue;
      }
      // Every fragment but the first starts with the comma that joins it to the one before.
      const comma = i > 1;
      const parsed = comma === piece.startsWith(",") ? parseFragment(comma ? piece.slice(1) : piece) : undefined;
      if (parsed === undefined) {
        void this.body;
        return;
      }
      values.push(parsed);
    }
    this.split = { head, field, values };
  }

  private check(line: string): Body {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new Error(`${this.src} wrote a line that is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const checked = wireMessage.safeParse(raw);
    if (!checked.success) throw new Error(`${this.src} wrote a line that is not a Maelstrom message: ${line.slice(0, 200)}`);
    return checked.data.body;
  }

  /** The same message with Maelstrom's id, as the network stamps it; a body already parsed stays parsed. */
  stamped(id: number): LineEnvelope {
    const copy = new LineEnvelope(this.src, this.dest, this.pieces, id);
    copy.parsed = this.parsed;
    copy.joined = this.joined;
    copy.split = this.split;
    return copy;
  }

  /**
   * The line a receiver reads: Maelstrom relays a message with its id first. For an encoder that
   * writes JSON.stringify's form (as every codec here does), this is the very line a parse and a
   * re-serialisation would give.
   */
  relayed(): string {
    return this.id === undefined ? this.line : `{"id":${this.id},${this.line.slice(1)}`;
  }

  toJSON(): Envelope {
    return { ...(this.id !== undefined && { id: this.id }), src: this.src, dest: this.dest, body: this.body };
  }
}

/** A fragment's values, if it is whole JSON values separated by commas; otherwise undefined. */
function parseFragment(fragment: string): unknown[] | undefined {
  try {
    const values: unknown = JSON.parse(`[${fragment}]`);
    return Array.isArray(values) ? values : undefined;
  } catch {
    return undefined;
  }
}

/** A message's body less any values its line carries in fragments. */
export function headOf(message: Envelope): Body {
  return message instanceof LineEnvelope ? message.head : message.body;
}
