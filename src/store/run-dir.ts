import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Maelstrom's store layout: store/<test>/<timestamp>/ per run and store/latest pointing at the
 * newest one.
 */
export function makeRunDir(root: string, test: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "");
  let dir = join(root, test, stamp);
  for (let n = 1; existsSync(dir); n++) dir = join(root, test, `${stamp}-${n}`);
  mkdirSync(dir, { recursive: true });
  const latest = join(root, "latest");
  rmSync(latest, { force: true, recursive: false });
  symlinkSync(relative(root, dir), latest);
  return dir;
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}
