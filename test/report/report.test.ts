// The run report and the comparison page, in a headless browser when one exists.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USAGE_EXIT } from "../../src/cli/kit.ts";
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

function runBench(seed: number, store: string): string {
  const r = bench([
    "test", "-w", "broadcast", "--bin", join(root, "reference-nodes", "flood.mjs"),
    "--node-count", "3", "--time-limit", "3", "--rate", "20", "--recovery", "1", "--seed", String(seed), "--store", store,
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
    // Nothing to fetch: no scripts, stylesheets, images or fonts from elsewhere.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(\s*["']?(https?:|\/\/)/i);
    expect(statSync(reportA).size).toBeLessThan(1_000_000);
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
    for (const id of ["summary", "latency", "over-time", "traffic", "sequence"]) expect(await page.locator(`#${id} svg, #${id} .card`).count()).toBeGreaterThan(0);
    // One lifeline per node, and arrows for node-to-node messages.
    expect(await page.locator("#sequence .life").count()).toBe(3);
    const arrows = await page.locator("#sequence line[stroke]").count();
    expect(arrows).toBeGreaterThan(0);
    expect(arrows).toBeLessThanOrEqual(results.net.servers["msg-count"]);
    const shot = join(work, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    expectPng(shot);
    expect(problems).toEqual([]);
    await page.close();
  });

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
