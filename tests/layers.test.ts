import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, tempDir } from "./helpers/temp";

const depcruise = path.join(REPO_ROOT, "node_modules", ".bin", "depcruise");

/** Runs the project's own layering rules over a small tree of files. */
function cruise(files: Record<string, string>) {
  const dir = tempDir("matriz-layers-");
  fs.copyFileSync(path.join(REPO_ROOT, ".dependency-cruiser.cjs"), path.join(dir, ".dependency-cruiser.cjs"));
  fs.copyFileSync(path.join(REPO_ROOT, "tsconfig.base.json"), path.join(dir, "tsconfig.base.json"));
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const folders = ["src", "electron", "renderer"].filter((f) => fs.existsSync(path.join(dir, f)));
  const result = spawnSync(depcruise, [...folders, "--config", ".dependency-cruiser.cjs", "--output-type", "err"], { cwd: dir, encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("layering rules (npm run layers)", () => {
  it("pass on the project itself", () => {
    const result = spawnSync(depcruise, ["src", "electron", "renderer", "--config", ".dependency-cruiser.cjs"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.stdout + result.stderr).toContain("no dependency violations");
    expect(result.status).toBe(0);
  });

  it("fail when the core imports the shell or the UI", () => {
    const result = cruise({
      "src/core.ts": 'import { x } from "../renderer/view";\nexport const y = x;\n',
      "renderer/view.ts": "export const x = 1;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("core-imports-shell-or-ui");
  });

  it("fail when the core imports electron", () => {
    const result = cruise({ "src/core.ts": 'import { app } from "electron";\nexport const y = app;\n' });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("core-imports-ui-or-electron-packages");
  });

  it("fail when the renderer imports Node, Electron or the storage layer", () => {
    const result = cruise({
      "renderer/a.ts": 'import fs from "node:fs";\nexport const a = fs;\n',
      "renderer/b.ts": 'import { ipcRenderer } from "electron";\nexport const b = ipcRenderer;\n',
      "renderer/c.ts": 'import { s } from "../src/storage/store";\nexport const c = s;\n',
      "src/storage/store.ts": "export const s = 1;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("renderer-imports-node");
    expect(result.output).toContain("renderer-imports-electron-or-native");
    expect(result.output).toContain("renderer-imports-core-internals");
  });

  it("fail when anything the app is built from reaches a development tool, even through src/ and a dynamic import", () => {
    const result = cruise({
      "electron/core-process.ts": 'import { exportPdf } from "../src/app/exports";\nexport const run = exportPdf;\n',
      "src/app/exports.ts": 'import { print } from "../reports/pdf";\nexport const exportPdf = print;\n',
      "src/reports/pdf.ts": 'export async function print() {\n  const { chromium } = await import("playwright-core");\n  return chromium;\n}\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("app-reaches-dev-tools");
    // The CLI may use it: only what electron/ reaches is packaged.
    const cli = cruise({ "src/cli/pdf.ts": 'export async function print() {\n  const { chromium } = await import("playwright-core");\n  return chromium;\n}\n' });
    expect(cli.output).toContain("no dependency violations");
  });

  it("allow the renderer the API contract and i18n", () => {
    const result = cruise({
      "renderer/ok.ts": 'import type { X } from "../src/api/contract";\nimport { t } from "../src/i18n/index";\nexport const ok: X = t;\n',
      "src/api/contract.ts": "export type X = number;\n",
      "src/i18n/index.ts": "export const t = 1;\n",
    });
    expect(result.output).toContain("no dependency violations");
    expect(result.status).toBe(0);
  });
});
