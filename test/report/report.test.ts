// The run report and the comparison page, in a headless browser when one exists.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USAGE_EXIT } from "../../src/cli/kit.ts";
import { historySchema } from "../../src/sim/checking/history.ts";
import { netRecordSchema } from "../../src/store/net-recorder.ts";
import { readSetFullResults } from "../../src/store/run-dir.ts";

const root = resolve(import.meta.dirname, "..", "..");
const simulate = join(root, "scripts", "simulate");
const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
// CI installs Chromium, so there a missing browser is a failure, never a quiet skip.
if (!haveChromium && process.env.CI) throw new Error(`report.test: ${CHROMIUM} is missing in CI (apt-get install chromium)`);
if (!haveChromium) console.warn(`report.test: ${CHROMIUM} is missing (apt-get install chromium); skipping the browser checks`);

const work = mkdtempSync(join(tmpdir(), "report-test-"));
let context: BrowserContext | undefined;

function bench(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(simulate, args, { cwd: work, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runBench(seed: number, store: string, workload = "broadcast", bin = "flood.mjs", extra: string[] = []): string {
  const r = bench([
    "test", "-w", workload, "--bin", join(root, "reference-nodes", bin),
    "--node-count", "3", "--time-limit", "3", "--rate", "20", "--recovery", "1", "--seed", String(seed), "--store", store, ...extra,
  ]);
  expect(r.status, r.stderr).toBe(0);
  const report = /^report: (.+)$/m.exec(r.stdout)?.[1];
  expect(report, r.stdout).toBeDefined();
  return report as string;
}

/** Opens a file in a fresh page, failing the test on any console error or failed request. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  if (!context) throw new Error("no browser");
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("request", (r) => {
    if (!r.url().startsWith("file://")) problems.push(`network request: ${r.url()}`);
  });
  await page.goto(`file://${path}`, { waitUntil: "load" });
  // The run report draws its views once its packed data is unpacked.
  if (path.endsWith("report.html")) await page.waitForSelector("body[data-ready]");
  return { page, problems };
}

const attr = (page: Page, selector: string, name = "data-value"): Promise<string | null> => page.locator(selector).first().getAttribute(name);

function expectPng(path: string): void {
  const png = readFileSync(path);
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  // A blank page compresses to a few kB; a drawn report is far larger.
  expect(png.length).toBeGreaterThan(30_000);
}

describe("run report", () => {
  let reportA = "";
  let reportB = "";

  beforeAll(async () => {
    reportA = runBench(7, join(work, "a"));
    reportB = runBench(8, join(work, "b"));
    if (!haveChromium) return;
    context = await chromium.launchPersistentContext(mkdtempSync(join(work, "chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
      viewport: { width: 1280, height: 900 },
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("writes a self-contained report.html into the run directory", () => {
    const html = readFileSync(reportA, "utf8");
    expect(reportA).toBe(join(resolve(reportA, ".."), "report.html"));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    // Nothing to fetch: no scripts, stylesheets, images or fonts from elsewhere; its own script is inline.
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link|<img|@import|url\(\s*["']?(https?:|\/\/)|\bfetch\(|XMLHttpRequest/i);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(statSync(reportA).size).toBeLessThan(1_000_000);
    // Client-visible latency, by op.
    for (const f of ["broadcast", "read"]) expect(html).toContain(`data-client-latency="${f}"`);
  });

  it("shows an isolation's visibility figures, as results.json has them", () => {
    // A node that never resends loses the values it took while cut off: an invalid run, whose visibility counts all the same.
    const r = bench([
      "test", "-w", "broadcast", "--bin", join(root, "reference-nodes", "flood.mjs"), "--node-count", "4", "--time-limit", "3", "--rate", "20",
      "--recovery", "1", "--seed", "3", "--store", join(work, "isolate"), "--nemesis", "isolate", "--isolate-from", "1", "--isolate-until", "2",
    ]);
    expect(r.status, r.stderr).toBe(1);
    const report = /^report: (.+)$/m.exec(r.stdout)?.[1] ?? "";
    const results = readSetFullResults(join(resolve(report, ".."), "results.json"));
    const v = results.visibility;
    expect(v).toBeDefined();
    const html = readFileSync(report, "utf8");
    const value = (metric: string): string | undefined => new RegExp(`data-metric="${metric}" data-value="([^"]*)"`).exec(html)?.[1];
    expect(html).toContain('id="visibility"');
    expect(value("visibility-unseen-count")).toBe(String(v?.["unseen-count"]));
    expect(value("visibility-seen-count")).toBe(String(v?.["seen-count"]));
    expect(value("visibility-0.5")).toBe(String(v?.latencies?.["0.5"] ?? ""));
    expect(readFileSync(reportA, "utf8")).not.toContain('id="visibility"');
  });

  it("--no-report writes none", () => {
    const store = join(work, "none");
    const r = bench(["test", "--bin", join(root, "reference-nodes", "flood.mjs"), "--node-count", "1", "--time-limit", "1", "--rate", "5", "--recovery", "0", "--seed", "1", "--store", store, "--no-report"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^report:/m);
    const [dir] = readdirSync(join(store, "broadcast"));
    expect(existsSync(join(store, "broadcast", dir as string, "report.html"))).toBe(false);
  });

  it.skipIf(!haveChromium)("shows the run's results.json figures in a real browser", async () => {
    const results = readSetFullResults(join(resolve(reportA, ".."), "results.json"));
    const { page, problems } = await open(reportA);
    const num = async (metric: string): Promise<number> => Number(await attr(page, `[data-metric="${metric}"]`));
    expect(await attr(page, '[data-metric="valid"]')).toBe(String(results.valid));
    expect(await num("lost-count")).toBe(results.workload["lost-count"]);
    expect(await num("stale-count")).toBe(results.workload["stale-count"]);
    expect(await num("msgs-per-op-servers")).toBe(results.net.servers["msgs-per-op"]);
    expect(await num("msgs-per-op-all")).toBe(results.net.all["msgs-per-op"]);
    const lat = results.workload["stable-latencies"];
    expect(lat).toBeDefined();
    for (const q of ["0", "0.5", "0.95", "0.99", "1"] as const) expect(await num(`latency-${q}`)).toBe(lat?.[q]);
    // The figure shown is the figure carried, to the summary's two places.
    expect((await page.locator('[data-metric="msgs-per-op-servers"]').innerText()).trim()).toBe(results.net.servers["msgs-per-op"].toFixed(2));
    for (const id of ["summary", "latency", "over-time", "traffic", "sequence", "operations"]) expect(await page.locator(`#${id} svg, #${id} .card`).count()).toBeGreaterThan(0);
    const shot = join(work, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    expectPng(shot);
    expect(problems).toEqual([]);
    await page.close();
  });

  it.skipIf(!haveChromium)("the message window moves over the whole run, shows client messages on request and a body on hover", async () => {
    const dir = resolve(reportA, "..");
    const net = netRecordSchema.array().parse(JSON.parse(readFileSync(join(dir, "net.json"), "utf8")));
    const { page, problems } = await open(reportA);
    const drawn = (): Promise<string[]> => page.locator("#diagram g.msg").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-i") ?? ""));
    // One lifeline per node; only node-to-node messages until clients are asked for.
    expect(await page.locator("#diagram .life").count()).toBe(3);
    const first = await drawn();
    expect(first.length).toBeGreaterThan(0);
    expect(await page.locator("#diagram g.msg.client").count()).toBe(0);
    const moveTo = (ms: number): Promise<void> =>
      page.locator("#win-start").evaluate((input, v) => {
        (input as HTMLInputElement).value = String(v);
        input.dispatchEvent(new Event("input"));
      }, ms);
    await moveTo(2000);
    expect(await attr(page, "#diagram svg", "data-from")).toBe("2000");
    const later = await drawn();
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter((i) => first.includes(i))).toEqual([]);
    await page.locator("#show-clients").check();
    expect(await page.locator("#diagram g.msg.client").count()).toBeGreaterThan(0);
    expect(await page.locator("#diagram .life").count()).toBe(4);
    // The topmost arrow takes the pointer; its tooltip carries a body net.json recorded.
    await page.locator("#diagram g.msg").last().hover();
    const tip = page.locator("#tip");
    await expect.poll(() => tip.isVisible()).toBe(true);
    const text = await tip.innerText();
    expect(text).toMatch(/^[nc]\d+ → [nc]\d+ /);
    expect(net.some(([, , src, dest, , body]) => body !== undefined && text.includes(`${src} → ${dest}`) && text.includes(body))).toBe(true);
    await page.locator("#show-clients").uncheck();
    expect(await page.locator("#diagram g.msg.client").count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it.skipIf(!haveChromium)("draws a latency mark and a timeline bar per operation, one row per worker, and links every node's log", async () => {
    const dir = resolve(reportA, "..");
    const history = historySchema.parse(JSON.parse(readFileSync(join(dir, "history.json"), "utf8")));
    const done = history.filter((op) => op.type !== "invoke");
    const { page, problems } = await open(reportA);
    expect(await page.locator("#latency-raw circle.mark").count()).toBe(done.length);
    expect(await page.locator("#latency-raw circle.o0").count()).toBe(done.filter((op) => op.type === "ok").length);
    expect(await page.locator("#worker-rows rect.op").count()).toBe(done.length);
    // --concurrency 1n on 3 nodes: three workers, so three rows of bars.
    const rows = await page.locator("#worker-rows rect.op").evaluateAll((rs) => new Set(rs.map((r) => r.getAttribute("y"))).size);
    expect(rows).toBe(3);
    const links = await page.locator("#node-logs a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(links).toEqual(["node-logs/n0.log", "node-logs/n1.log", "node-logs/n2.log"]);
    for (const href of links) expect(existsSync(join(dir, href))).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it.skipIf(!haveChromium)("works for every other workload, partitions shaded", async () => {
    const runs: [string, string, string[]][] = [
      ["g-set", "g-set.mjs", []],
      ["g-counter", "counter-gossip.mjs", ["--nemesis", "partition", "--nemesis-interval", "1"]],
      ["pn-counter", "counter-gossip.mjs", []],
      ["echo", "echo.mjs", []],
      ["unique-ids", "unique-ids.mjs", []],
    ];
    for (const [workload, bin, extra] of runs) {
      const report = runBench(3, join(work, workload), workload, bin, extra);
      expect(statSync(report).size).toBeLessThan(1_000_000);
      const { page, problems } = await open(report);
      expect(await page.locator("#latency-raw circle.mark").count(), workload).toBeGreaterThan(0);
      expect(await page.locator("#worker-rows rect.op").count(), workload).toBeGreaterThan(0);
      if (extra.length > 0) expect(await page.locator("#latency-raw rect.part").count(), workload).toBeGreaterThan(0);
      expect(problems, workload).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it.skipIf(!haveChromium)("compares runs side by side", async () => {
    const dirA = resolve(reportA, "..");
    const dirB = resolve(reportB, "..");
    const out = join(work, "compare.html");
    const r = bench(["compare", dirA, join(dirB, "results.json"), "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`report: ${out}`);
    const { page, problems } = await open(out);
    for (const [i, dir] of [dirA, dirB].entries()) {
      const results = readSetFullResults(join(dir, "results.json"));
      const row = `#runs tbody tr:nth-child(${i + 1})`;
      const label = String(await attr(page, row, "data-run"));
      expect(dir.endsWith(label.split(" · ").at(-1) ?? "")).toBe(true);
      expect(label).toMatch(new RegExp(`^flood\\.mjs seed ${7 + i} · `));
      expect(await attr(page, `${row} [data-metric="preset-pass"]`)).toBe("");
      expect(await attr(page, `${row} [data-metric="valid"]`)).toBe(String(results.valid));
      expect(Number(await attr(page, `${row} [data-metric="msgs-per-op-servers"]`))).toBe(results.net.servers["msgs-per-op"]);
      expect(Number(await attr(page, `${row} [data-metric="latency-0.5"]`))).toBe(results.workload["stable-latencies"]?.["0.5"]);
      expect(Number(await attr(page, `${row} [data-metric="lost-count"]`))).toBe(results.workload["lost-count"]);
    }
    expect(await page.locator("#cdf path[stroke]").count()).toBe(2);
    expect(await page.locator("#tradeoff circle").count()).toBe(2);
    const shot = join(work, "compare.png");
    await page.screenshot({ path: shot, fullPage: true });
    expectPng(shot);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("compare refuses a path that is not a run", () => {
    const r = bench(["compare", work, "--out", join(work, "x.html")]);
    expect(r.status).toBe(USAGE_EXIT);
    expect(r.stderr).toMatch(/not a run directory/);
  });
});
