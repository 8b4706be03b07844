// The main loop: one event at a time, with the time, through the core, replies to the writer.
import type { GossipNode } from "../engine/node.ts";
import { ErrorCode, type InboundMessage, type OutboundMessage } from "../protocol/messages.ts";
import type { RuntimeEvent } from "./events.ts";
import type { Logger } from "./logger.ts";
import type { Writer } from "./writer.ts";

export interface MainLoopOptions {
  events: AsyncIterable<RuntimeEvent>;
  core: GossipNode;
  writer: Writer;
  log: Logger;
  /** Monotonic milliseconds: wall-clock jumps must not fire or stall retransmissions. */
  now?: () => number;
  /** Once aborted, the loop stops before the next event, leaving the rest unprocessed. */
  signal?: AbortSignal;
}

/** Why the loop ended: end of input, a shutdown request, or stdout failing. */
export type MainLoopEnd = "eof" | "stopped" | "output-failed";

/**
 * The main actor: one event at a time, in arrival order, through the core; whatever the core
 * says goes to the writer. While the writer is congested it pulls no further events.
 */
export async function runMainLoop(options: MainLoopOptions): Promise<MainLoopEnd> {
  const { events, core, writer, log, signal } = options;
  const now = options.now ?? (() => performance.now());
  // Every line after init names the node, so the logs of a cluster can be merged and told apart.
  let named = false;
  for await (const event of events) {
    if (signal?.aborted) return "stopped";
    if (writer.failed) return "output-failed";
    if (event.kind === "eof") return "eof";
    if (event.kind === "refusal") writer.send(core.refusal(event.reply));
    else {
      if (event.kind === "message") log[levelFor(event.message)]({ message: event.message }, "received");
      const out = handle(core, event, now(), log);
      if (!named && core.nodeId !== undefined) {
        named = true;
        log.setBindings({ node: core.nodeId });
      }
      for (const message of out) {
        log[levelFor(message)]({ message }, "sending");
        writer.send(message);
      }
    }
    if (writer.congested) await writer.whenUncongested();
  }
  return signal?.aborted ? "stopped" : "eof";
}

/** Gossip between servers is constant chatter; client traffic is what a debug log is for. */
function levelFor(message: InboundMessage | OutboundMessage): "debug" | "trace" {
  return message.body.type === "gossip" ? "trace" : "debug";
}

/**
 * A throw from the core is a bug, but one request must not take the node down: the request gets
 * error 13 (crash, indefinite, so no promise is broken) and the node carries on.
 */
function handle(core: GossipNode, event: RuntimeEvent & { kind: "message" | "tick" }, now: number, log: Logger): OutboundMessage[] {
  try {
    return core.handle(event, now);
  } catch (error) {
    log.error({ err: error, event }, "the core threw while handling an event");
    return event.kind === "message" ? crashReply(event.message, core.nodeId ?? event.message.dest) : [];
  }
}

function crashReply(message: InboundMessage, self: string): OutboundMessage[] {
  const body = message.body;
  if (!("msg_id" in body) || body.msg_id === undefined) return [];
  return [
    {
      src: self,
      dest: message.src,
      body: { type: "error", in_reply_to: body.msg_id, code: ErrorCode.crash, text: "internal error while handling the request" },
    },
  ];
}
