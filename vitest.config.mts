import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    // better-sqlite3 is a native module: forks isolate it more safely than threads.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // A live workshop started by any test listens on 127.0.0.1 only and never announces or looks on the network (no multicast).
    env: { MATRIZ_LIVE_BIND: "127.0.0.1", MATRIZ_LIVE_DISCOVERY: "off" },
  },
});
