#!/usr/bin/env node
/**
 * better-sqlite3 is a native module compiled for one runtime at a time: plain
 * Node (tests, CLI, benchmarks) or Electron (the app). This script makes sure the
 * compiled module in node_modules matches the runtime about to start, keeping one
 * build per runtime in node_modules/.cache so switching is a file copy, and
 * rebuilding only when neither cached build loads.
 *
 *   node scripts/native-runtime.mjs node|electron [--quiet]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
const [target = "node", ...flags] = process.argv.slice(2);
const quiet = flags.includes("--quiet");
const say = (text) => quiet || console.log(`[native-runtime] ${text}`);

if (target !== "node" && target !== "electron") {
  console.error(`[native-runtime] unknown runtime "${target}": use node or electron`);
  process.exit(64);
}

const moduleDir = path.dirname(require.resolve("better-sqlite3/package.json"));
const binary = path.join(moduleDir, "build", "Release", "better_sqlite3.node");
const version = JSON.parse(fs.readFileSync(path.join(moduleDir, "package.json"), "utf8")).version;
const probe = "const D=require('better-sqlite3');const d=new D(':memory:');d.prepare('select 1').get();d.close()";

function electronBinary() {
  try {
    return require("electron"); // the package exports the path of the downloaded binary
  } catch (error) {
    return null;
  }
}

function runtimeCommand() {
  if (target === "node") return { cmd: process.execPath, env: process.env };
  const electron = electronBinary();
  if (!electron || !fs.existsSync(electron)) {
    console.error(
      "[native-runtime] The Electron binary is not installed (node_modules/electron has no dist).\n" +
        "  Run `npm install` on a machine with internet access so Electron can download it.\n" +
        "  Tests and the CLI do not need it: `npm test`, `npm run matriz -- …`.",
    );
    process.exit(1);
  }
  return { cmd: electron, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } };
}

const runtime = runtimeCommand();

function abi() {
  const result = spawnSync(runtime.cmd, ["-p", "process.versions.modules"], { env: runtime.env, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "unknown";
}

function loads() {
  const result = spawnSync(runtime.cmd, ["-e", probe], { cwd: root, env: runtime.env, encoding: "utf8" });
  return result.status === 0;
}

const cacheDir = path.join(root, "node_modules", ".cache", "matriz-native", `better-sqlite3-${version}`, `${target}-abi${abi()}`);
const cached = path.join(cacheDir, "better_sqlite3.node");

function remember() {
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.copyFileSync(binary, cached);
}

if (fs.existsSync(binary) && loads()) {
  if (!fs.existsSync(cached)) remember();
  say(`better-sqlite3 ready for ${target}`);
  process.exit(0);
}

// Before replacing a Node build with Electron's, keep it so `npm test` can switch back by copying.
if (target === "electron" && fs.existsSync(binary)) {
  const underNode = spawnSync(process.execPath, ["-e", probe], { cwd: root, encoding: "utf8" });
  if (underNode.status === 0) {
    const nodeCache = path.join(path.dirname(cacheDir), `node-abi${process.versions.modules}`);
    fs.mkdirSync(nodeCache, { recursive: true });
    fs.copyFileSync(binary, path.join(nodeCache, "better_sqlite3.node"));
    say("kept the Node build of better-sqlite3 for tests and the CLI");
  }
}

if (fs.existsSync(cached)) {
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.copyFileSync(cached, binary);
  if (loads()) {
    say(`better-sqlite3 switched to the cached ${target} build`);
    process.exit(0);
  }
}

say(`rebuilding better-sqlite3 for ${target} (a minute or two, once)…`);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const rebuild =
  target === "node"
    ? spawnSync(npm, ["rebuild", "better-sqlite3"], { cwd: root, stdio: "inherit", env: process.env, shell: process.platform === "win32" })
    : spawnSync(npm, ["exec", "--", "electron-builder", "install-app-deps"], {
        cwd: root,
        stdio: "inherit",
        // node-gyp must use Electron's headers here, never Node's.
        env: { ...process.env, npm_config_nodedir: "" },
        shell: process.platform === "win32",
      });
if (rebuild.status !== 0 || !loads()) {
  console.error(`[native-runtime] could not build better-sqlite3 for ${target}; see the output above.`);
  process.exit(1);
}
remember();
say(`better-sqlite3 built for ${target}`);
