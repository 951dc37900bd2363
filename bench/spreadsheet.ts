/**
 * Finance round-trip benchmarks: exporting one institution's workbook from the
 * 10,000-action plan, and previewing then merging 100 returned workbooks of 100
 * actions and 300 budget lines each. (A daff yardstick was planned; daff is not
 * installed here, so it is skipped.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as XLSX from "xlsx";
import { createPlanFromDocument } from "../src/app/plans";
import type { PlanDocument } from "../src/domain/document";
import { importReturnedFile } from "../src/spreadsheet/apply";
import { buildFinanceWorkbook, exportFinanceWorkbook } from "../src/spreadsheet/export";
import { PlanStore } from "../src/storage/plan-store";
import { largePlanDocument } from "./generate";
import type { Benchmark } from "./suite";

const round = (n: number) => Number(n.toFixed(2));

/** 100 institutions, each leading 100 actions with a line per year 2018-2020. */
function institutionsPlan(): PlanDocument {
  const doc = largePlanDocument(10_000, 0);
  let n = 0;
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      for (const action of need.actions) {
        const institution = `UDAF-${String(n % 100).padStart(3, "0")}`;
        action.institutions = [institution];
        action.lead = institution;
        action.budget_lines = [2018, 2019, 2020].map((year) => ({ institution, year, amount: 1000 + n + year, currency: "GTQ", funding_source: "national_budget" as const, pei: `PEI-${n % 7}` }));
        n++;
      }
    }
  }
  return doc;
}

/** A planner's return: a third of the amounts changed, one PEI rewritten per ten rows. */
function fillReturned(source: string, target: string) {
  const book = XLSX.read(fs.readFileSync(source));
  const sheet = book.Sheets[book.SheetNames[1]!]!;
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: null });
  const keys = (rows[0] as string[]).map(String);
  const amount = keys.indexOf("amount:2019");
  const pei = keys.indexOf("pei");
  rows.forEach((row, r) => {
    if (r < 2 || !row[keys.indexOf("action_id")]) return;
    if (r % 3 === 0) sheet[XLSX.utils.encode_cell({ r, c: amount })] = { t: "n", v: 5000 + r };
    if (r % 10 === 0) sheet[XLSX.utils.encode_cell({ r, c: pei })] = { t: "s", v: `PEI nuevo ${r}` };
  });
  fs.writeFileSync(target, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
}

export const spreadsheetBenchmarks: Benchmark[] = [
  {
    name: "spreadsheet.export-institution",
    async run() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-bench-sheet-"));
      const store = createPlanFromDocument(path.join(dir, "large.matriz"), largePlanDocument(), { author: "bench", source: "cli" });
      await buildFinanceWorkbook(store.db, { institution: "INST-01" }); // warm-up
      const start = performance.now();
      const made = await exportFinanceWorkbook(store.db, path.join(dir, "inst.xlsx"), { institution: "INST-00" });
      const ms = performance.now() - start;
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return [
        { name: "spreadsheet.export-institution", value: round(ms), unit: "ms" },
        { name: "spreadsheet.export-institution.rows", value: made.rows, unit: "rows" },
      ];
    },
  },
  {
    name: "spreadsheet.merge-100",
    async run() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-bench-sheet-"));
      const store = createPlanFromDocument(path.join(dir, "p.matriz"), institutionsPlan(), { author: "bench", source: "cli" });
      const files: string[] = [];
      for (let i = 0; i < 100; i++) {
        const exported = path.join(dir, `e${i}.xlsx`);
        await exportFinanceWorkbook(store.db, exported, { institution: `UDAF-${String(i).padStart(3, "0")}`, spareRows: 0 });
        const returned = path.join(dir, `r${i}.xlsx`);
        fillReturned(exported, returned);
        files.push(returned);
      }
      const start = performance.now();
      let changed = 0;
      for (const file of files) {
        importReturnedFile(store.db, file, { author: "bench", dryRun: true });
        changed += importReturnedFile(store.db, file, { author: "bench" }).preview.counts.changed;
      }
      const ms = performance.now() - start;
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
      return [
        { name: "spreadsheet.merge-100", value: round(ms), unit: "ms" },
        { name: "spreadsheet.merge-100.per-file", value: round(ms / files.length), unit: "ms" },
        { name: "spreadsheet.merge-100.lines-changed", value: changed, unit: "lines" },
      ];
    },
  },
];
