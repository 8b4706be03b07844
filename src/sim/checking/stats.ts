// Jepsen's stats checker and Maelstrom's network statistics, as pure functions.
import type { Op } from "./history.ts";
import type { NetCounts, NetTotals } from "../world/network.ts";
import type { NetResult, NetSide, OpCounts, StatsResult } from "./results.ts";

function countOps(ops: readonly Op[]): OpCounts {
  let ok = 0;
  let fail = 0;
  let info = 0;
  for (const op of ops) {
    if (op.type === "ok") ok++;
    else if (op.type === "fail") fail++;
    else if (op.type === "info") info++;
  }
  return { valid: ok > 0, count: ok + fail + info, "ok-count": ok, "fail-count": fail, "info-count": info };
}

/**
 * Counts completed ops. Jepsen's overall verdict is not the overall ok-count: it is true only
 * when every f that completed at all has an ok op (so an empty history is valid), even though
 * its docstring promises :unknown.
 */
export function opStats(history: readonly Op[]): StatsResult {
  const completions = history.filter((op) => op.type !== "invoke");
  const byF: Record<string, OpCounts> = {};
  // Jepsen keeps by-f in a sorted map; insertion order gives the same key order here.
  for (const f of [...new Set(completions.map((op) => op.f))].sort()) {
    byF[f] = countOps(completions.filter((op) => op.f === f));
  }
  const all = countOps(completions);
  return { ...all, valid: Object.values(byF).every((c) => c.valid), "by-f": byF };
}

/**
 * Maelstrom divides by every invocation in the history, not by completions: an op that timed
 * out still cost its messages, and the final reads count too. (It also drops nemesis ops; our
 * histories hold none.) Maelstrom reports the ratio only for `all` and `servers` and omits it
 * when nothing was invoked; our results always carry a number, so `clients` gets the same
 * ratio and an empty run gets 0.
 */
export function netStats(tallies: NetTotals, history: readonly Op[]): NetResult {
  const invocations = history.filter((op) => op.type === "invoke").length;
  // Maelstrom's msg-count is the number of distinct message ids in its journal; every send gets
  // a fresh id (retries and dropped messages too) and a receive repeats its send's, so it equals
  // the send count.
  const side = (t: NetCounts): NetSide => ({
    "send-count": t.send,
    "recv-count": t.recv,
    "msg-count": t.send,
    "msgs-per-op": invocations === 0 ? 0 : t.send / invocations,
  });
  return { valid: true, all: side(tallies.all), servers: side(tallies.servers), clients: side(tallies.clients) };
}
