// The gossip node as a runner takes it: the workload it is given, or none, and the core's warnings to the host.
import { describe, expect, it } from "vitest";
import { profiles } from "../../src/engine/config.ts";
import { gossipNode } from "../../src/engine/spec.ts";

describe("gossipNode", () => {
  it("serves the workload it is given from the start, or learns it when given none", () => {
    const host = { warn: () => {} };
    expect(gossipNode(profiles.default, 10, "counter").create(host).service?.name).toBe("counter");
    expect(gossipNode(profiles.default, 10).create(host).service).toBeUndefined();
  });

  it("passes the core's warnings to its host", () => {
    const warnings: string[] = [];
    const core = gossipNode(profiles.default, 10).create({ warn: (text) => warnings.push(text) });
    core.handle({ kind: "message", message: { src: "c1", dest: "n1", body: { type: "read", msg_id: 1 } } }, 0);
    expect(core.handle({ kind: "message", message: { src: "c1", dest: "n1", body: { type: "broadcast", message: "1" } } }, 0)).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining("before init")]);
  });
});
