import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    // better-sqlite3 is a native module: forks isolate it more safely than threads.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
