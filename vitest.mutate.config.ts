// The fast unit tests of the core and the checkers (no processes, no real time): what each mutant is run against (stryker.config.mjs).
import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Stryker stops a mutant's run at its first failing test, so the order decides the cost: files that
 * failed last time (they likely kill the next mutant of the same code) first, then the quickest.
 * Vitest's own order runs the longest first, which suits parallel workers, not one bailing runner.
 */
class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const last = (spec: TestSpecification) => this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(root, spec.moduleId)}`);
    const size = (spec: TestSpecification) => this.ctx.cache.getFileStats(`${spec.project.name}:${relative(root, spec.moduleId)}`)?.size ?? 0;
    return [...files].sort((a, b) => {
      const [ra, rb] = [last(a), last(b)];
      if (Boolean(ra?.failed) !== Boolean(rb?.failed)) return ra?.failed ? -1 : 1;
      if (ra && rb) return ra.duration - rb.duration;
      return size(a) - size(b);
    });
  }
}

export default defineConfig({
  test: {
    include: [
      "test/engine/*.test.ts",
      "test/datatypes/*.test.ts",
      "test/sim/checking/*.test.ts",
      "test/protocol/exact-values.test.ts",
    ],
    // Whole simulated runs (25 nodes for seconds of virtual time) and the 80 MiB backlog: each takes
    // seconds and covers nearly every engine mutant, so it would be paid by every survivor. `make test` runs them.
    exclude: ["test/engine/*-run.test.ts"],
    sequence: { sequencer: QuickestFirst },
    // One module graph for every file of a mutant's run: importing it afresh per file cost more than
    // the tests themselves. Safe because Stryker activates a mutant at run time (static mutants,
    // which only a fresh import would apply, are ignored: stryker.config.mjs).
    isolate: false,
    testTimeout: 60_000,
  },
});
