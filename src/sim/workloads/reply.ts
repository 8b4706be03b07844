// A reply judged against the zod schema of the one its workload accepts: the ok value, or the first field at fault in a node author's terms.
import { safeParse, type z } from "zod";
import type { Body } from "../world/network.ts";
import type { ReplyVerdict } from "./workload.ts";

function expectedOf(issue: z.core.$ZodIssue | undefined): string {
  if (issue?.code === "invalid_type") return issue.expected === "nonoptional" ? "present" : issue.expected === "int" ? "an integer" : `a JSON ${issue.expected}`;
  if (issue?.code === "invalid_value") return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue?.message ?? "a valid reply";
}

/** `value` picks the ok completion's value out of the reply once it has passed `schema` (the protocol's, any zod flavour). */
export function judgeReply<S extends z.core.$ZodType>(schema: S, reply: Body, value: (parsed: z.core.output<S>) => unknown): ReplyVerdict {
  const parsed = safeParse(schema, reply);
  if (parsed.success) return { ok: true, value: value(parsed.data) };
  const issue = parsed.error.issues[0];
  return { ok: false, field: issue?.path.join(".") || "body", expected: expectedOf(issue) };
}
