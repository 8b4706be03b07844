// Mutation testing of the gossip core and the checker, against the fast unit tests only (scripts/mutate); never part of `make test`.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  mutate: ["src/engine/**/*.ts", "src/datatypes/**/*.ts", "src/sim/checker.ts"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "store/mutation/report.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
