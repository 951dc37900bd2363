#!/usr/bin/env node
/**
 * Builds the command line into out/cli: src/cli/main.ts and what it imports as
 * one ES module, with each command's code in a chunk loaded only when that
 * command runs; npm packages stay in node_modules. Running the bundle starts in
 * a fraction of the time tsx takes to transpile the TypeScript on every run.
 *
 *   node scripts/build-cli.mjs             build
 *   node scripts/build-cli.mjs --if-stale  build only when a source is newer than the bundle (npm run matriz, pretest)
 *
 * Works offline: esbuild is a local devDependency.
 */
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const outdir = path.join(root, "out", "cli");
const entry = path.join(outdir, "main.js");

/** The newest modification time among the sources the bundle is made from. */
function newestSource() {
  let newest = Math.max(fs.statSync(path.join(root, "package.json")).mtimeMs, fs.statSync(import.meta.filename).mtimeMs);
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(path.join(root, "src"));
  return newest;
}

function isStale() {
  try {
    return fs.statSync(entry).mtimeMs < newestSource();
  } catch {
    return true;
  }
}

if (!process.argv.includes("--if-stale") || isStale()) {
  const { build } = await import("esbuild");
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { main: "src/cli/main.ts" },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    // better-sqlite3 is native, exceljs and xlsx are large CommonJS: all packages load from node_modules.
    packages: "external",
    chunkNames: "chunks/[name]-[hash]",
    legalComments: "none",
    logLevel: "warning",
  });
}
