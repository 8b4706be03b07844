// The in-component property on hand-built partitions, histories and arrival times.
import { describe, expect, it } from "vitest";
import type { Op } from "../../../src/sim/checking/history.ts";
import { cleanCuts, inComponentFailures, IN_COMPONENT_GRACE_MS } from "../../../src/sim/dst/in-component.ts";
import type { PartitionEvent } from "../../../src/sim/world/nemesis.ts";

const ack = (node: string, value: number, time: number): Op => ({ process: 0, type: "ok", f: "broadcast", value, time, node });
const components = [["n0"], ["n1", "n2", "n3"]];
const cut = (start: number, heal: number): PartitionEvent[] => [
  { time: start, f: "start-partition", description: "isolate [n0] cut off", components },
  { time: heal, f: "stop-partition" },
];
const arrivals = (byNode: Record<string, Record<string, number>>): Map<string, Map<string, number>> =>
  new Map(Object.entries(byNode).map(([node, values]) => [node, new Map(Object.entries(values))]));

describe("values reach their own component during a long clean partition", () => {
  it("holds when every node of the acknowledging node's component held the value before the heal", () => {
    const held = arrivals({ n1: { "7": 1000 }, n2: { "7": 1200 }, n3: { "7": 5900 } });
    expect(inComponentFailures(cleanCuts(cut(0, 6000), 9000), [ack("n1", 7, 1000)], "broadcast", held)).toEqual([]);
  });

  it("fails for a node of the component that got the value only after the heal, or never", () => {
    const late = arrivals({ n1: { "7": 1000 }, n2: { "7": 6500 }, n3: {} });
    const failures = inComponentFailures(cleanCuts(cut(0, 6000), 9000), [ack("n1", 7, 1000)], "broadcast", late);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^2 times a value missed/);
    expect(failures[0]).toContain("7, acknowledged by n1 at 1.00 s, reached n2 only at 6.50 s");
    expect(failures[0]).toContain("reached n3 never");
  });

  it("judges neither short partitions, nor values acknowledged in the grace before the heal, before the cut or in a lone node's component", () => {
    const none = arrivals({});
    const acks = [ack("n1", 1, 500), ack("n1", 2, 6000 - IN_COMPONENT_GRACE_MS), ack("n0", 3, 1000), ack("n2", 4, 50)];
    expect(inComponentFailures(cleanCuts(cut(0, 4999), 9000), [ack("n1", 1, 500)], "broadcast", none)).toEqual([]);
    expect(inComponentFailures(cleanCuts(cut(100, 6000), 9000), acks, "broadcast", none)).toHaveLength(1);
    expect(inComponentFailures(cleanCuts(cut(100, 6000), 9000), acks, "broadcast", none)[0]).toMatch(/^3 times .*1, acknowledged by n1/);
  });

  it("takes only clean partitions, and heals one still in force at the end of the run", () => {
    const ring: PartitionEvent = { time: 0, f: "start-partition", description: "majorities-ring" };
    expect(cleanCuts([ring, { time: 8000, f: "stop-partition" }], 9000)).toEqual([]);
    expect(cleanCuts(cut(0, 6000).slice(0, 1), 9000)).toEqual([{ start: 0, heal: 9000, components }]);
  });
});
