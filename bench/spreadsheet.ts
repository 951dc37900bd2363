/**
 * Finance round-trip benchmarks: exporting one institution's workbook from the
 * 10,000-action plan, and previewing then merging 100 returned workbooks of 100
 * actions and 300 budget lines each. As a yardstick, the same three-way merge of
 * the same tables (base as exported, plan now, returned) is run with daff's
 * Merger in the same run, beside Matriz's own merge of those tables.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import * as XLSX from "xlsx";
import { createPlanFromDocument } from "../src/app/plans";
import type { PlanDocument } from "../src/domain/document";
import { IMPORT_GROUP_MS, importReturnedFile, importReturnedGroup, readReturn } from "../src/spreadsheet/apply";
import { mergeLines } from "../src/spreadsheet/merge";
import { LINE_FIELDS, takeSnapshot, type LineRecord } from "../src/spreadsheet/snapshot";
import { buildFinanceWorkbook, exportFinanceWorkbook } from "../src/spreadsheet/export";
import { PlanStore } from "../src/storage/plan-store";
import { largePlanDocument } from "./generate";
import type { Benchmark } from "./suite";

const round = (n: number) => Number(n.toFixed(2));
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** daff (coopyhx) ships no types; only the parts the yardstick uses. */
interface Daff {
  TableView: new (rows: unknown[][]) => unknown;
  CompareFlags: new () => unknown;
  Merger: new (parent: unknown, local: unknown, remote: unknown, flags: unknown) => { apply(): number };
}
const daff = createRequire(import.meta.url)("daff") as Daff;

/** The three sides of one file's merge, as maps for Matriz and as tables (header + one row per line) for daff. */
interface MergeCase {
  base: Map<string, LineRecord>;
  plan: Map<string, LineRecord>;
  returned: Map<string, LineRecord | null>;
  tables: { base: unknown[][]; plan: unknown[][]; returned: unknown[][] };
}

const HEADER = ["id", "action", "institution", "year", ...LINE_FIELDS];
function table(lines: Map<string, LineRecord>): unknown[][] {
  return [HEADER, ...[...lines].map(([id, l]) => [id, l.actionId, l.institutionId, l.year, ...LINE_FIELDS.map((f) => l.fields[f])])];
}

function mergeCase(store: PlanStore, file: string): MergeCase {
  const read = readReturn(store.db, file, { author: "bench" });
  const base = new Map(Object.entries(read.base.lines));
  const plan = new Map(Object.entries(takeSnapshot(store.db, read.base.institutionId, read.base.language).lines));
  const returned = read.returned.values;
  // The returned table as the institution sees it: the base with its changes.
  const returnedLines = new Map(base);
  for (const [key, value] of returned) {
    if (value === null) returnedLines.delete(key);
    else returnedLines.set(key, value);
  }
  return { base, plan, returned, tables: { base: table(base), plan: table(plan), returned: table(returnedLines) } };
}

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

/** SheetJS's bare read of a file, the yardstick: read it, parse it, every sheet to rows. */
function bareRead(file: string): number {
  const book = XLSX.read(fs.readFileSync(file));
  let rows = 0;
  for (const name of book.SheetNames) rows += XLSX.utils.sheet_to_json(book.Sheets[name]!, { header: 1 }).length;
  return rows;
}

export const spreadsheetBenchmarks: Benchmark[] = [
  {
    // Importing (checked read, merge, apply) 100 returned workbooks of 100 actions × 3 years,
    // against SheetJS's bare read of the same files, side by side in one run. The import
    // goes as the app's does, a group of files per commit; after each group the same files
    // are read bare, so both sides meet the same load on a shared machine. The ratio is
    // the median of five rounds, each into a fresh copy of the plan.
    name: "spreadsheet.import-vs-sheetjs",
    async run() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-bench-sheet-"));
      const planFile = path.join(dir, "p.matriz");
      const store = createPlanFromDocument(planFile, institutionsPlan(), { author: "bench", source: "cli" });
      const files: string[] = [];
      for (let i = 0; i < 100; i++) {
        const exported = path.join(dir, `e${i}.xlsx`);
        await exportFinanceWorkbook(store.db, exported, { institution: `UDAF-${String(i).padStart(3, "0")}`, spareRows: 0 });
        const returned = path.join(dir, `r${i}.xlsx`);
        fillReturned(exported, returned);
        files.push(returned);
      }
      store.close();
      // Wall time is the target; CPU time (every thread of the process) is printed beside it, so
      // time spent waiting (the commit's sync to disk, a busy machine) shows for what it is.
      const rounds: Array<{ importMs: number; bareMs: number; importCpuMs: number; bareCpuMs: number; changed: number }> = [];
      for (let round = 0; round < 5; round++) {
        const copy = path.join(dir, `round${round}.matriz`);
        fs.copyFileSync(planFile, copy);
        const plan = PlanStore.open(copy);
        const work = files.map((file) => ({ path: file, options: { author: "bench" } }));
        let importMs = 0;
        let bareMs = 0;
        let importCpuMs = 0;
        let bareCpuMs = 0;
        let changed = 0;
        for (let done = 0; done < work.length; ) {
          let start = performance.now();
          let cpu = process.cpuUsage();
          const group = importReturnedGroup(plan.db, work.slice(done), () => performance.now() - start < IMPORT_GROUP_MS);
          importMs += performance.now() - start;
          importCpuMs += cpuMs(process.cpuUsage(cpu));
          for (const { outcome, error } of group) {
            if (!outcome) throw error;
            changed += outcome.preview.counts.changed;
          }
          start = performance.now();
          cpu = process.cpuUsage();
          for (const { file } of group) bareRead(file.path);
          bareMs += performance.now() - start;
          bareCpuMs += cpuMs(process.cpuUsage(cpu));
          done += group.length;
        }
        plan.close();
        rounds.push({ importMs, bareMs, importCpuMs, bareCpuMs, changed });
      }
      fs.rmSync(dir, { recursive: true, force: true });
      rounds.sort((a, b) => a.importMs / a.bareMs - b.importMs / b.bareMs);
      const median = rounds[2]!;
      return [
        { name: "spreadsheet.import-vs-sheetjs", value: round(median.importMs / median.bareMs), unit: "x" },
        { name: "spreadsheet.import-vs-sheetjs.best", value: round(rounds[0]!.importMs / rounds[0]!.bareMs), unit: "x" },
        { name: "spreadsheet.import-vs-sheetjs.import", value: round(median.importMs), unit: "ms" },
        { name: "spreadsheet.import-vs-sheetjs.sheetjs-read", value: round(median.bareMs), unit: "ms" },
        { name: "spreadsheet.import-vs-sheetjs.cpu", value: round(median.importCpuMs / median.bareCpuMs), unit: "x" },
        { name: "spreadsheet.import-vs-sheetjs.lines-changed", value: median.changed, unit: "lines" },
      ];
    },
  },
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
      const cases = files.map((file) => mergeCase(store, file));
      const start = performance.now();
      let changed = 0;
      for (const file of files) {
        importReturnedFile(store.db, file, { author: "bench", dryRun: true });
        changed += importReturnedFile(store.db, file, { author: "bench" }).preview.counts.changed;
      }
      const ms = performance.now() - start;
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });

      // The merge alone, on tables already read: Matriz's, then daff's of the very same tables.
      let matrizChanged = 0;
      const mergeStart = performance.now();
      for (const c of cases) matrizChanged += mergeLines(c.base, c.plan, c.returned).ops.filter((o) => o.op === "update").length;
      const mergeMs = performance.now() - mergeStart;
      let daffConflicts = 0;
      const locals = cases.map((c) => c.tables.plan.map((row) => [...row]));
      const daffStart = performance.now();
      for (const [i, c] of cases.entries()) {
        const local = locals[i]!;
        const merger = new daff.Merger(new daff.TableView(c.tables.base), new daff.TableView(local), new daff.TableView(c.tables.returned), new daff.CompareFlags());
        daffConflicts += merger.apply();
      }
      const daffMs = performance.now() - daffStart;
      // What daff's merge changed in the plan's table: the same 6,000 amounts Matriz changes, plus the PEIs.
      let daffCells = 0;
      locals.forEach((local, i) => local.forEach((row, r) => row.forEach((v, k) => (daffCells += v === cases[i]!.tables.plan[r]?.[k] ? 0 : 1))));
      return [
        { name: "spreadsheet.merge-100", value: round(ms), unit: "ms" },
        { name: "spreadsheet.merge-100.per-file", value: round(ms / files.length), unit: "ms" },
        { name: "spreadsheet.merge-100.lines-changed", value: changed, unit: "lines" },
        { name: "spreadsheet.merge-100.merge-only", value: round(mergeMs), unit: "ms" },
        { name: "spreadsheet.merge-100.merge-only.lines-changed", value: matrizChanged, unit: "lines" },
        { name: "spreadsheet.daff-merge", value: round(daffMs), unit: "ms" },
        { name: "spreadsheet.daff-merge.conflicts", value: daffConflicts, unit: "conflicts" },
        { name: "spreadsheet.daff-merge.cells-changed", value: daffCells, unit: "cells" },
      ];
    },
  },
];
