// The fast path agrees with zod on valid, mutated and foreign input.
/**
 * The hand-written fast path must never disagree with the zod schemas: whatever it accepts, zod
 * accepts with the same result, and whatever zod refuses, it leaves to zod. Checked on a seeded
 * corpus of valid messages and of mutations of them.
 */
import { describe, expect, it } from "vitest";
import { decodeLine, decodeValue } from "../../src/protocol/decode.ts";
import { fastInbound } from "../../src/protocol/fast-path.ts";
import { Rng } from "../../src/sim/world/rng.ts";

type Json = number | string | boolean | null | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const strange: readonly unknown[] = [
  undefined, null, true, false, 0, -0, 1, -1, 1.5, 2 ** 53 - 1, 2 ** 53, 2 ** 60, -(2 ** 53), 1e300, Number.NaN, Infinity,
  "", "x", "5", "broadcast", "read", "gossip", "init", [], [1], [1, "a", null], [[1]], [{ a: 1 }], {}, { a: 1 }, { type: "read" },
];

function scalar(rng: Rng): Json {
  switch (rng.int(6)) {
    case 0:
      return rng.int(1_000_000);
    case 1:
      return `v${rng.int(1000)}`;
    case 2:
      return rng.int(2) === 0;
    case 3:
      return null;
    case 4:
      return -rng.int(1000) - 0.5;
    default:
      return 2 ** 53 - 1 - rng.int(3);
  }
}

function composite(rng: Rng): Json {
  return rng.int(2) ? [scalar(rng), scalar(rng)] : { k: scalar(rng), n: [scalar(rng)] };
}

/** A valid body of one of the hot types, or of a type the fast path leaves alone. */
function validBody(rng: Rng): Obj {
  const msgId = rng.int(10) === 0 ? 0 : rng.int(1_000_000);
  switch (rng.int(9)) {
    case 6:
      return { type: "add", msg_id: msgId, element: rng.int(4) ? scalar(rng) : composite(rng) };
    case 7:
      return { type: "add", ...(rng.int(4) && { msg_id: msgId }), delta: rng.int(10) - 5 };
    case 8: {
      const values = Array.from({ length: rng.int(3) }, () => [`n${rng.int(5)}`, rng.int(100), rng.int(100)]);
      const pulls = rng.pick<Obj>([{}, { pull: rng.int(9) }, { pulled: rng.int(9) }]);
      return { type: "gossip", start: 0, end: values.length, values, ack: rng.int(9), serves: rng.pick(["g-set", "counter"]), ...pulls };
    }
    case 0:
      return { type: "broadcast", msg_id: msgId, message: scalar(rng) };
    case 1:
      return { type: "broadcast", message: rng.int(4) ? scalar(rng) : composite(rng) };
    case 2:
      return { type: "read", msg_id: msgId };
    case 3: {
      const start = rng.int(100);
      const values = Array.from({ length: rng.int(6) }, () => (rng.int(8) ? scalar(rng) : composite(rng)));
      return { type: "gossip", start, end: start + values.length, values, ack: rng.int(100), ...(rng.int(4) === 0 && { gap: true }), ...(rng.int(4) === 0 && { probe: true }) };
    }
    case 4: {
      // Up to 40 nodes, so that some init lines are too long for the scanner-free path.
      const ids = Array.from({ length: 1 + rng.int(40) }, (_, i) => `n${i}`);
      return { type: "init", msg_id: msgId, node_id: rng.pick(ids), node_ids: ids };
    }
    default:
      return { type: "topology", msg_id: msgId, topology: { n0: ["n1"] } };
  }
}

/** One random change: a field dropped, replaced by something strange, added, or the body or envelope damaged. */
function mutate(rng: Rng, envelope: Obj): unknown {
  const body = { ...(envelope.body as Obj) };
  const keys = Object.keys(body);
  const pick = <T>(xs: readonly T[]): T => rng.pick(xs);
  // Earlier mutations may have emptied the body; then only additions apply.
  switch (keys.length ? rng.int(7) : 2) {
    case 0:
      delete body[pick(keys)];
      break;
    case 1:
      body[pick(keys)] = pick(strange) as Json;
      break;
    case 2:
      body[pick(["extra", "msg_id", "in_reply_to", "message", "element", "delta", "serves", "gap", "pull", "pulled", "probe", "values", "__proto__"])] = pick(strange) as Json;
      break;
    case 3:
      if (Array.isArray(body.values)) body.values = [...body.values, pick(strange) as Json];
      else if (Array.isArray(body.node_ids)) body.node_ids = rng.int(2) ? [...body.node_ids, pick(strange) as Json] : [];
      else body.type = pick(["broadcast", "read", "gossip", "Read", "broadcast_ok", ""]);
      break;
    case 4:
      return { ...envelope, [pick(["src", "dest"])]: pick(strange) };
    case 5: {
      const { [pick(["src", "dest", "body"])]: _dropped, ...rest } = envelope;
      return rest;
    }
    default:
      return { ...envelope, body: pick(strange) };
  }
  return { ...envelope, body };
}

function isObj(x: unknown): x is Obj {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Agreement on one value: undefined from the fast path is always allowed, anything else must be zod's answer. */
function agree(raw: unknown): "fast" | "zod" {
  // Through JSON, as the node sees it: undefined fields vanish, NaN and Infinity become null.
  const text = JSON.stringify(raw);
  const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
  // Values replaced by their texts, as the decoder does before either path runs.
  if (isObj(parsed) && isObj(parsed.body)) {
    const body = parsed.body;
    if (Object.hasOwn(body, "message")) body.message = JSON.stringify(body.message);
    if (Object.hasOwn(body, "element")) body.element = JSON.stringify(body.element);
    if (Array.isArray(body.values)) body.values = body.values.map((v) => JSON.stringify(v));
  }
  const fast = fastInbound(parsed);
  if (fast === undefined) return "zod";
  const reference = decodeValue(parsed);
  expect(reference.kind, text).toBe("message");
  if (reference.kind === "message") expect(fast, text).toStrictEqual(reference.message);
  return "fast";
}

describe("the fast path agrees with zod", () => {
  it("on valid messages, and handles every hot one itself, whatever its values", () => {
    const rng = new Rng(61);
    let fast = 0;
    for (let i = 0; i < 5000; i++) {
      const body = validBody(rng);
      const raw = { src: `c${rng.int(5)}`, dest: "n0", body };
      const hot = ["broadcast", "add", "read", "gossip", "init"].includes(body.type as string);
      const who = agree(raw);
      expect(who, JSON.stringify(raw)).toBe(hot ? "fast" : "zod");
      if (who === "fast") fast++;
    }
    expect(fast).toBeGreaterThan(2500);
  });

  it("on seeded mutations of valid messages", () => {
    const rng = new Rng(62);
    const seen = { fast: 0, zod: 0 };
    for (let i = 0; i < 20_000; i++) {
      let raw: unknown = { src: "c1", dest: "n0", body: validBody(rng) };
      for (let k = 1 + rng.int(3); k > 0 && isObj(raw); k--) raw = mutate(rng, raw);
      seen[agree(raw)]++;
    }
    // Both sides of the split are exercised, not just one.
    expect(seen.fast).toBeGreaterThan(1000);
    expect(seen.zod).toBeGreaterThan(5000);
  });

  it("on init, valid and invalid, through decodeLine as the node reads it", () => {
    const line = (body: Obj) => JSON.stringify({ src: "c1", dest: "n0", body });
    const valid: Obj[] = [
      { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] },
      { type: "init", msg_id: 0, node_id: "n3", node_ids: ["n0", "n1", "n2", "n3", "n4"], extra: { a: [1] } },
      { type: "init", msg_id: 2 ** 53 - 1, node_id: "n1", node_ids: Array.from({ length: 50 }, (_, i) => `n${i}`) },
    ];
    const invalid: Obj[] = [
      { type: "init", node_id: "n0", node_ids: ["n0"] },
      { type: "init", msg_id: -1, node_id: "n0", node_ids: ["n0"] },
      { type: "init", msg_id: 1.5, node_id: "n0", node_ids: ["n0"] },
      { type: "init", msg_id: 2 ** 53, node_id: "n0", node_ids: ["n0"] },
      { type: "init", msg_id: "1", node_id: "n0", node_ids: ["n0"] },
      { type: "init", msg_id: 1, node_ids: ["n0"] },
      { type: "init", msg_id: 1, node_id: "", node_ids: ["n0"] },
      { type: "init", msg_id: 1, node_id: 0, node_ids: ["n0"] },
      { type: "init", msg_id: 1, node_id: "n0" },
      { type: "init", msg_id: 1, node_id: "n0", node_ids: [] },
      { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0", ""] },
      { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0", 1] },
      { type: "init", msg_id: 1, node_id: "n0", node_ids: "n0" },
      { type: "init", msg_id: 1, node_id: "n0", node_ids: { n0: true } },
    ];
    for (const body of valid) {
      expect(agree({ src: "c1", dest: "n0", body }), line(body)).toBe("fast");
      const decoded = decodeLine(line(body));
      expect(decoded, line(body)).toStrictEqual(decodeValue(JSON.parse(line(body))));
      expect(decoded.kind).toBe("message");
    }
    for (const body of invalid) {
      expect(fastInbound(JSON.parse(line(body))), line(body)).toBeUndefined();
      const decoded = decodeLine(line(body));
      expect(decoded, line(body)).toStrictEqual(decodeValue(JSON.parse(line(body))));
      expect(decoded.kind, line(body)).toBe("invalid");
    }
  });

  it("on values that are not envelopes at all", () => {
    for (const raw of strange) expect(agree(raw)).toBe("zod");
  });

  it("keeps decodeLine's refusals and their error replies", () => {
    const bad = decodeLine(JSON.stringify({ src: "c1", dest: "n0", body: { type: "broadcast", msg_id: 7 } }));
    expect(bad).toMatchObject({ kind: "invalid", reply: { body: { type: "error", in_reply_to: 7, code: 12 } } });
    const extra = decodeLine(JSON.stringify({ src: "c1", dest: "n0", body: { type: "read", msg_id: 3, junk: [1] }, extra: 1 }));
    expect(extra).toStrictEqual({ kind: "message", message: { src: "c1", dest: "n0", body: { type: "read", msg_id: 3 } } });
  });
});
