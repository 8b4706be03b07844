// A line kept as its encoder's pieces: the same body as the joined line parses to, read fragment by fragment where the encoder cut it so.
import { describe, expect, it } from "vitest";
import { GrowOnlySet } from "../../../src/datatypes/grow-only-set.ts";
import { LOCAL } from "../../../src/datatypes/delta-state.ts";
import { encodePieces } from "../../../src/protocol/encode.ts";
import { LineEnvelope } from "../../../src/sim/world/line-envelope.ts";

function readOk(set: GrowOnlySet, msgId: number): LineEnvelope {
  return new LineEnvelope("n1", "c1", encodePieces({ src: "n1", dest: "c1", body: { type: "read_ok", in_reply_to: msgId, messages: set.all() } as { type: string } }));
}

describe("LineEnvelope", () => {
  it("reads a read_ok's values piece by piece, taking the pieces the previous reply had from it, to the body the whole line parses to", () => {
    const set = new GrowOnlySet();
    let previous: LineEnvelope | undefined;
    let reused = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 7000; i++) set.add(String(round * 7000 + i), LOCAL, 0);
      const reply = readOk(set, round + 1);
      reply.read(previous);
      const fragments = reply.fragments;
      expect(fragments?.field).toBe("messages");
      expect(reply.head).toEqual({ type: "read_ok", messages: [], in_reply_to: round + 1 });
      expect(reply.body).toEqual((JSON.parse(reply.line) as { body: unknown }).body);
      if (previous?.fragments && fragments && previous.pieces[1] === reply.pieces[1]) {
        expect(fragments.values[0]).toBe(previous.fragments.values[0]);
        reused++;
      }
      previous = reply;
    }
    expect(previous?.pieces.length).toBeGreaterThan(4);
    expect(reused).toBeGreaterThan(2);
  });

  it("parses the whole line when its pieces are not whole values, and says when a line is not a message", () => {
    const cut = new LineEnvelope("n1", "c1", ['{"src":"n1","dest":"c1","body":{"type":"read_ok","messages":[', "1,2", "3", "]}}"]);
    cut.read();
    expect(cut.fragments).toBeUndefined();
    expect(cut.body).toEqual({ type: "read_ok", messages: [1, 23] });
    const inString = new LineEnvelope("n1", "c1", ['{"src":"n1","dest":"c1","body":{"type":"read_ok","messages":[', '"a', ',b"', "]}}"]);
    inString.read();
    expect(inString.body).toEqual({ type: "read_ok", messages: ["a,b"] });
    const broken = new LineEnvelope("n1", "c1", ['{"src":"n1","dest":"c1","body":{"type":"read_ok","messages":[', "1,", "]}}"]);
    expect(() => broken.read()).toThrow(/not JSON/);
    const plain = new LineEnvelope("n1", "c1", ['{"src":"n1","dest":"c1","body":{"type":"broadcast_ok","in_reply_to":4}}']);
    plain.read();
    expect([plain.fragments, plain.head]).toEqual([undefined, { type: "broadcast_ok", in_reply_to: 4 }]);
  });
});
