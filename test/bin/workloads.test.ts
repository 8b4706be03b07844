// The built node learns its workload from what it receives: a read held until a write names it, two counters gossiping, --workload.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { NodeProcess, eventually, requireBuilt } from "../helpers/node-process.ts";

const spawned: NodeProcess[] = [];
function start(args: readonly string[] = []): NodeProcess {
  const node = new NodeProcess(args);
  spawned.push(node);
  return node;
}

beforeAll(() => requireBuilt());
afterEach(() => {
  for (const node of spawned.splice(0)) node.kill();
});

describe("the node serves the workload it is sent", () => {
  it("holds a read that comes first, answers it as a counter once an add arrives, and gossips the count", async () => {
    const [n0, n1] = [start(), start()];
    await n0.init("n0", ["n0", "n1"]);
    await n1.init("n1", ["n0", "n1"]);
    n1.send({ src: "c1", dest: "n1", body: { type: "read", msg_id: 99_999 } });
    const held = n1.waitFor((m) => m.body.type === "read_ok" && m.body.in_reply_to === 99_999);
    // Between the two servers, gossip goes through this test: each line one node writes goes to the other.
    for (const [from, to] of [[n0, n1], [n1, n0]] as const) from.onMessage((m) => void (m.dest.startsWith("n") && to.send(m)));
    expect((await n1.request({ type: "add", delta: 5 })).body.type).toBe("add_ok");
    expect((await held).body).toEqual({ type: "read_ok", in_reply_to: 99_999, value: 0 });
    expect((await n0.request({ type: "add", delta: -2 })).body.type).toBe("add_ok");
    await eventually(async () => {
      const reads = await Promise.all([n0, n1].map((n) => n.request({ type: "read" })));
      return reads.every((r) => r.body.type === "read_ok" && r.body.value === 3);
    }, 10_000, "both nodes to read 3");
    expect((await n0.request({ type: "add", element: 1 })).body).toMatchObject({ type: "error", code: 10 });
    for (const n of [n0, n1]) expect(n.violations).toEqual([]);
  });

  it("with --workload g-set, answers a read at once", async () => {
    const n = start(["--workload", "g-set"]);
    await n.init("n0", ["n0"]);
    expect((await n.request({ type: "read" })).body).toMatchObject({ type: "read_ok", value: [] });
  });
});
