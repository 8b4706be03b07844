// Runtime benchmark: one read_ok of 100,000 values through the core and the writer, against JSON.stringify of the array.
import { Writable } from "node:stream";
import { profiles } from "../../engine/config.ts";
import { GossipNode } from "../../engine/node.ts";
import type { InboundMessage } from "../../protocol/messages.ts";
import { median } from "../../report/median.ts";
import { Writer } from "../../runtime/writer.ts";
import { progress, series, type Bench, type Row } from "./common.ts";

/** A sink that takes every write at once, so both sides pay the same string-to-bytes encoding and nothing else. */
function nullSink(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

/**
 * One `read` through the core and the writer, as the main loop does it, with 100,000 values in
 * the set and a broadcast just before (so no cache from an earlier read applies), against writing
 * the same array once with JSON.stringify into the same sink. Both are timed until the sink has
 * taken the bytes, since the writer leaves the writing to a later turn of the event loop. This
 * runs in this process on this checkout's code; `--node` does not apply to it.
 */
export async function measureRead({ runs }: Bench): Promise<Row[]> {
  const size = 100_000;
  const perRun = 30;
  const core = new GossipNode({ config: profiles.default });
  const msg = (body: InboundMessage["body"]): { kind: "message"; message: InboundMessage } => ({
    kind: "message",
    message: { src: "c1", dest: "n0", body },
  });
  core.handle(msg({ type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] }), 0);
  for (let i = 0; i < size; i++) core.handle(msg({ type: "broadcast", msg_id: i + 2, message: String(i) }), 0);
  const sink = nullSink();
  const writer = new Writer(sink);
  const array = core.read().map(Number);

  const nodeRead = async (i: number): Promise<number> => {
    core.handle(msg({ type: "broadcast", msg_id: 1e9 + i, message: String(size + i) }), 0);
    const started = performance.now();
    for (const out of core.handle(msg({ type: "read", msg_id: 2e9 + i }), 0)) writer.send(out);
    await writer.flush();
    return performance.now() - started;
  };
  const bareWrite = async (): Promise<number> => {
    const started = performance.now();
    await new Promise((done) => sink.write(JSON.stringify(array), done));
    return performance.now() - started;
  };
  // Warm both paths up so that neither pays for compilation in the timed runs.
  for (let i = 0; i < 10; i++) {
    await nodeRead(-1 - i);
    await bareWrite();
  }
  const node: number[] = [];
  const bare: number[] = [];
  let k = 0;
  for (let r = 0; r < runs; r++) {
    const n: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < perRun; i++) {
      n.push(await nodeRead(k++));
      b.push(await bareWrite());
    }
    node.push(median(n));
    bare.push(median(b));
  }
  const ratio = median(node) / median(bare);
  progress(`read_ok: node ${series(node, (x) => x.toFixed(2))} ms, bare ${series(bare, (x) => x.toFixed(2))} ms`);
  return [
    {
      measurement: "`read_ok` with 100,000 values: core and writer, after a broadcast",
      node: `${median(node).toFixed(2)} ms`,
      baseline: `${median(bare).toFixed(2)} ms (\`JSON.stringify\` of the array, written)`,
      ratio,
      goal: "≤ 2",
      met: ratio <= 2,
    },
  ];
}

