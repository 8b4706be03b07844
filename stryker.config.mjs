// Mutation testing of the gossip core and the checkers, against the fast unit tests only (scripts/mutate); never part of `make test` or CI.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  // history.ts, record.ts and results.ts in checking/ are zod schemas with no logic to mutate.
  mutate: ["src/engine/**/*.ts", "src/datatypes/**/*.ts", "src/sim/checking/set-full.ts", "src/sim/checking/set-walk.ts", "src/sim/checking/set-read.ts", "src/sim/checking/stats.ts", "src/sim/checking/reasons.ts"],
  coverageAnalysis: "perTest",
  // Two cores, shared with other work: one test runner at a time.
  concurrency: 1,
  // On top of timeoutFactor x the covering tests' own time: a mutant that makes a loop endless dies
  // in seconds, while an honest run slowed by load still has room.
  timeoutMS: 1_500,
  // Mutants of code that runs only at import (constants, the profiles' literals) would need every
  // test file re-imported per mutant, which the shared module graph (vitest.mutate.config.ts) does not do.
  ignoreStatic: true,
  // Re-runs only the mutants whose code or covering tests changed; store/ is git-ignored.
  incremental: true,
  incrementalFile: "store/mutation/incremental.json",
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "store/mutation/report.json" },
  tempDirName: ".stryker-tmp",
  // The bench's runs (store/, with its `latest` symlink to a directory) are no input to the tests.
  ignorePatterns: ["/store"],
  cleanTempDir: true,
};
