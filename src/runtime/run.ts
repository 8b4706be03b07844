// Wires the node's three actors to any core and decides when the process is done.
import type { Readable, Writable } from "node:stream";
import type { AnyMessage, NodeSpec } from "../protocol/core.ts";
import type { ErrorBody, Message } from "../protocol/messages.ts";
import { Channel } from "./channel.ts";
import type { RuntimeEvent } from "./events.ts";
import { createLogger, type LogLevel } from "./logger.ts";
import { runMainLoop } from "./main-loop.ts";
import { runReader } from "./reader.ts";
import { startTimer } from "./timer.ts";
import { Writer } from "./writer.ts";

export interface RunNodeOptions {
  logLevel: LogLevel;
  /** The logger's name (default: the package's node). */
  name?: string;
  /** The node's settings, logged once at start. */
  settings?: Record<string, unknown>;
}

export interface NodeIo {
  stdin: Readable;
  stdout: Writable;
}

/** How long a signal lets queued replies drain before the process goes anyway. */
const SIGNAL_FLUSH_MS = 1000;

/**
 * Wires the three actors to the core and decides when the process is done. Resolves with the exit
 * code once it is safe to exit: after end of input with every reply flushed, after a signal with
 * a bounded flush, or at once when stdout has gone away (nobody is left to read a reply).
 */
export function runNode<In extends AnyMessage, Out extends AnyMessage>(
  spec: NodeSpec<In, Out>,
  options: RunNodeOptions,
  io: NodeIo = { stdin: process.stdin, stdout: process.stdout },
): Promise<number> {
  const log = createLogger(options.logLevel, options.name);
  const channel = new Channel<RuntimeEvent<In>>();
  const stop = new AbortController();
  const core = spec.create({ warn: (text) => log.warn(text) });

  let resolveExit: (code: number) => void = () => {};
  const exit = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  let finished = false;
  const finish = (code: number): void => {
    if (finished) return;
    finished = true;
    timer.stop();
    stop.abort();
    channel.close();
    process.removeListener("SIGTERM", onSignal);
    process.removeListener("SIGINT", onSignal);
    // Every line logged so far reaches stderr before the process may exit.
    void log.ready().then(() => resolveExit(code));
  };

  const writer = new Writer<Out | Message<ErrorBody>>(io.stdout, {
    onError: (error) => {
      log.warn({ code: (error as NodeJS.ErrnoException).code }, `stdout failed (${error.message}); exiting`);
      finish(0);
    },
  }, spec.codec.encode);
  const timer = startTimer(channel, spec.tickInterval);

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    // A second signal means "now".
    if (signalled) return finish(0);
    signalled = true;
    log.info({ signal, queuedChars: writer.queued }, "shutting down");
    timer.stop();
    stop.abort();
    channel.close();
    void writer.flush(SIGNAL_FLUSH_MS).then((flushed) => {
      if (!flushed && !writer.failed) log.warn("gave up waiting for stdout to drain");
      finish(0);
    });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  log.info({ ...options.settings, tickInterval: spec.tickInterval }, "starting");
  runReader(io.stdin, channel, log, spec.codec.decode).catch((error: unknown) => log.error({ err: error }, "the reader failed"));
  runMainLoop({ events: channel, core, writer, log, signal: stop.signal }).then(
    async (end) => {
      if (end !== "eof") return;
      timer.stop();
      const flushed = await writer.flush();
      log.info({ flushed }, "end of input; exiting");
      finish(0);
    },
    (error: unknown) => {
      log.fatal({ err: error }, "the main loop failed");
      void writer.flush(SIGNAL_FLUSH_MS).then(() => finish(1));
    },
  );
  return exit;
}
