import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createPlanFromDocument } from "../src/app/plans";
import { PlanEditor } from "../src/storage/edits";
import { PlanStore } from "../src/storage/plan-store";
import { largePlanDocument } from "./generate";
import { chartBenchmarks } from "./charts";
import { cliBenchmarks } from "./cli";
import { editorBenchmarks } from "./editor";
import { liveGridBenchmarks } from "./live-grid";
import { reportBenchmarks } from "./reports";
import { spreadsheetBenchmarks } from "./spreadsheet";
import { syncBenchmarks } from "./sync";

export interface Figure {
  name: string;
  value: number;
  unit: string;
}
export interface Benchmark {
  name: string;
  run(): Promise<Figure[]> | Figure[];
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

let cachedLargePlan: string | null = null;
/** The 10,000-action, 50,000-line plan, built once per run. */
export function largePlanFile(): string {
  if (cachedLargePlan && fs.existsSync(cachedLargePlan)) return cachedLargePlan;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-bench-"));
  const file = path.join(dir, "large.matriz");
  createPlanFromDocument(file, largePlanDocument(), { author: "bench", source: "cli" }).close();
  cachedLargePlan = file;
  return file;
}

const sync = syncBenchmarks(largePlanFile);

/** Removes what the run built once for several benchmarks (the large plan, its shared copy); run.ts calls it in a finally. */
export function cleanupBenchmarks(): void {
  sync.cleanup();
  if (cachedLargePlan) fs.rmSync(path.dirname(cachedLargePlan), { recursive: true, force: true });
  cachedLargePlan = null;
}

export const benchmarks: Benchmark[] = [
  {
    name: "plan.create-large",
    run() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-bench-"));
      const doc = largePlanDocument();
      const start = performance.now();
      createPlanFromDocument(path.join(dir, "p.matriz"), doc, { author: "bench", source: "cli" }).close();
      const ms = performance.now() - start;
      fs.rmSync(dir, { recursive: true, force: true });
      return [{ name: "plan.create-large", value: round(ms), unit: "ms" }];
    },
  },
  {
    name: "plan.open",
    run() {
      const file = largePlanFile();
      const start = performance.now();
      const store = PlanStore.open(file);
      const opened = performance.now();
      const doc = store.document();
      const read = performance.now();
      const json = JSON.stringify(doc);
      const serialised = performance.now();
      store.close();
      return [
        { name: "plan.open.file", value: round(opened - start), unit: "ms" },
        { name: "plan.open.document", value: round(read - opened), unit: "ms" },
        { name: "plan.open.serialise", value: round(serialised - read), unit: "ms" },
        { name: "plan.open.document-size", value: round(json.length / 1e6), unit: "MB" },
      ];
    },
  },
  {
    name: "edit.commit",
    run() {
      const store = PlanStore.open(largePlanFile());
      const editor = new PlanEditor(store, (label) => ({ author: "bench", source: "typed", label }));
      const ids = (store.db.prepare("SELECT id FROM action ORDER BY random() LIMIT 500").all() as Array<{ id: string }>).map((r) => r.id);
      const samples: number[] = [];
      ids.forEach((id, i) => {
        const start = performance.now();
        editor.setActionText(id, `Texto editado en vivo ${i}`);
        samples.push(performance.now() - start);
      });
      store.close();
      return [
        { name: "edit.commit.p50", value: round(percentile(samples, 50), 3), unit: "ms" },
        { name: "edit.commit.p99", value: round(percentile(samples, 99), 3), unit: "ms" },
      ];
    },
  },
  {
    name: "edit.paste-1000",
    run() {
      const store = PlanStore.open(largePlanFile());
      const editor = new PlanEditor(store, (label) => ({ author: "bench", source: "typed", label }));
      const need = (store.db.prepare("SELECT id FROM need LIMIT 1").get() as { id: string }).id;
      const rows = Array.from({ length: 1000 }, (_, i) => [`Acción pegada ${i}`, "DGM/IGM, MINEX", "2018, 2019"]);
      const start = performance.now();
      editor.pasteBlock({ actionIds: [], columns: ["action", "institutions", "schedule"], rows, appendToNeed: need });
      const ms = performance.now() - start;
      store.close();
      return [{ name: "edit.paste-1000", value: round(ms), unit: "ms" }];
    },
  },
  ...reportBenchmarks(largePlanFile),
  ...spreadsheetBenchmarks,
  ...editorBenchmarks(largePlanFile),
  ...chartBenchmarks(largePlanFile),
  ...sync.benchmarks,
  ...liveGridBenchmarks,
  ...cliBenchmarks,
];
