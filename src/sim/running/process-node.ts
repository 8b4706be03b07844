// A node binary run as Maelstrom runs it: messages in on stdin, out on stdout, logs on stderr; the first bad line ends its say.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { LineSplitter } from "../../protocol/framing.ts";
import { envelope } from "../../protocol/messages.ts";
import type { Envelope } from "../world/network.ts";
import type { NodeSink, SimNode } from "../world/sim-node.ts";

export interface ProcessNodeOptions {
  bin: string;
  args: readonly string[];
  cwd: string;
  /** Where the node's stderr goes. */
  logFile: string;
  /** Also copy the node's stderr to ours, as Maelstrom's --log-stderr does. */
  logStderr?: boolean;
}

/** How long a node gets to exit after its stdin closes, and then after SIGTERM. */
const EXIT_GRACE_MS = 1000;

/**
 * A node binary run as Maelstrom runs it: messages in on stdin, messages out on stdout, logs on
 * stderr. The first line that is not a protocol message makes the run invalid, and — as in
 * Maelstrom — nothing after it is read.
 */
export class ProcessNode implements SimNode {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly log: WriteStream;
  private silenced = false;
  private stopping = false;
  private readonly exited: Promise<void>;

  constructor(
    readonly id: string,
    private readonly sink: NodeSink,
    options: ProcessNodeOptions,
  ) {
    this.log = createWriteStream(options.logFile);
    this.child = spawn(options.bin, [...options.args], { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.exited = new Promise((resolve) => {
      this.child.once("close", (code, signal) => {
        if (!this.stopping) this.fail(`exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}); see ${options.logFile}`);
        resolve();
      });
    });
    this.child.once("error", (err) => this.fail(`could not be started: ${err.message}`));
    this.child.stdin.on("error", () => {
      // A node that died makes writes fail with EPIPE; its exit is reported on 'close'.
    });
    const splitter = new LineSplitter({
      onOversize: (bytes) => this.fail(`wrote a ${bytes}-byte line to stdout, over the line cap`),
    });
    this.child.stdout.on("data", (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) this.onLine(line);
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.log.write(chunk);
      if (options.logStderr) process.stderr.write(chunk);
    });
  }

  deliver(message: Envelope): void {
    if (this.child.stdin.writable) this.child.stdin.write(JSON.stringify(message) + "\n");
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.child.stdin.end();
    const timeout = (ms: number) => new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms).unref());
    if ((await Promise.race([this.exited, timeout(EXIT_GRACE_MS)])) === "timeout") {
      this.child.kill("SIGTERM");
      if ((await Promise.race([this.exited, timeout(EXIT_GRACE_MS)])) === "timeout") {
        this.child.kill("SIGKILL");
        await this.exited;
      }
    }
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  /** Kills the process at once (Ctrl-C of the bench). */
  kill(): void {
    this.stopping = true;
    this.child.kill("SIGKILL");
  }

  private onLine(line: string): void {
    if (this.silenced) return;
    const message = parseEnvelope(line);
    if (typeof message === "string") {
      this.fail(`${message}: ${truncate(line)}`);
      return;
    }
    this.sink.send(message);
  }

  private fail(reason: string): void {
    this.silenced = true;
    this.sink.fail(reason);
  }
}

/** Names the first thing wrong with a stdout line (a Maelstrom envelope, or the run is invalid), in the terms a node author needs. */
function parseEnvelope(line: string): Envelope | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return "wrote a non-JSON line to stdout";
  }
  const parsed = envelope.safeParse(raw);
  if (parsed.success) return parsed.data;
  const path = parsed.error.issues[0]?.path ?? [];
  if (path.length === 0) return "wrote JSON that is not a message to stdout";
  if (path[0] !== "body") return "sent a message without node ids (non-empty strings) in src and dest";
  return path.length === 1 ? "sent a message without a body object" : "sent a message whose body has no string type";
}

function truncate(line: string): string {
  return line.length > 300 ? `${line.slice(0, 300)}… (${line.length} chars)` : line;
}
