// Runs a node on stdin and stdout when its module is the program's entry point, and stays out of the way when imported.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AnyMessage, NodeSpec } from "../protocol/core.ts";
import { logLevels, type LogLevel } from "../runtime/logger.ts";
import { runNode } from "../runtime/run.ts";

function isLogLevel(text: string | undefined): text is LogLevel {
  return logLevels.some((level) => level === text);
}

/**
 * `serve(node, import.meta.url)` at the end of a node's module: run as a program (by Maelstrom
 * or the bench) it reads stdin until end of input, then exits; imported (by the simulator or a
 * test) it does nothing. Logs go to stderr at `LOG_LEVEL` (default info).
 */
export function serve<In extends AnyMessage, Out extends AnyMessage>(node: NodeSpec<In, Out>, moduleUrl: string): void {
  const main = process.argv[1];
  if (main === undefined || realpath(main) !== realpath(fileURLToPath(moduleUrl))) return;
  const level = process.env.LOG_LEVEL;
  void runNode(node, { logLevel: isLogLevel(level) ? level : "info", name: "node" }).then((code) => process.exit(code));
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
