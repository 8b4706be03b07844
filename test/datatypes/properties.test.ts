// Every data type is a join-semilattice with sound deltas: merge commutative, associative, idempotent; delta then merge equals a full merge.
import { describe, expect, it } from "vitest";
import { GCounter, PNCounter } from "../../src/datatypes/counter.ts";
import { LOCAL, NOBODY, type DeltaState } from "../../src/datatypes/delta-state.ts";
import { GrowOnlySet } from "../../src/datatypes/grow-only-set.ts";
import { LwwMap } from "../../src/datatypes/lww-map.ts";
import { Rng } from "../../src/sim/world/rng.ts";

/** A data type under test: how to make one, one random local write, and what a read shows. */
interface Subject {
  name: string;
  make(): DeltaState;
  write(s: DeltaState, rng: Rng, writer: string, now: number): void;
  read(s: DeltaState): unknown;
}

function as<T>(s: DeltaState, kind: new () => T): T {
  if (!(s instanceof kind)) throw new Error(`expected a ${kind.name}`);
  return s;
}

const subjects: Subject[] = [
  {
    name: "grow-only set",
    make: () => new GrowOnlySet(),
    write: (s, rng, _w, now) => void as(s, GrowOnlySet).add(String(rng.int(30)), LOCAL, now),
    read: (s) => [...as(s, GrowOnlySet).all()].sort(),
  },
  {
    name: "g-counter",
    make: () => new GCounter(),
    write: (s, rng, w, now) => expect(as(s, GCounter).add(w, rng.int(5), now)).toBeUndefined(),
    read: (s) => as(s, GCounter).value(),
  },
  {
    name: "pn-counter",
    make: () => new PNCounter(),
    write: (s, rng, w, now) => expect(as(s, PNCounter).add(w, rng.int(10) - 5, now)).toBeUndefined(),
    read: (s) => as(s, PNCounter).value(),
  },
  {
    name: "lww map",
    make: () => new LwwMap(),
    write: (s, rng, w, now) => void as(s, LwwMap).put(`k${rng.int(5)}`, { value: JSON.stringify(rng.int(100)), timestamp: rng.int(20), writer: w }, now),
    read: (s) => as(s, LwwMap).snapshot(),
  },
];

/** The whole state as its elements' texts, in a canonical order: two states are equal when these are. */
function full(s: DeltaState): string[] {
  return s.delta(0, s.version, NOBODY, Number.POSITIVE_INFINITY).values.slice().sort();
}

function join(subject: Subject, ...states: DeltaState[]): DeltaState {
  const out = subject.make();
  states.forEach((s, i) => expect(out.merge(full(s), i, 0)).toBeUndefined());
  return out;
}

function replica(subject: Subject, rng: Rng, writer: string): DeltaState {
  const s = subject.make();
  for (let i = rng.int(12); i > 0; i--) subject.write(s, rng, rng.int(4) ? writer : `n${rng.int(5)}`, i);
  return s;
}

function same(subject: Subject, a: DeltaState, b: DeltaState): void {
  expect(full(a)).toEqual(full(b));
  expect(subject.read(a)).toEqual(subject.read(b));
}

const SEEDS = 200;

describe.each(subjects)("$name", (subject) => {
  it("merges commutatively, associatively and idempotently", () => {
    const rng = new Rng(12);
    for (let seed = 0; seed < SEEDS; seed++) {
      const [a, b, c] = ["n0", "n1", "n2"].map((w) => replica(subject, rng, w)) as [DeltaState, DeltaState, DeltaState];
      same(subject, join(subject, a, b), join(subject, b, a));
      same(subject, join(subject, join(subject, a, b), c), join(subject, a, join(subject, b, c)));
      same(subject, join(subject, a, a), join(subject, a));
      const merged = join(subject, a, b);
      expect(merged.merge(full(b), 1, 0)).toBeUndefined();
      same(subject, merged, join(subject, a, b));
    }
  });

  it("a delta since the acknowledged position, merged, gives what the full state gives", () => {
    const rng = new Rng(13);
    for (let seed = 0; seed < SEEDS; seed++) {
      const a = replica(subject, rng, "n0");
      const b = replica(subject, rng, "n1");
      // b takes a's state (a is b's peer 0), a takes b's up to b's version now.
      b.merge(full(a), 0, 0);
      const acked = b.version;
      a.merge(full(b), 1, 0);
      // a writes on, and b hears of it after the acknowledged point: those changes are a's own.
      for (let i = rng.int(4); i > 0; i--) subject.write(a, rng, "n0", 50 + i);
      b.merge(full(a), 0, 0);
      for (let i = rng.int(8); i > 0; i--) subject.write(b, rng, rng.int(2) ? "n1" : "n3", 100 + i);
      b.merge(full(replica(subject, rng, "n2")), 2, 0);
      const viaFull = join(subject, a, b);
      const viaDelta = join(subject, a);
      // Changes that came from a itself are left out, as the engine does: a has them already.
      viaDelta.merge(b.delta(acked, b.version, 0, Number.POSITIVE_INFINITY).values, 1, 0);
      same(subject, viaDelta, viaFull);
    }
  });

  it("bounded deltas, one after another, add up to the whole state", () => {
    const rng = new Rng(14);
    for (let seed = 0; seed < SEEDS; seed++) {
      const b = replica(subject, rng, "n1");
      const into = subject.make();
      let messages = 0;
      for (let from = 0; from < b.version; messages++) {
        const { values, end } = b.delta(from, b.version, NOBODY, 1 + rng.int(40));
        expect(end).toBeGreaterThan(from);
        expect(values.length).toBeGreaterThan(0);
        into.merge(values, 0, 0);
        from = b.nextChange(end, b.version, NOBODY);
      }
      expect(messages).toBeLessThanOrEqual(b.size);
      same(subject, into, b);
    }
  });

  it("positions only grow, and every held element sits at one below the version", () => {
    const rng = new Rng(15);
    const s = replica(subject, rng, "n0");
    let seen = 0;
    for (let p = s.nextChange(0, s.version, NOBODY); p < s.version; p = s.nextChange(p + 1, s.version, NOBODY)) seen++;
    expect(seen).toBe(s.size);
    expect(s.bytesBetween(0, s.version)).toBe(full(s).reduce((n, t) => n + Buffer.byteLength(t) + 1, 0));
  });
});
