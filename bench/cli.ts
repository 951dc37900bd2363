/**
 * The command line's start-up: `matriz templates` run by the built CLI (out/cli,
 * see scripts/build-cli.mjs), wall time from spawning Node to its exit, median
 * of several runs; `npm run` itself is not counted. Node's own start-up (`node -e 0`)
 * is measured side by side, so a busy machine shows as both figures rising.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Benchmark } from "./suite";

const ROOT = path.resolve(import.meta.dirname, "..");
const RUNS = 15;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeRuns(args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LANG: "es_GT.UTF-8" } });
    samples.push(performance.now() - start);
    if (run.status !== 0) throw new Error(`${args.join(" ")} failed: ${run.stderr}`);
  }
  return Number(median(samples).toFixed(1));
}

export const cliBenchmarks: Benchmark[] = [
  {
    name: "cli.startup",
    run() {
      const built = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build-cli.mjs"), "--if-stale"], { cwd: ROOT, encoding: "utf8" });
      if (built.status !== 0) throw new Error(`building the CLI failed: ${built.stderr}`);
      const cli = timeRuns([path.join(ROOT, "out", "cli", "main.js"), "templates"]);
      const node = timeRuns(["-e", "0"]);
      return [
        { name: "cli.startup", value: cli, unit: "ms" },
        { name: "cli.startup.node-alone", value: node, unit: "ms" },
      ];
    },
  },
];
