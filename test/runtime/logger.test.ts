// The deferred logger: lines logged before pino loads come out in order, with the time they were logged; disabled levels never queue.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/runtime/logger.ts";

const dir = mkdtempSync(join(tmpdir(), "logger-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string): Record<string, unknown>[] =>
  readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("createLogger", () => {
  it("queues lines until pino is loaded, then writes them in order with their own times and bindings", async () => {
    const file = join(dir, "queued.log");
    const log = createLogger("info", "test-node", file);
    const before = Date.now();
    log.info({ step: 1 }, "first");
    log.debug("below the level: never written");
    log.setBindings({ node: "n3" });
    log.warn("second");
    const logged = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Nothing is written before pino loads (PINO_DEFER_MS after creation, or on ready()).
    expect(existsSync(file)).toBe(false);
    const loadedFrom = Date.now();
    await log.ready();
    log.error({ step: 3 }, "third");
    const written = lines(file);
    expect(written.map((l) => [l.msg, l.level, l.node, l.name])).toEqual([
      ["first", 30, undefined, "test-node"],
      ["second", 40, "n3", "test-node"],
      ["third", 50, "n3", "test-node"],
    ]);
    // A queued line keeps the time it was logged, not the time pino was loaded.
    expect(written[0]?.time).toBeGreaterThanOrEqual(before);
    expect(written[1]?.time).toBeLessThanOrEqual(logged);
    expect(written[2]?.time).toBeGreaterThanOrEqual(loadedFrom);
  });

  it("writes synchronously once loaded", async () => {
    const file = join(dir, "sync.log");
    const log = createLogger("debug", "test-node", file);
    await log.ready();
    log.debug({ x: 1 }, "at once");
    expect(lines(file).map((l) => l.msg)).toEqual(["at once"]);
  });
});
