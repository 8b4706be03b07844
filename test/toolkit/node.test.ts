// The library's state machine on hand-fed events: init, refusals, RPC replies and timeouts, timers and nextDue.
import { describe, expect, it } from "vitest";
import { createNode, echoBody, MaelstromError, readBody, z, type AnyMaelstromMessage, type RpcResult } from "maelstrom-kit";

const init = (id = "n0", ids = ["n0", "n1"]): AnyMaelstromMessage => ({ src: "c0", dest: id, body: { type: "init", msg_id: 1, node_id: id, node_ids: ids } });
const msg = (body: AnyMaelstromMessage["body"], src = "c1", dest = "n0"): { kind: "message"; message: AnyMaelstromMessage } => ({ kind: "message", message: { src, dest, body } });

describe("createNode", () => {
  it("answers init, refuses what it cannot serve with Maelstrom's codes, and turns MaelstromError into an error reply", () => {
    const warnings: string[] = [];
    const core = createNode({ state: () => ({}) })
      .on(echoBody, (m, ctx) => ctx.reply({ type: "echo_ok", echo: m.body.echo }))
      .on(readBody, () => {
        throw new MaelstromError(20, "no such key");
      })
      .create({ warn: (w) => warnings.push(w) });
    expect(core.handle(msg({ type: "echo", msg_id: 2, echo: 1 }), 0)[0]?.body).toMatchObject({ type: "error", code: 11, in_reply_to: 2 });
    expect(core.handle({ kind: "message", message: init() }, 0)).toEqual([{ src: "n0", dest: "c0", body: { type: "init_ok", in_reply_to: 1 } }]);
    expect(core.handle(msg({ type: "echo", msg_id: 3, echo: "x" }), 1)[0]?.body).toEqual({ type: "echo_ok", echo: "x", in_reply_to: 3 });
    expect(core.handle(msg({ type: "echo", msg_id: 4 }), 1)).toHaveLength(1);
    expect(core.handle(msg({ type: "echo", msg_id: "x" as unknown as number }), 1)[0]?.body).toMatchObject({ code: 12 });
    expect(core.handle(msg({ type: "nope", msg_id: 5 }), 1)[0]?.body).toMatchObject({ code: 10, text: 'unsupported message type "nope"' });
    expect(core.handle(msg({ type: "read", msg_id: 6 }), 1)[0]?.body).toEqual({ type: "error", code: 20, text: "no such key", in_reply_to: 6 });
    expect(core.handle(msg({ type: "echo", msg_id: 7, echo: 1 }, "c1", "n9"), 1)[0]?.body).toMatchObject({ code: 1 });
    expect(core.handle(msg({ type: "nope" }), 1)).toEqual([]);
    expect(warnings).toEqual(['unsupported message type "nope" (nope from c1); dropped']);
  });

  it("keeps an RPC's deadline in nextDue, and calls back once: with the reply, or with a timeout", () => {
    const results: RpcResult[] = [];
    const core = createNode({ state: () => ({ asked: 0 }) })
      .on(z.object({ type: z.literal("ask"), msg_id: z.number() }), (_m, ctx) => {
        ctx.state.asked++;
        ctx.rpc("n1", { type: "ping" }, 100, (result) => results.push(result));
      })
      .create({ warn: () => {} });
    core.handle({ kind: "message", message: init() }, 0);
    expect(core.nextDue()).toBe(Number.POSITIVE_INFINITY);
    const [first] = core.handle(msg({ type: "ask", msg_id: 2 }), 10);
    expect(first).toEqual({ src: "n0", dest: "n1", body: { type: "ping", msg_id: 1 } });
    expect(core.nextDue()).toBe(110);
    core.handle(msg({ type: "ping_ok", in_reply_to: 1 }, "n1"), 50);
    expect(results).toEqual([{ ok: true, reply: { src: "n1", dest: "n0", body: { type: "ping_ok", in_reply_to: 1 } } }]);
    expect(core.nextDue()).toBe(Number.POSITIVE_INFINITY);
    core.handle(msg({ type: "ask", msg_id: 3 }), 200);
    core.handle({ kind: "tick" }, 299);
    expect(results).toHaveLength(1);
    core.handle({ kind: "tick" }, 300);
    expect(results[1]).toMatchObject({ ok: false, code: 0 });
    // The late reply finds nothing waiting and is dropped quietly.
    expect(core.handle(msg({ type: "ping_ok", in_reply_to: 2 }, "n1"), 301)).toEqual([]);
    expect(results).toHaveLength(2);
    expect(core.state.asked).toBe(2);
  });

  it("runs timers from init on, once per tick however late, and lets a task replace the state", () => {
    const core = createNode({ state: () => 0 })
      .every(100, (ctx) => {
        ctx.state += 1;
      })
      .create({ warn: () => {} });
    core.handle({ kind: "tick" }, 500);
    expect(core.state).toBe(0);
    core.handle({ kind: "message", message: init() }, 1000);
    expect(core.nextDue()).toBe(1100);
    core.handle({ kind: "tick" }, 1099);
    core.handle({ kind: "tick" }, 1350);
    expect(core.state).toBe(1);
    expect(core.nextDue()).toBe(1400);
  });
});
