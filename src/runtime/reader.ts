// The reader actor: stdin lines into validated messages or refusals on the channel.
import type { Decoded } from "../protocol/core.ts";
import { LineSplitter } from "../protocol/framing.ts";
import { MAX_LINE_BYTES } from "../protocol/limits.ts";
import type { Channel } from "./channel.ts";
import type { RuntimeEvent } from "./events.ts";
import type { Logger } from "./logger.ts";

export interface ReaderOptions {
  maxLineBytes?: number;
}

/** Enough of a bad line's diagnosis to identify it, without echoing megabytes onto stderr. */
const MAX_REASON_CHARS = 300;

/**
 * The reader actor: stdin bytes to events, ending with `eof`. It stops pulling input while the
 * channel is full, so a stalled main loop leaves the backlog in the OS pipe rather than in memory.
 */
export async function runReader<In>(
  input: AsyncIterable<Uint8Array>,
  channel: Channel<RuntimeEvent<In>>,
  log: Logger,
  /** The node's codec's decoder. */
  decode: (line: string) => Decoded<In>,
  options: ReaderOptions = {},
): Promise<void> {
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const splitter = new LineSplitter({
    maxLineBytes,
    onOversize: (bytes) => log.warn({ bytes, maxLineBytes }, "dropped an input line over the length cap"),
  });
  const dispatch = (lines: readonly string[]): boolean => {
    for (const line of lines) if (!dispatchLine(decode(line), channel, log)) return false;
    return true;
  };
  try {
    for await (const chunk of input) {
      if (!dispatch(splitter.push(chunk))) return;
      if (!channel.hasRoom) await channel.whenRoom();
      if (channel.isClosed) return;
    }
  } catch (error) {
    log.error({ err: error }, "stdin failed; treating it as end of input");
  }
  dispatch(splitter.end());
  channel.send({ kind: "eof" });
}

/** Returns false once the channel is closed, so the reader can stop. */
function dispatchLine<In>(decoded: Decoded<In>, channel: Channel<RuntimeEvent<In>>, log: Logger): boolean {
  if (decoded.kind === "message") return channel.send({ kind: "message", message: decoded.message });
  const reason = decoded.reason.length > MAX_REASON_CHARS ? `${decoded.reason.slice(0, MAX_REASON_CHARS)}…` : decoded.reason;
  if (decoded.reply) {
    log.debug({ reason, code: decoded.reply.body.code }, "refused an invalid request");
    return channel.send({ kind: "refusal", reply: decoded.reply });
  }
  log.warn({ reason }, "ignored an invalid input line");
  return !channel.isClosed;
}
