// Splitting a byte stream into lines, dropping those over the cap without buffering them.
import { MAX_LINE_BYTES } from "./limits.ts";

export interface LineSplitterOptions {
  maxLineBytes?: number;
  /** Called once per dropped over-long line, with how many bytes it had. */
  onOversize?: (bytes: number) => void;
}

/**
 * Splits a byte stream into `\n`-terminated lines, whatever the chunk boundaries. Strips a
 * trailing `\r`, skips blank lines, decodes UTF-8 leniently (bad bytes become U+FFFD) and drops
 * lines over the cap without ever buffering more than the cap.
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private readonly onOversize: (bytes: number) => void;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of an over-long line being skipped; -1 when not skipping. */
  private skipped = -1;
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });

  constructor(options: LineSplitterOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.onOversize = options.onOversize ?? (() => {});
  }

  /** Feeds one chunk and returns the complete lines it finished. */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      if (nl === -1) break;
      this.take(chunk.subarray(from, nl), true, lines);
      from = nl + 1;
    }
    if (from < chunk.length) this.take(chunk.subarray(from), false, lines);
    return lines;
  }

  /** Ends the stream: a last line without `\n` still counts. */
  end(): string[] {
    const lines: string[] = [];
    this.take(new Uint8Array(0), true, lines);
    return lines;
  }

  private take(piece: Uint8Array, complete: boolean, out: string[]): void {
    if (this.skipped >= 0) {
      this.skipped += piece.length;
      if (complete) {
        this.onOversize(this.skipped);
        this.skipped = -1;
      }
      return;
    }
    if (this.pendingBytes + piece.length > this.maxLineBytes) {
      this.skipped = this.pendingBytes + piece.length;
      this.pending = [];
      this.pendingBytes = 0;
      if (complete) {
        this.onOversize(this.skipped);
        this.skipped = -1;
      }
      return;
    }
    if (!complete) {
      // Copy: the caller may reuse its chunk buffer.
      this.pending.push(Buffer.from(piece));
      this.pendingBytes += piece.length;
      return;
    }
    let bytes: Uint8Array = piece;
    if (this.pending.length) {
      this.pending.push(Buffer.from(piece));
      bytes = Buffer.concat(this.pending, this.pendingBytes + piece.length);
      this.pending = [];
      this.pendingBytes = 0;
    }
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end--;
    if (end === 0) return;
    // TextDecoder drops a leading byte-order mark, as a JSON reader should.
    const line = this.decoder.decode(bytes.subarray(0, end));
    if (line.trim().length) out.push(line);
  }
}
