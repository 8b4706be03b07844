// Client-visible latency: per operation, the time from its invocation to its ok completion, as Maelstrom's latency plots show it.
import type { Op } from "./history.ts";
import type { OpLatencies } from "./results.ts";
import { quantiles } from "./set-full.ts";

/**
 * Quantiles (ms) of the ok ops' latencies, by f. A Jepsen process has one op outstanding at a
 * time, so a completion belongs to its process's last invocation; failed and indeterminate ops
 * are left out, as their latency is the client's timeout or the node's refusal, not service.
 */
export function opLatencies(history: readonly Op[]): OpLatencies {
  const invokedAt = new Map<number, number>();
  const byF = new Map<string, number[]>();
  for (const op of history) {
    if (op.type === "invoke") {
      invokedAt.set(op.process, op.time);
      continue;
    }
    const at = invokedAt.get(op.process);
    invokedAt.delete(op.process);
    if (op.type !== "ok" || at === undefined) continue;
    let list = byF.get(op.f);
    if (!list) byF.set(op.f, (list = []));
    list.push(Math.round(op.time - at));
  }
  const out: OpLatencies = {};
  for (const f of [...byF.keys()].sort()) {
    const q = quantiles(byF.get(f) ?? []);
    if (q) out[f] = q;
  }
  return out;
}
