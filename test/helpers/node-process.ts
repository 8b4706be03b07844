// Spawns the built node and talks Maelstrom's protocol to it, for integration tests.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath } from "node:url";
import { envelope, wireOutboundBody, type JsonValue, type WireOutboundMessage as OutboundMessage } from "../../src/protocol/messages.ts";

export const NODE_BIN = fileURLToPath(new URL("../../bin/gossip-node", import.meta.url));
const BUNDLE = fileURLToPath(new URL("../../dist/gossip-node.cjs", import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Body {
  type: string;
  [key: string]: JsonValue | undefined;
}

/** Integration tests run the built executable, exactly as Maelstrom would. */
export function requireBuilt(): void {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`node scripts/build.mjs\` (or \`make test\`) first`);
}

/** Checks one stdout line the way Maelstrom would need it: a JSON envelope with a body this node may send. */
export function protocolViolation(line: string): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return "not JSON";
  }
  const env = envelope.safeParse(raw);
  if (!env.success) return `not an envelope: ${env.error.message}`;
  const body = wireOutboundBody.safeParse(env.data.body);
  if (!body.success) return `not an outbound body: ${body.error.message}`;
  return undefined;
}

/**
 * One spawned `bin/gossip-node`: lines in, parsed messages out, stderr kept (and always drained,
 * since a node blocked on a full stderr pipe would look like a hung node).
 */
export class NodeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<Exit>;
  /** Every stdout line, in order, exactly as written (without the `\n`). */
  readonly lines: string[] = [];
  readonly messages: OutboundMessage[] = [];
  /** Stdout lines that are not protocol messages, with why. */
  readonly violations: { line: string; why: string }[] = [];
  stderr = "";
  private stdoutTail = "";
  private readonly decoder = new StringDecoder("utf8");
  private readonly listeners = new Set<(message: OutboundMessage) => void>();
  private nextMsgId = 1;
  /** The id this node was given by `init` (n0 until then). */
  nodeId = "n0";
  private exit: Exit | undefined;

  constructor(args: readonly string[] = [], options: { cwd?: string; bin?: string } = {}) {
    requireBuilt();
    this.child = spawn(options.bin ?? NODE_BIN, [...args], { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.on("data", (chunk: Buffer) => this.onStdout(this.decoder.write(chunk)));
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (text: string) => {
      this.stderr += text;
    });
    // The node may exit (or be killed) with input still queued; that is not the test's failure.
    this.child.stdin.on("error", () => {});
    this.exited = new Promise((resolve) => {
      this.child.on("close", (code, signal) => {
        this.onStdout(this.decoder.end());
        if (this.stdoutTail) this.violations.push({ line: this.stdoutTail, why: "unterminated last line" });
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  onMessage(listener: (message: OutboundMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes one line (a `\n` is added) or raw bytes, as given. */
  write(data: string | Buffer): boolean {
    return this.child.stdin.write(data);
  }

  send(message: { src: string; dest: string; body: object }): boolean {
    return this.write(`${JSON.stringify(message)}\n`);
  }

  /** Sends a request from `src` with a fresh msg_id and resolves with the reply to it. */
  async request(body: Body, src = "c1", timeoutMs = 10_000): Promise<OutboundMessage> {
    const msgId = typeof body.msg_id === "number" ? body.msg_id : this.nextMsgId++;
    const reply = this.waitFor((m) => m.dest === src && "in_reply_to" in m.body && m.body.in_reply_to === msgId, timeoutMs);
    this.send({ src, dest: this.nodeId, body: { ...body, msg_id: msgId } });
    return reply;
  }

  async init(nodeId: string, nodeIds: readonly string[]): Promise<void> {
    this.nodeId = nodeId;
    const reply = await this.request({ type: "init", node_id: nodeId, node_ids: [...nodeIds] }, "c0");
    if (reply.body.type !== "init_ok") throw new Error(`init failed: ${JSON.stringify(reply)}`);
  }

  /** Resolves with the first message (already received or yet to come) that matches. */
  waitFor(match: (message: OutboundMessage) => boolean, timeoutMs = 10_000): Promise<OutboundMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        off();
        outcome();
      };
      const fail = (why: string): void =>
        settle(() => reject(new Error(`${why}; stderr tail:\n${this.stderr.slice(-2000)}`)));
      const timer = setTimeout(() => fail(`no matching message within ${timeoutMs} ms`), timeoutMs);
      const off = this.onMessage((message) => {
        if (match(message)) settle(() => resolve(message));
      });
      void this.exited.then((exit) => fail(`the node exited (${JSON.stringify(exit)}) before a matching message`));
    });
  }

  /** Closes stdin and waits for the process to end. */
  async end(): Promise<Exit> {
    this.child.stdin.end();
    return this.exited;
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.alive) this.child.kill(signal);
  }

  private onStdout(text: string): void {
    if (!text) return;
    const parts = (this.stdoutTail + text).split("\n");
    this.stdoutTail = parts.pop() ?? "";
    for (const line of parts) {
      this.lines.push(line);
      const why = protocolViolation(line);
      if (why) {
        this.violations.push({ line: line.slice(0, 500), why });
        continue;
      }
      const message = JSON.parse(line) as OutboundMessage;
      this.messages.push(message);
      for (const listener of [...this.listeners]) listener(message);
    }
  }
}

/** Polls `check` until it returns true or the deadline passes; for convergence, never a fixed sleep. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
