// pino on stderr: the only place the node logs; loaded just after start-up, so that a node answers `init` before it pays for pino.
import type { Logger as PinoLogger } from "pino";

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

const methods = ["fatal", "error", "warn", "info", "debug", "trace"] as const;
type Method = (typeof methods)[number];
interface LogFn {
  (fields: object, msg?: string): void;
  (msg: string): void;
}

/** What the runtime logs through: the part of pino's logger it uses (a pino logger is one). */
export type Logger = Record<Method, LogFn> & { setBindings(bindings: Record<string, unknown>): void };

/**
 * Loading pino (its modules, node:worker_threads and the rest it requires) is the largest part of
 * the node's start-up beyond bare Node.js; lines logged before then wait, in order, with the time
 * they were logged.
 */
export const PINO_DEFER_MS = 100;

type Queued = { at: number; apply: (log: PinoLogger) => void };

export interface DeferredLogger extends Logger {
  /** Loads pino now if it is not yet loaded, and resolves once every line logged so far is written. */
  ready(): Promise<void>;
}

/**
 * Logs to fd 2 only: stdout carries protocol messages and nothing else. Synchronous once loaded,
 * so the last lines before `process.exit` are never lost, provided the exit waits for `ready()`.
 */
/** `dest`: stderr unless a test gives a file. */
export function createLogger(level: LogLevel, name = "gossip-node", dest: number | string = 2): DeferredLogger {
  const queue: Queued[] = [];
  let real: PinoLogger | undefined;
  const enabled = (m: Method): boolean => logLevels.indexOf(m) <= logLevels.indexOf(level);
  let loading: Promise<void> | undefined;
  // The time of the line being written: a queued line's own, otherwise now.
  let loggedAt: number | undefined;
  // pino is CommonJS: `default` is its module.exports however it is loaded (by Node, or from a bundle of its own), a named export is not.
  const ready = (): Promise<void> =>
    (loading ??= import("pino").then(({ default: { pino } }) => {
      const log = pino({ name, level, base: { pid: process.pid }, timestamp: () => `,"time":${loggedAt ?? Date.now()}` }, pino.destination({ dest, sync: true }));
      for (const { at, apply } of queue.splice(0)) {
        loggedAt = at;
        apply(log);
      }
      loggedAt = undefined;
      real = log;
      // From now on every call goes straight to pino: no queue, no closure per line.
      for (const m of methods) facade[m] = log[m].bind(log);
      facade.setBindings = log.setBindings.bind(log);
    }));
  setTimeout(() => void ready(), PINO_DEFER_MS).unref();
  const later = (apply: (log: PinoLogger) => void): void => {
    if (real) apply(real);
    else queue.push({ at: Date.now(), apply });
  };
  const method = (m: Method): LogFn =>
    enabled(m) ? (fields: object | string, msg?: string) => later((log) => (typeof fields === "string" ? log[m](fields) : log[m](fields, msg))) : () => {};
  const facade: DeferredLogger = {
    fatal: method("fatal"),
    error: method("error"),
    warn: method("warn"),
    info: method("info"),
    debug: method("debug"),
    trace: method("trace"),
    setBindings: (bindings) => later((log) => log.setBindings(bindings)),
    ready,
  };
  return facade;
}
