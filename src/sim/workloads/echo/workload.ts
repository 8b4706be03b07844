// Maelstrom's echo workload: every worker sends "Please echo N" (N below 128) again and again; each reply must carry it back.
import { checkEcho, echoResultSchema, type EchoResult } from "../../checking/echo.ts";
import { echoOkBody } from "../../../protocol/maelstrom.ts";
import { resultsSchemaOf } from "../../checking/results.ts";
import { judgeReply } from "../reply.ts";
import type { Workload } from "../workload.ts";
import { explainEcho } from "./explain.ts";

/** `(rand-int 128)`. */
const ECHO_SPAN = 128;

export const echoWorkload: Workload<EchoResult, "echo"> = {
  name: "echo",
  setup: () => [],
  // with-errors with no idempotent op: a timeout is indeterminate, a definite error a failure.
  withErrors: true,
  generator: () => ({
    next: (rng) => {
      const value = `Please echo ${rng.int(ECHO_SPAN)}`;
      return { f: "echo", value, body: { type: "echo", echo: value }, idempotent: false };
    },
  }),
  // Maelstrom records the whole reply body as the ok value; the checker looks inside it.
  ok: (_op, reply) => judgeReply(echoOkBody, reply, () => reply),
  check: checkEcho,
  explain: (_history, result) => ({ reasons: explainEcho(result), misplacedErrors: [] }),
  resultsSchema: resultsSchemaOf("echo", echoResultSchema),
};
