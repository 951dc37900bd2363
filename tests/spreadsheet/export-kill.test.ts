/**
 * A kill during export (issue 10): a workbook under its final name must always
 * have its export record, or its return would be refused; and no temporary
 * file may outlive the next export. A child process exports in a loop and is
 * killed at the two worst moments, then at random moments in a bounded loop
 * (the seed is printed so a failure can be replayed).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { parseManifest } from "../../src/spreadsheet/layout";
import { PlanStore } from "../../src/storage/plan-store";
import { REPO_ROOT } from "../helpers/temp";
import { financePlan } from "./fixture";

const SCRIPT = path.join(REPO_ROOT, "tests", "fixtures-scripts", "export-loop.ts");

/** Runs the export loop; kills it after `delayMs` once it is ready (or lets it kill itself). Resolves when it is gone. */
function exportLoop(plan: string, out: string, options: { killAt?: string; delayMs?: number }): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, plan, out], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, KILL_AT: options.killAt ?? "" },
    });
    const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      if (options.delayMs !== undefined && chunk.toString().includes("ready")) setTimeout(() => child.kill("SIGKILL"), options.delayMs);
    });
    child.on("exit", () => {
      clearTimeout(guard);
      child.stdout.destroy();
      resolve();
    });
  });
}

/** The export id written in a workbook's hidden manifest. */
function exportIdOf(file: string): string {
  const book = XLSX.read(fs.readFileSync(file));
  for (const name of book.SheetNames) {
    for (const cell of Object.values(book.Sheets[name]!)) {
      const manifest = typeof cell === "object" && cell && "v" in cell ? parseManifest(String((cell as XLSX.CellObject).v)) : null;
      if (manifest) return manifest.export;
    }
  }
  throw new Error(`no manifest in ${file}`);
}

/** What a kill may never leave: a workbook under its final name whose export the plan does not record. */
function expectWorkbookRecorded(plan: string, out: string, context: string) {
  if (!fs.existsSync(out)) return;
  const store = PlanStore.open(plan);
  const record = store.db.prepare("SELECT id FROM export_record WHERE id = ?").get(exportIdOf(out));
  store.close();
  expect(record, `${context}: ${path.basename(out)} has no export record`).toBeDefined();
}

const temps = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith(".tmp"));

/** A later export to the folder leaves no temporary file behind, its own or a dead one's. */
async function expectTempsCleanedByNextExport(plan: string, dir: string, context: string) {
  const store = PlanStore.open(plan);
  await exportFinanceWorkbook(store.db, path.join(dir, "later.xlsx"), { institution: "DGM/IGM" });
  store.close();
  expect(temps(dir), context).toEqual([]);
}

describe("a kill during export", () => {
  it("never leaves a workbook without its record, at the worst moments", { timeout: 120_000 }, async () => {
    for (const killAt of ["after-rename", "before-rename"]) {
      const { store, file: plan, dir } = financePlan();
      store.close();
      const out = path.join(dir, "dgm.xlsx");
      await exportLoop(plan, out, { killAt });
      expect(fs.existsSync(out) || temps(dir).length > 0, `${killAt}: the export had started`).toBe(true);
      expectWorkbookRecorded(plan, out, killAt);
      // Opening the plan in that folder sweeps it already.
      PlanStore.open(plan).close();
      expect(temps(dir), `${killAt}: after opening the plan`).toEqual([]);
      await expectTempsCleanedByNextExport(plan, dir, killAt);
    }
  });

  it("never leaves a workbook without its record, killed at random moments", { timeout: 300_000 }, async () => {
    const seed = Number(process.env.MATRIZ_KILL_SEED ?? Date.now() % 100_000);
    let state = seed;
    const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const { store, file: plan, dir } = financePlan();
    store.close();
    const out = path.join(dir, "dgm.xlsx");
    for (let run = 0; run < 10; run++) {
      const context = `seed ${seed} (MATRIZ_KILL_SEED=${seed} replays it), run ${run}`;
      await exportLoop(plan, out, { delayMs: Math.floor(random() * 600) });
      expectWorkbookRecorded(plan, out, context);
    }
    await expectTempsCleanedByNextExport(plan, dir, `seed ${seed}`);
  });
});
