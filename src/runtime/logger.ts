// pino on stderr: the only place the node logs.
import { pino, type Logger } from "pino";

export type { Logger };

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Logs to fd 2 only: stdout carries protocol messages and nothing else. Synchronous, so the last
 * lines before `process.exit` are never lost.
 */
export function createLogger(level: LogLevel, name = "gossip-node"): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination({ dest: 2, sync: true }));
}
