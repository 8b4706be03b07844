// Maelstrom's g-set workload: a 50/50 mix of adds of 0, 1, 2, … and reads of the whole set, judged by set-full as broadcast is.
import { addOkBody, setReadOkBody } from "../../../protocol/maelstrom.ts";
import { setFullResultSchema, resultsSchemaOf, type SetFullResult } from "../../checking/results.ts";
import { setOps } from "../set-ops.ts";
import type { Workload } from "../workload.ts";

export const gSetWorkload: Workload<SetFullResult, "g-set"> = {
  name: "g-set",
  setup: () => [],
  // Its client calls the RPCs bare: every non-ok outcome, a read's too, is indeterminate.
  withErrors: false,
  ...setOps({ add: "add", field: "element", readField: "value", readOk: setReadOkBody, addOk: addOkBody }),
  resultsSchema: resultsSchemaOf("g-set", setFullResultSchema),
};
