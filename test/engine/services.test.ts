// Each workload's client side on its own: a write of another workload's kind is refused with why, and changes nothing.
import { describe, expect, it } from "vitest";
import { makeService } from "../../src/engine/services.ts";

describe("a service", () => {
  it("of a set refuses an add that carries a delta, and keeps nothing of it", () => {
    for (const name of ["broadcast", "g-set"] as const) {
      const service = makeService(name);
      expect(service.write({ type: "add", delta: 5 }, "n1", 0)).toEqual({ refused: "an add to a set carries an element" });
      if (name === "broadcast") expect(service.write({ type: "broadcast", message: "7" }, "n1", 0)).toEqual({ ok: "broadcast_ok" });
      else expect(service.write({ type: "add", element: "7" }, "n1", 0)).toEqual({ ok: "add_ok" });
      // Values are JSON texts, written out as they are.
      expect(service.read()).toEqual(name === "broadcast" ? { type: "read_ok", messages: ["7"] } : { type: "read_ok", value: ["7"] });
    }
  });

  it("of a counter refuses a broadcast and an add that carries an element, and keeps nothing of them", () => {
    const service = makeService("counter");
    for (const body of [{ type: "broadcast", message: "5" }, { type: "add", element: "5" }] as const) {
      expect(service.write(body, "n1", 0)).toEqual({ refused: "an add to a counter carries a delta" });
    }
    expect(service.write({ type: "add", delta: 3 }, "n1", 0)).toEqual({ ok: "add_ok" });
    expect(service.read()).toEqual({ type: "read_ok", value: 3 });
  });

});
