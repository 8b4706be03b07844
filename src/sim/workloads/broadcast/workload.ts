// Maelstrom's broadcast workload: topology at setup, a 50/50 mix of broadcasts of 0, 1, 2, … and reads, judged by set-full.
import { z } from "zod";
import { definiteErrorCodes } from "../../../protocol/messages.ts";
import type { Op } from "../../checking/history.ts";
import { checkSetFull } from "../../checking/set-full.ts";
import { setFullResultSchema, type SetFullResult } from "../../checking/results.ts";
import { shortJson, type Anomaly, type Reason } from "../../checking/reasons.ts";
import { makeTopology } from "../../world/topology.ts";
import type { ClientOp, ReplyVerdict, Workload } from "../workload.ts";
import { explainLost } from "./explain.ts";

/** `topology_ok` is an ordinary 5 s RPC. */
const TOPOLOGY_TIMEOUT_MS = 5_000;

/** The replies Maelstrom's broadcast workload accepts. */
const replySchemas = {
  read: z.looseObject({ type: z.literal("read_ok"), messages: z.array(z.unknown()) }),
  broadcast: z.looseObject({ type: z.literal("broadcast_ok") }),
};

const read = (): ClientOp => ({ f: "read", value: null, body: { type: "read" }, readOnly: true });

function judgeReply(op: ClientOp, reply: unknown): ReplyVerdict {
  const parsed = (op.f === "read" ? replySchemas.read : replySchemas.broadcast).safeParse(reply);
  if (parsed.success) return { ok: true, value: op.f === "read" ? parsed.data["messages"] : op.value };
  const issue = parsed.error.issues[0];
  const expected = issue?.code === "invalid_type" ? `a JSON ${issue.expected}` : issue?.code === "invalid_value" ? `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` : (issue?.message ?? "a valid reply");
  return { ok: false, field: issue?.path.join(".") || "body", expected };
}

/** A broadcast answered with a definite error (it did not happen), whose value some read showed all the same. */
function misplacedErrors(history: readonly Op[]): Anomaly[] {
  const read = new Set<unknown>();
  for (const op of history) if (op.f === "read" && op.type === "ok" && Array.isArray(op.value)) for (const v of op.value) read.add(v);
  return history.flatMap((op) => {
    const code = Number(/^error (\d+):/.exec(op.error ?? "")?.[1]);
    if (op.f !== "broadcast" || op.type !== "fail" || !definiteErrorCodes.has(code) || !read.has(op.value)) return [];
    return [{ kind: "misplaced-error" as const, time: op.time, node: op.node, f: op.f, field: "code", expected: `no error: a read showed ${shortJson(op.value)}, so the broadcast happened`, got: `${op.error ?? ""}` }];
  });
}

function noStable(result: SetFullResult): Reason[] {
  if (result.valid !== "unknown") return [];
  return [{ kind: "no-stable", text: `no value was stable: ${result["attempt-count"]} values added, none shown by an ok read that every later read agreed with`, expected: "at least one stable value", actual: "0" }];
}

export const broadcastWorkload: Workload<SetFullResult> = {
  name: "broadcast",
  setup: (nodes, options) => {
    const topology = makeTopology(options.topology, nodes);
    return [{ type: "topology", timeoutMs: TOPOLOGY_TIMEOUT_MS, body: () => ({ topology }) }];
  },
  generator: () => {
    let nextValue = 0;
    return {
      next: (rng) => {
        if (rng.int(2) !== 0) return read();
        const value = nextValue++;
        return { f: "broadcast", value, body: { type: "broadcast", message: value }, readOnly: false };
      },
      final: read,
    };
  },
  ok: judgeReply,
  check: checkSetFull,
  explain: (history, result) => ({ reasons: [...explainLost(history, result), ...noStable(result)], misplacedErrors: misplacedErrors(history) }),
  resultSchema: setFullResultSchema,
};
