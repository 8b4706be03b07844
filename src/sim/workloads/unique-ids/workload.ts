// Maelstrom's unique-ids workload: `generate` over and over, every id returned ok checked for uniqueness.
import { generateOkBody } from "../../../protocol/maelstrom.ts";
import { resultsSchemaOf } from "../../checking/results.ts";
import { checkUniqueIds, uniqueIdsResultSchema, type UniqueIdsResult } from "../../checking/unique-ids.ts";
import { judgeReply } from "../reply.ts";
import type { Workload } from "../workload.ts";
import { explainUniqueIds } from "./explain.ts";

export const uniqueIdsWorkload: Workload<UniqueIdsResult, "unique-ids"> = {
  name: "unique-ids",
  setup: () => [],
  // with-errors with no idempotent op: a timeout is indeterminate, a definite error a failure.
  withErrors: true,
  generator: () => ({ next: () => ({ f: "generate", value: null, body: { type: "generate" }, idempotent: false }) }),
  // Ids may be any JSON value, but there must be one.
  ok: (_op, reply) => judgeReply(generateOkBody, reply, (r) => r.id),
  check: checkUniqueIds,
  explain: (history, result) => ({ reasons: explainUniqueIds(history, result), misplacedErrors: [] }),
  resultsSchema: resultsSchemaOf("unique-ids", uniqueIdsResultSchema),
};
