import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The examples import the library by its package name, as a user's node would.
  resolve: { alias: { "maelstrom-kit": fileURLToPath(new URL("./src/toolkit/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
