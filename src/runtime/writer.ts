// The one owner of stdout: whole lines, in order, with backpressure.
import type { Writable } from "node:stream";
import { encodePieces } from "../protocol/encode.ts";
import type { Message } from "../protocol/messages.ts";

export interface WriterOptions {
  /** Queued bytes above which the writer reports congestion, so the main loop stops pulling events. */
  highWaterMark?: number;
  /** Congestion ends once the queue is down to this many bytes. */
  lowWaterMark?: number;
  /** Called once if the stream fails (EPIPE when the reader of stdout went away); nothing is written after. */
  onError?: (error: Error) => void;
}

/** A message as the pieces of its line; the gossip node's encoder splices value texts in. */
export type Encode<M> = (message: M) => readonly string[];

/** Lines written to the stream in one call once it drains: fewer syscalls, still whole lines. */
const BATCH_CHARS = 64 * 1024;
/** A line longer than this goes to the stream in several writes, so no write is one giant string. */
const MAX_WRITE_CHARS = 16 * BATCH_CHARS;

/**
 * The only thing that writes to stdout: one JSON line per message, in order. A line is queued
 * as the encoder's pieces, so a `read_ok` of any size is never one string. Lines wait in a
 * queue of our own and leave together once the current turn of the event loop has done its work
 * (`setImmediate`), because a write to a pipe is a system call and one per line cost the node
 * more than parsing, validating and answering the message. When the stream pushes back
 * (`write()` returned false) the queue waits for 'drain', so the stream's buffer stays at its own
 * high-water mark and the queue's size is what the main loop watches to stop producing.
 */
export class Writer<M extends Message<{ type: string }> = Message<{ type: string }>> {
  private queue: string[] = [];
  private queuedChars = 0;
  private waitingForDrain = false;
  /** A `setImmediate` to write the queue is pending. */
  private scheduled = false;
  /** Writes handed to the stream whose callbacks have not run: the bytes not yet out of the process. */
  private inFlight = 0;
  private failure: Error | undefined;
  private idleWaiters: (() => void)[] = [];
  private roomWaiters: (() => void)[] = [];
  private readonly highWaterMark: number;
  private readonly lowWaterMark: number;
  private readonly onError: (error: Error) => void;

  constructor(
    private readonly out: Writable,
    options: WriterOptions = {},
    private readonly encode: Encode<M> = encodePieces,
  ) {
    this.highWaterMark = options.highWaterMark ?? 1024 * 1024;
    this.lowWaterMark = Math.min(options.lowWaterMark ?? Math.floor(this.highWaterMark / 4), this.highWaterMark);
    this.onError = options.onError ?? (() => {});
    out.on("error", (error: Error) => this.fail(error));
  }

  /** The stream's error, once it has failed. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Whether the queue is over its high-water mark. */
  get congested(): boolean {
    return this.queuedChars > this.highWaterMark;
  }

  /** Characters waiting for the stream to drain (a close proxy for bytes; the wire is mostly ASCII). */
  get queued(): number {
    return this.queuedChars;
  }

  send(message: M): void {
    if (this.failure) return;
    const pieces = this.encode(message);
    pieces.forEach((piece, i) => {
      const line = i === pieces.length - 1 ? `${piece}\n` : piece;
      this.queue.push(line);
      this.queuedChars += line.length;
    });
    if (!this.waitingForDrain && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.writeQueue);
    }
  }

  /** Resolves once the queue is down to the low-water mark, or the stream has failed. */
  whenUncongested(): Promise<void> {
    if (this.failure || this.queuedChars <= this.lowWaterMark) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /**
   * Resolves true once every line sent so far has been handed to the OS, false if the stream
   * failed or `timeoutMs` passed first.
   */
  flush(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.failure) return Promise.resolve(false);
    if (this.idle) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        resolve(!this.failure);
      };
      this.idleWaiters.push(done);
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        timer.unref();
      }
    });
  }

  private get idle(): boolean {
    return this.inFlight === 0 && this.queue.length === 0;
  }

  private write(chunk: string): void {
    this.inFlight++;
    const more = this.out.write(chunk, this.written);
    if (!more && !this.failure) {
      this.waitingForDrain = true;
      this.out.once("drain", this.drained);
    }
  }

  private readonly written = (error?: Error | null): void => {
    // The callback learns of a failure before the stream's 'error' event does; a waiter released
    // now as idle must already see the failure.
    if (error) this.fail(error);
    this.inFlight--;
    if (this.idle) this.release("idle");
  };

  private readonly drained = (): void => {
    this.waitingForDrain = false;
    this.writeQueue();
  };

  private readonly writeQueue = (): void => {
    this.scheduled = false;
    while (this.queue.length && !this.waitingForDrain && !this.failure) {
      let count = 0;
      let chars = 0;
      while (count < this.queue.length && (count === 0 || this.fits(chars, this.queue[count - 1] as string, this.queue[count] as string))) {
        chars += (this.queue[count] as string).length;
        count++;
      }
      const batch = this.queue.splice(0, count);
      this.queuedChars -= chars;
      this.write(batch.length === 1 ? (batch[0] as string) : batch.join(""));
    }
    if (this.queuedChars <= this.lowWaterMark) this.release("room");
    if (this.idle) this.release("idle");
  };

  /**
   * Whether a piece joins the batch: while there is room, or to finish the line the batch ends
   * in, so that each write ends with a whole line unless a line is far longer than a batch.
   */
  private fits(chars: number, last: string, piece: string): boolean {
    const total = chars + piece.length;
    return total <= BATCH_CHARS || (!last.endsWith("\n") && total <= MAX_WRITE_CHARS);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.queue = [];
    this.queuedChars = 0;
    this.out.removeListener("drain", this.drained);
    this.release("room");
    this.release("idle");
    this.onError(error);
  }

  private release(which: "room" | "idle"): void {
    const waiters = which === "room" ? this.roomWaiters : this.idleWaiters;
    if (which === "room") this.roomWaiters = [];
    else this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
