// The star overlay's bookkeeping at its edges: when it falls due and when not, re-probing a suspected peer that talks again, the ends of a follow, who counts as patient.
import { describe, expect, it } from "vitest";
import { StarOverlay } from "../../src/engine/overlay.ts";
import { LIMIT, TIMEOUT, answer, ids, nothing, overlay, timing, values } from "./overlay-fixtures.ts";

const sorted = (o: StarOverlay): string[] => [...o.targets()].sort();

describe("the star overlay's schedule", () => {
  it("is not due again for what changes nothing: a healthy hub's traffic, an answer never asked for, a non-hub asked, an unknown id", () => {
    const leaf = overlay("n3");
    leaf.update(0);
    expect(leaf.nextDue()).toBe(Number.POSITIVE_INFINITY);
    leaf.heard("n0", nothing, 100);
    leaf.heard("n0", answer, 200);
    leaf.heard("n0", values, 300);
    leaf.asked("n4", 400);
    leaf.heard("n9", values, 500);
    leaf.asked("n9", 500);
    leaf.heard("n1", answer, 600);
    expect(leaf.nextDue()).toBe(Number.POSITIVE_INFINITY);
    // Values from a smaller id make it due: it is followed. An answer is no push, and the node never follows itself.
    leaf.heard("n3", values, 700);
    leaf.heard("n2", values, 700);
    expect(leaf.nextDue()).toBe(Number.NEGATIVE_INFINITY);
    leaf.update(700);
    expect(sorted(leaf)).toEqual(["n0", "n2"]);
    // Before it is due, an update changes nothing, not even a follow that has run out.
    expect(leaf.update(700 + LIMIT + 1)).toEqual({ probes: [], changed: false });
    expect(sorted(leaf)).toEqual(["n0", "n2"]);
  });

  it("puts a hub's deadline where its answer is overdue, recomputed at each update, and suspects it only past it", () => {
    const leaf = overlay("n3");
    leaf.update(0);
    leaf.asked("n0", 100);
    // Values from the hub are no answer: it may push without hearing us.
    leaf.heard("n0", values, 300);
    leaf.heard("n1", values, 400);
    leaf.update(400);
    expect(leaf.nextDue()).toBe(100 + LIMIT + 1);
    leaf.heard("n2", values, 100 + LIMIT);
    leaf.update(100 + LIMIT);
    expect(leaf.hub()).toBe("n0");
    leaf.update(100 + LIMIT + 1);
    expect(leaf.hub()).toBe("n1");
  });

  it("gives the group's first id a leaf's ackMax of patience, and a stand-in hub none", () => {
    const hub = overlay("n0");
    hub.update(0);
    hub.asked("n2", 100);
    hub.asked("n3", 90);
    hub.heard("n3", answer, 100);
    hub.update(100);
    expect(hub.nextDue()).toBe(100 + LIMIT + timing.ackMax + 1);
    const standIn = overlay("n1");
    standIn.update(0);
    standIn.asked("n0", 0);
    standIn.update(LIMIT + 1);
    expect(standIn.hub()).toBe("n1");
    // Its members answer the probes it sent as it took over; then n2 is asked again and stays silent.
    for (const id of ["n2", "n3", "n4"]) standIn.heard(id, answer, 790);
    standIn.asked("n2", 800);
    standIn.update(800);
    standIn.update(LIMIT + 1 + 500);
    expect(standIn.nextDue()).toBe(800 + LIMIT + 1);
    standIn.update(800 + LIMIT + 1);
    expect(sorted(standIn)).toEqual(["n3", "n4"]);
  });

  it(`keeps ${32} nodes a flat star`, () => {
    const many = Array.from({ length: 32 }, (_, i) => `n${i}`);
    const hub = overlay("n0", many);
    hub.update(0);
    expect(hub.targets().size).toBe(31);
  });
});

describe("a suspected peer that talks again", () => {
  it("is asked at once once a timeout has passed since its last probe, not sooner", () => {
    const leaf = overlay("n1");
    leaf.update(0);
    leaf.asked("n0", 0);
    expect(leaf.update(LIMIT + 10).probes).toContain("n0");
    // As stand-in hub it probed its members too; they answer.
    for (const id of ["n2", "n3", "n4"]) leaf.heard(id, answer, LIMIT + 20);
    leaf.update(LIMIT + 20);
    const second = LIMIT + 10 + 500;
    expect(leaf.update(second).probes).toEqual(["n0"]);
    // The backoff is now rtoMax: the next probe would wait until second + 1000.
    leaf.heard("n0", nothing, second + 100);
    expect(leaf.update(second + 100)).toEqual({ probes: [], changed: false });
    leaf.heard("n0", nothing, second + TIMEOUT);
    expect(leaf.update(second + TIMEOUT).probes).toEqual(["n0"]);
  });
});

describe("a follow", () => {
  it("lasts a round and a timeout after the last push, and a follow traded for another is a change", () => {
    const n3 = overlay("n3");
    n3.update(0);
    n3.heard("n1", values, 1000);
    n3.update(1000);
    expect(sorted(n3)).toEqual(["n0", "n1"]);
    n3.asked("n0", 1710);
    n3.heard("n0", answer, 1000 + LIMIT);
    n3.update(1000 + LIMIT);
    expect(sorted(n3)).toEqual(["n0", "n1"]);
    n3.heard("n2", values, 1000 + LIMIT + 1);
    expect(n3.update(1000 + LIMIT + 1)).toEqual({ probes: [], changed: true });
    expect(sorted(n3)).toEqual(["n0", "n2"]);
  });
});

describe("a newly chosen hub", () => {
  it("is not probed again while it already owes an answer, nor are ids below it", () => {
    const leaf = overlay("n3");
    leaf.update(0);
    leaf.asked("n0", 0);
    expect(leaf.update(LIMIT + 1).probes).toEqual(["n0", "n1", "n2"]);
    leaf.heard("n2", answer, 800);
    leaf.update(800);
    leaf.asked("n2", 900);
    // n1 is silent too: n2 takes over, still awaited since 900.
    const moved = leaf.update(2 * LIMIT + 2);
    expect(leaf.hub()).toBe("n2");
    expect(moved).toEqual({ probes: ["n0", "n1"], changed: true });
  });
});
