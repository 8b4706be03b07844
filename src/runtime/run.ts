// Wires the node's three actors to the core and decides when the process is done.
import type { Readable, Writable } from "node:stream";
import type { GossipConfig } from "../engine/config.ts";
import { GossipNode } from "../engine/node.ts";
import type { ServiceName } from "../engine/services.ts";
import { Channel } from "./channel.ts";
import type { RuntimeEvent } from "./events.ts";
import { createLogger, type LogLevel } from "./logger.ts";
import { runMainLoop } from "./main-loop.ts";
import { runReader } from "./reader.ts";
import { startTimer } from "./timer.ts";
import { Writer } from "./writer.ts";

export interface RunNodeOptions {
  gossipInterval: number;
  config: GossipConfig;
  /** The workload, if given; otherwise the node learns it from the first write, topology or gossip. */
  workload?: ServiceName;
  logLevel: LogLevel;
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
export function runNode(options: RunNodeOptions, io: NodeIo = { stdin: process.stdin, stdout: process.stdout }): Promise<number> {
  const log = createLogger(options.logLevel);
  const channel = new Channel<RuntimeEvent>();
  const stop = new AbortController();
  const core = new GossipNode({
    config: options.config,
    ...(options.workload && { workload: options.workload }),
    warn: (text) => log.warn(text),
  });

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
    resolveExit(code);
  };

  const writer = new Writer(io.stdout, {
    onError: (error) => {
      log.warn({ code: (error as NodeJS.ErrnoException).code }, `stdout failed (${error.message}); exiting`);
      finish(0);
    },
  });
  const timer = startTimer(channel, options.gossipInterval);

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

  log.info({ config: options.config, gossipInterval: options.gossipInterval, workload: options.workload ?? "learnt" }, "starting");
  runReader(io.stdin, channel, log).catch((error: unknown) => log.error({ err: error }, "the reader failed"));
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
