// Maelstrom's unique-ids workload: `generate` over and over, every id returned ok checked for uniqueness.
import { resultsSchemaOf } from "../../checking/results.ts";
import { checkUniqueIds, uniqueIdsResultSchema, type UniqueIdsResult } from "../../checking/unique-ids.ts";
import type { Workload } from "../workload.ts";

export const uniqueIdsWorkload: Workload<UniqueIdsResult, "unique-ids"> = {
  name: "unique-ids",
  setup: () => [],
  // with-errors with no idempotent op: a timeout is indeterminate, a definite error a failure.
  withErrors: true,
  generator: () => ({ next: () => ({ f: "generate", value: null, body: { type: "generate" }, idempotent: false }) }),
  // Ids may be any JSON value, but there must be one.
  ok: (_op, reply) => (reply.type === "generate_ok" && "id" in reply ? { value: reply.id } : undefined),
  check: checkUniqueIds,
  resultsSchema: resultsSchemaOf("unique-ids", uniqueIdsResultSchema),
};
