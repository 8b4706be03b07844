// The built node as a process: protocol on stdout, logs on stderr, flags, five nodes together, and the workload it learns.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { JsonValue, WireOutboundMessage as OutboundMessage } from "../../src/protocol/messages.ts";
import pkg from "../../package.json" with { type: "json" };
import { USAGE_EXIT } from "../../src/cli/kit.ts";
import { eventually, NODE_BIN, NodeProcess, requireBuilt } from "../helpers/node-process.ts";


const spawned: NodeProcess[] = [];
function start(args: readonly string[] = [], options: { cwd?: string; bin?: string } = {}): NodeProcess {
  const node = new NodeProcess(args, options);
  spawned.push(node);
  return node;
}

beforeAll(() => requireBuilt());
afterEach(() => {
  for (const node of spawned.splice(0)) node.kill();
});

function readValues(reply: OutboundMessage): readonly JsonValue[] {
  if (reply.body.type !== "read_ok" || !reply.body.messages) throw new Error(`expected read_ok with messages, got ${JSON.stringify(reply)}`);
  return reply.body.messages;
}

describe("one node", () => {
  it("answers init, topology, broadcast and read, without duplicates", async () => {
    const node = start();
    await node.init("n0", ["n0"]);
    expect((await node.request({ type: "topology", topology: { n0: [] } })).body.type).toBe("topology_ok");
    for (const v of [1, 2, 3, 2, 1, "2", { k: [1] }]) {
      const reply = await node.request({ type: "broadcast", message: v });
      expect(reply.body.type).toBe("broadcast_ok");
      expect(reply.src).toBe("n0");
      expect(reply.dest).toBe("c1");
    }
    const values = readValues(await node.request({ type: "read" }));
    expect(values).toHaveLength(5);
    expect(values).toEqual(expect.arrayContaining([1, 2, 3, "2", { k: [1] }]));
    expect(await node.end()).toEqual({ code: 0, signal: null });
    expect(node.violations).toEqual([]);
  });

  it("refuses requests before init with error 11", async () => {
    const node = start();
    for (const body of [{ type: "read" }, { type: "broadcast", message: 1 }, { type: "topology", topology: {} }]) {
      const reply = await node.request(body);
      expect(reply.body).toMatchObject({ type: "error", code: 11 });
    }
    await node.init("n0", ["n0"]);
    // As Maelstrom's broadcast does, topology comes first: it tells the node its workload.
    expect((await node.request({ type: "topology", topology: {} }, "c0")).body.type).toBe("topology_ok");
    expect(readValues(await node.request({ type: "read" }))).toEqual([]);
  });

  it("exits 0 at end of input with every reply flushed", async () => {
    const node = start();
    const requests = [JSON.stringify({ src: "c0", dest: "n0", body: { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] } })];
    for (let i = 0; i < 2000; i++) requests.push(JSON.stringify({ src: "c1", dest: "n0", body: { type: "broadcast", msg_id: 100 + i, message: i } }));
    requests.push(JSON.stringify({ src: "c1", dest: "n0", body: { type: "read", msg_id: 99_999 } }));
    node.child.stdin.end(requests.join("\n"));
    expect(await node.exited).toEqual({ code: 0, signal: null });
    expect(node.violations).toEqual([]);
    expect(node.messages).toHaveLength(2002);
    expect(node.messages.at(-1)?.body).toMatchObject({ type: "read_ok", in_reply_to: 99_999 });
    expect(readValues(node.messages.at(-1) as OutboundMessage)).toHaveLength(2000);
  });

  it("keeps stdout pure at --log-level debug and logs on stderr", async () => {
    const node = start(["--log-level", "debug", "--profile", "mesh"]);
    await node.init("n0", ["n0", "n1"]);
    await node.request({ type: "topology", topology: { n0: ["n1"], n1: ["n0"] } });
    for (let i = 0; i < 20; i++) await node.request({ type: "broadcast", message: i });
    node.write("not json\n");
    await node.request({ type: "read" });
    // Gossip to the absent n1 goes out on stdout too, and must be a protocol message as well.
    await node.waitFor((m) => m.dest === "n1" && m.body.type === "gossip");
    expect(await node.end()).toEqual({ code: 0, signal: null });
    expect(node.violations).toEqual([]);
    expect(node.lines.length).toBeGreaterThan(22);
    expect(node.stderr).toContain('"msg":"received"');
    expect(node.stderr).toContain("ignored an invalid input line");
  });

  it("answers an identical second init again and refuses a different one", async () => {
    const node = start();
    await node.init("n0", ["n0", "n1"]);
    expect((await node.request({ type: "init", node_id: "n0", node_ids: ["n0", "n1"] }, "c0")).body.type).toBe("init_ok");
    expect((await node.request({ type: "init", node_id: "n1", node_ids: ["n0", "n1"] }, "c0")).body).toMatchObject({ type: "error", code: 10 });
    await node.request({ type: "topology", topology: {} }, "c0");
    const read = await node.request({ type: "read" });
    expect(read.src).toBe("n0");
    expect(read.body.type).toBe("read_ok");
  });
});

describe("the executable", () => {
  const run = (args: string[], cwd = tmpdir(), bin = NODE_BIN) => spawnSync(bin, args, { cwd, encoding: "utf8", input: "" });

  it("prints help and the version, exiting 0", () => {
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--gossip-interval");
    expect(help.stdout).toContain("--profile");
    expect(help.stdout).toContain("--log-level");
    const version = run(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it.each([
    [["--bogus"], /unknown option/],
    [["--profile", "fast"], /Allowed choices are default, frugal, pull, mesh/],
    [["--gossip-interval", "0"], /gossip-interval/],
    [["--gossip-interval", "ten"], /gossip-interval/],
    [["--log-level", "loud"], /log-level/],
    [["stray"], /too many arguments/],
  ])("exits 254 with a message for %j", (args, message) => {
    const result = run(args);
    expect(result.status).toBe(USAGE_EXIT);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it("runs from another working directory and through a symlink", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gossip-node-"));
    const link = join(dir, "node-link");
    symlinkSync(NODE_BIN, link);
    expect(run(["--version"], dir, link).stdout.trim()).toBe(pkg.version);
    const node = start([], { cwd: dir, bin: link });
    await node.init("n0", ["n0"]);
    expect(await node.end()).toEqual({ code: 0, signal: null });
    // A relative link to a relative link, as npm and users make them.
    const relativeLink = join(dir, "relative-link");
    symlinkSync(relative(dir, NODE_BIN), relativeLink);
    const chained = join(dir, "sub", "chained-link");
    mkdirSync(dirname(chained));
    symlinkSync(join("..", "relative-link"), chained);
    expect(run(["--version"], tmpdir(), chained).stdout.trim()).toBe(pkg.version);
  });

  it("asks for a build when its bundle is missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "gossip-node-unbuilt-"));
    mkdirSync(join(dir, "bin"));
    copyFileSync(NODE_BIN, join(dir, "bin", "gossip-node"));
    const result = run([], dir, join(dir, "bin", "gossip-node"));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("gossip-node: the bundle dist/gossip-node.cjs is missing; run `make build` first\n");
    expect(result.stdout).toBe("");
  });
});

/** A test-side network: whatever a node sends to a server is handed to that server's stdin. */
function connect(nodes: ReadonlyMap<string, NodeProcess>): void {
  for (const node of nodes.values()) {
    node.onMessage((message) => {
      nodes.get(message.dest)?.send(message);
    });
  }
}

async function cluster(args: readonly string[], topology: Record<string, string[]>): Promise<Map<string, NodeProcess>> {
  const ids = ["n0", "n1", "n2", "n3", "n4"];
  const nodes = new Map(ids.map((id) => [id, start(args)] as const));
  connect(nodes);
  await Promise.all(ids.map((id) => nodes.get(id)?.init(id, ids)));
  await Promise.all(ids.map(async (id) => expect((await nodes.get(id)?.request({ type: "topology", topology }))?.body.type).toBe("topology_ok")));
  return nodes;
}

async function expectEverywhere(nodes: ReadonlyMap<string, NodeProcess>, values: readonly JsonValue[]): Promise<void> {
  for (const [id, node] of nodes) {
    await eventually(
      async () => {
        const seen = readValues(await node.request({ type: "read" }, "c9"));
        return values.every((v) => seen.includes(v)) && seen.length === values.length;
      },
      20_000,
      `${id} to read ${JSON.stringify(values)}`,
    );
  }
}

describe("five nodes", () => {
  const grid = { n0: ["n1", "n3"], n1: ["n0", "n2", "n4"], n2: ["n1"], n3: ["n0", "n4"], n4: ["n1", "n3"] };
  const line = { n0: ["n1"], n1: ["n0", "n2"], n2: ["n1", "n3"], n3: ["n2", "n4"], n4: ["n3"] };

  it("spreads a broadcast to every node with the default profile", async () => {
    const nodes = await cluster([], grid);
    expect((await nodes.get("n3")?.request({ type: "broadcast", message: 7 }))?.body.type).toBe("broadcast_ok");
    expect((await nodes.get("n0")?.request({ type: "broadcast", message: 8 }))?.body.type).toBe("broadcast_ok");
    await expectEverywhere(nodes, [7, 8]);
    for (const node of nodes.values()) expect(node.violations).toEqual([]);
  });

  it("spreads a broadcast along a line topology with --profile mesh", async () => {
    const nodes = await cluster(["--profile", "mesh"], line);
    expect((await nodes.get("n0")?.request({ type: "broadcast", message: 41 }))?.body.type).toBe("broadcast_ok");
    expect((await nodes.get("n4")?.request({ type: "broadcast", message: 42 }))?.body.type).toBe("broadcast_ok");
    await expectEverywhere(nodes, [41, 42]);
    // The mesh profile gossips only along the given line: n0 talks to n1 and nobody else.
    const n0 = nodes.get("n0") as NodeProcess;
    const gossipDests = new Set(n0.messages.filter((m) => m.body.type === "gossip").map((m) => m.dest));
    expect([...gossipDests]).toEqual(["n1"]);
    for (const node of nodes.values()) expect(node.violations).toEqual([]);
  });
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
