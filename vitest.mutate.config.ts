// The fast unit tests of the core and the checkers (no processes, no real time): what each mutant is run against (stryker.config.mjs).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/engine/*.test.ts",
      "test/datatypes/*.test.ts",
      "test/sim/checking/*.test.ts",
      "test/protocol/exact-values.test.ts",
    ],
    testTimeout: 60_000,
  },
});
