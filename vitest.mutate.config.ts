// The fast unit tests of the core and the checker: what each mutant is run against (stryker.config.mjs).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/core.test.ts",
      "test/checker.test.ts",
      "test/broadcast/*.test.ts",
      "test/engine/*.test.ts",
      "test/datatypes/*.test.ts",
      "test/protocol/exact-values.test.ts",
    ],
    testTimeout: 60_000,
  },
});
