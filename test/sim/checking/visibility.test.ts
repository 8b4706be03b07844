// The visibility checker on hand-written histories: how soon the nodes left connected during a cut see each other's values.
import { describe, expect, it } from "vitest";
import type { Op } from "../../../src/sim/checking/history.ts";
import { checkVisibility } from "../../../src/sim/checking/visibility.ts";

/** A history of instantaneous ops, one process per node. */
class History {
  readonly ops: Op[] = [];
  private readonly process = new Map<string, number>();

  private pid(node: string): number {
    const known = this.process.get(node);
    if (known !== undefined) return known;
    this.process.set(node, this.process.size);
    return this.process.size - 1;
  }

  add(node: string, value: number, time: number): this {
    const process = this.pid(node);
    this.ops.push({ process, type: "invoke", f: "broadcast", value, time, node }, { process, type: "ok", f: "broadcast", value, time, node });
    return this;
  }

  read(node: string, values: number[], time: number): this {
    const process = this.pid(node);
    this.ops.push({ process, type: "invoke", f: "read", value: null, time, node }, { process, type: "ok", f: "read", value: values, time: time + 1, node });
    return this;
  }
}

const nodes = ["n0", "n1", "n2", "n3"];
const window = { nodes, cutOff: ["n0"], from: 1000, until: 9000, addF: "broadcast", horizon: 2000 };

describe("visibility under a cut", () => {
  it("measures, per value and other connected node, the delay to the first read invoked after the ack that shows it", () => {
    const h = new History()
      .add("n1", 1, 2000)
      .read("n2", [], 2100) // too soon: not shown yet
      .read("n2", [1], 2300)
      .read("n2", [1], 2400) // later reads do not count again
      .read("n3", [1], 2600);
    const r = checkVisibility(h.ops, window);
    expect(r["seen-count"]).toBe(2);
    expect(r.latencies).toEqual({ "0.5": 600, "0.95": 600, "0.99": 600, "1": 600 });
    expect(r["unseen-count"]).toBe(0);
    expect(r["unjudged-count"]).toBe(0);
  });

  it("leaves out the cut-off node's acknowledgements and reads, values acknowledged outside the window, and reads invoked after the heal", () => {
    const h = new History()
      .add("n0", 5, 2000) // cut off: not counted
      .add("n1", 6, 500) // before the cut
      .add("n1", 7, 9500) // after the heal
      .add("n2", 8, 3000)
      .read("n0", [8], 3100) // the cut-off node's read
      .read("n1", [8], 9100) // after the heal
      .read("n3", [8], 4000);
    const r = checkVisibility(h.ops, window);
    expect(r["seen-count"]).toBe(1);
    expect(r.latencies?.["1"]).toBe(1000);
    // n1 was read only after the heal: nothing before it can say whether it saw 8.
    expect(r["unjudged-count"]).toBe(1);
  });

  it("counts a value unseen when a read more than the horizon after its ack still lacks it, and unjudged when no read came that late", () => {
    const h = new History()
      .add("n1", 1, 2000)
      .read("n2", [], 3000) // within the horizon: proves nothing
      .read("n2", [], 4500) // past it: 1 is unseen at n2
      .read("n3", [], 3500); // n3 never read late enough
    const r = checkVisibility(h.ops, window);
    expect(r["seen-count"]).toBe(0);
    expect(r.latencies).toBeUndefined();
    expect(r["unseen-count"]).toBe(1);
    expect(r["unjudged-count"]).toBe(1);
  });

  it("gives Jepsen's floor(n·q) quantiles over the seen pairs", () => {
    const h = new History();
    for (let i = 0; i < 10; i++) h.add("n1", i, 2000 + i * 10).read("n2", Array.from({ length: i + 1 }, (_, k) => k), 2000 + i * 10 + (i + 1) * 100);
    const r = checkVisibility(h.ops, { ...window, nodes: ["n1", "n2"], cutOff: [] });
    expect(r["seen-count"]).toBe(10);
    expect(r.latencies).toEqual({ "0.5": 600, "0.95": 1000, "0.99": 1000, "1": 1000 });
  });
});
