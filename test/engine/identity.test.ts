// The answer to init: the identity it gives, a repeat answered again, another identity refused, each refusal saying why.
import { describe, expect, it } from "vitest";
import { initialise } from "../../src/engine/identity.ts";

const init = (self: string, ids: string[]) => ({ type: "init" as const, msg_id: 1, node_id: self, node_ids: ids });

describe("initialise", () => {
  const { identity } = initialise(undefined, init("n1", ["n0", "n1", "n2"]));

  it("takes the identity init gives, and answers the same init again", () => {
    expect(identity).toEqual({ self: "n1", nodeIds: ["n0", "n1", "n2"] });
    expect(initialise(identity, init("n1", ["n0", "n1", "n2"]))).toEqual({ reply: { type: "init_ok", in_reply_to: 1 } });
  });

  it("refuses another node id, or another list of ids (longer, shorter, reordered, or one id changed), naming the identity it has", () => {
    for (const [self, ids] of [
      ["n2", ["n0", "n1", "n2"]],
      ["n1", ["n0", "n1", "n2", "n3"]],
      ["n1", ["n0", "n1"]],
      ["n1", ["n1", "n0", "n2"]],
      ["n1", ["n0", "n1", "n9"]],
    ] as const) {
      expect(initialise(identity, init(self, [...ids])).reply).toEqual({
        type: "error",
        in_reply_to: 1,
        code: 10,
        text: "already initialised as n1; re-initialising with another identity is not supported",
      });
    }
  });

  it("refuses a node id missing from node_ids, naming it", () => {
    expect(initialise(undefined, init("n9", ["n0", "n1"]))).toEqual({
      reply: { type: "error", in_reply_to: 1, code: 12, text: "node_ids does not contain node_id n9" },
    });
  });
});
