// A message on the simulated wire kept as the line its in-process sender wrote: parsed only when someone reads its body.
import { z } from "zod";
import type { Body, Envelope } from "./network.ts";

const wireMessage = z.object({ body: z.looseObject({ type: z.string() }) });

/**
 * Between two in-process cores most messages are only ever decoded by the receiver's codec, so
 * the wire keeps the sender's line and parses it (checked against the envelope's shape) only for
 * a trace, a recorder or a client. A line that is not a message is the sender's defect: reading
 * its body says so.
 */
export class LineEnvelope implements Envelope {
  private parsed: Body | undefined;

  constructor(
    readonly src: string,
    readonly dest: string,
    readonly line: string,
    readonly id?: number,
  ) {}

  get body(): Body {
    if (this.parsed) return this.parsed;
    let raw: unknown;
    try {
      raw = JSON.parse(this.line);
    } catch (error) {
      throw new Error(`${this.src} wrote a line that is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const checked = wireMessage.safeParse(raw);
    if (!checked.success) throw new Error(`${this.src} wrote a line that is not a Maelstrom message: ${this.line.slice(0, 200)}`);
    this.parsed = checked.data.body;
    return this.parsed;
  }

  /** The same message with Maelstrom's id, as the network stamps it; a body already parsed stays parsed. */
  stamped(id: number): LineEnvelope {
    const copy = new LineEnvelope(this.src, this.dest, this.line, id);
    copy.parsed = this.parsed;
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
