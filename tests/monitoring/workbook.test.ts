/**
 * The monitoring round trip: an institution's workbook for a period, filled in,
 * imported through the same import as the finance workbooks (preview, three-way
 * merge, conflicts, provenance, idempotence, bad files refused whole).
 */
import ExcelJS from "exceljs";
import fs from "node:fs";
import path from "node:path";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { MatrizError } from "../../src/domain/errors";
import { exportMonitoringWorkbook } from "../../src/monitoring/workbook-export";
import { importReturnedFile } from "../../src/spreadsheet/apply";
import { listConflicts, resolveConflict } from "../../src/spreadsheet/conflicts";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanEditor } from "../../src/storage/edits";
import { rowHistory } from "../../src/storage/history";
import type { PlanStore } from "../../src/storage/plan-store";
import { tempDir } from "../helpers/temp";
import { sameReading } from "../spreadsheet/readings";
import { createPlanFromDocument } from "../../src/app/plans";
import { monitoringAddress } from "./addresses";
import { monitoringDocument, monitoringPlan, typed } from "./fixture";

/** Types into the exported workbook as a planner would in Excel (the open cells only) and saves a copy. */
async function fill(file: string, out: string, edits: Array<{ at: { sheet: string; cell: string }; value: string | number | { formula: string } }>) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  for (const edit of edits) {
    const cell = book.getWorksheet(edit.at.sheet)!.getCell(edit.at.cell);
    expect(cell.protection?.locked, `${edit.at.cell} is open`).toBe(false);
    // A formula as Excel saves it: with the result it last computed.
    cell.value = typeof edit.value === "object" ? { formula: edit.value.formula, result: 0 } : edit.value;
  }
  await book.xlsx.writeFile(out);
}

async function exported(store: PlanStore, dir: string, institution = "IGM", period = "2018") {
  const file = path.join(dir, `${institution}-${period}.xlsx`);
  const made = await exportMonitoringWorkbook(store.db, file, { institution, period, language: "es" });
  return { file, made };
}

const action = (store: PlanStore, id: string) => store.document().pillars.flatMap((p) => p.needs.flatMap((n) => n.actions)).find((a) => a.id === id)!;

describe("the monitoring workbook", () => {
  it("has one row per action and per indicator of the institution, status as a dropdown, actual:<period> as the value's key, structure locked, ids hidden", async () => {
    const dir = tempDir();
    const { store } = monitoringPlan(dir);
    const { file, made } = await exported(store, dir);
    // IGM: train (one indicator), protocol (one indicator), offices.
    expect(made.rows).toBe(5);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet("Seguimiento")!;
    const keys = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(keys.slice(0, 12)).toEqual(["pillar", "need", "action", "institutions", "schedule", "indicator", "baseline", "target", "status", "actual:2018", "note", "source"]);
    expect(keys[14]).toContain("matriz-monitoring-return");
    expect(sheet.getRow(1).hidden).toBe(true);
    expect(sheet.getColumn(13).hidden).toBe(true);
    expect((sheet as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 12)).toContain("Valor alcanzado 2018");
    const status = sheet.getCell(monitoringAddress(file, { action: "act-train" }, "status").cell);
    expect(status.value).toBe("En curso");
    expect(status.protection?.locked).toBe(false);
    expect(sheet.getCell(monitoringAddress(file, { action: "act-train" }, "action").cell).protection?.locked).not.toBe(false);
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    expect(validations[status.address]).toMatchObject({ type: "list" });
    const value = sheet.getCell(monitoringAddress(file, { indicator: "ind-delegates" }, "actual:2018").cell);
    expect(value.value).toBe(60);
    expect(sheet.getCell(monitoringAddress(file, { indicator: "ind-delegates" }, "target").cell).value).toBe(120);
    store.close();
  });

  it("brings back status, notes and values reached, with the file as their source, once", async () => {
    const dir = tempDir();
    const { store } = monitoringPlan(dir);
    const { file } = await exported(store, dir);
    const filled = path.join(dir, "filled.xlsx");
    await fill(file, filled, [
      { at: monitoringAddress(file, { action: "act-train" }, "status"), value: "Cumplida" },
      { at: monitoringAddress(file, { action: "act-train" }, "note"), value: "Los cuatro talleres se dieron." },
      { at: monitoringAddress(file, { action: "act-offices" }, "status"), value: "in progress" },
      { at: monitoringAddress(file, { indicator: "ind-delegates" }, "actual:2018"), value: 118 },
      { at: monitoringAddress(file, { indicator: "ind-delegates" }, "source"), value: "Listas firmadas" },
      { at: monitoringAddress(file, { indicator: "ind-protocol" }, "actual:2018"), value: "1" },
    ]);
    // Read by Matriz's plain-xlsx reader, cell for cell as SheetJS reads it.
    expect(sameReading(fs.readFileSync(filled), ["Seguimiento", "Monitoring"])).toBe("plain");
    const preview = importReturnedFile(store.db, filled, { author: "Secretaría", dryRun: true });
    expect(preview.status).toBe("preview");
    // The protocol's value was 1 and is 1 again (typed as text): no change.
    expect(preview.preview.counts).toEqual({ added: 0, changed: 5, removed: 0, conflicts: 0 });
    expect(preview.preview.monitoring?.map((c) => Object.entries(c.fields)[0])).toEqual([
      ["status", ["in_progress", "done"]],
      ["progress_note", ["Dos talleres de cuatro realizados.", "Los cuatro talleres se dieron."]],
      ["value_reached", [60, 118]],
      ["value_source", ["Listas de asistencia", "Listas firmadas"]],
      ["status", ["delayed", "in_progress"]],
    ]);
    const outcome = importReturnedFile(store.db, filled, { author: "Secretaría", at: "2019-01-20T10:00:00.000Z" });
    expect(outcome.status).toBe("applied");
    const train = action(store, "act-train");
    expect(train).toMatchObject({ status: "done", status_date: "2019-01-20" });
    expect(train.progress!.at(-1)).toMatchObject({ period: "2018", note: "Los cuatro talleres se dieron.", author: "IGM", status: "done" });
    expect(train.indicators![0]!.actuals![0]).toMatchObject({ period: "2018", value: 118, source: "Listas firmadas", note: "Talleres de junio y septiembre" });
    expect(action(store, "act-offices").status).toBe("in_progress");
    // Provenance: the change set names the file kept in the plan.
    const history = rowHistory(store.db, "action", "act-train");
    expect(history.find((h) => h.field === "status")).toMatchObject({ source: "imported", author: "Secretaría" });
    const kept = store.db.prepare("SELECT file_name, institution_id FROM imported_file").get() as { file_name: string; institution_id: string };
    expect(kept.file_name).toBe("filled.xlsx");
    // Idempotence: the same file again, and a re-saved copy of it, change nothing.
    const revision = store.revision();
    expect(importReturnedFile(store.db, filled, { author: "Secretaría" }).status).toBe("already_imported");
    const copy = path.join(dir, "copy.xlsx");
    await fill(filled, copy, []);
    expect(importReturnedFile(store.db, copy, { author: "Secretaría" }).preview.counts).toEqual({ added: 0, changed: 0, removed: 0, conflicts: 0 });
    expect(store.revision()).toBe(revision);
    store.close();
  });

  it("keeps a value changed on both sides as a conflict with all three values, resolved by taking a side", async () => {
    const dir = tempDir();
    const { store } = monitoringPlan(dir);
    const { file } = await exported(store, dir);
    // After the export, the secretariat marks the action delayed; the institution says done.
    new PlanEditor(store, typed).setActionStatus("act-train", "delayed", "2019-01-05");
    const filled = path.join(dir, "filled.xlsx");
    await fill(file, filled, [
      { at: monitoringAddress(file, { action: "act-train" }, "status"), value: "Cumplida" },
      { at: monitoringAddress(file, { indicator: "ind-protocol" }, "actual:2018"), value: 1 },
    ]);
    const outcome = importReturnedFile(store.db, filled, { author: "Secretaría" });
    expect(outcome.status).toBe("conflicts");
    expect(action(store, "act-train").status).toBe("delayed");
    const [conflict] = listConflicts(store.db);
    expect(conflict).toMatchObject({ field: "status", kind: "both_changed", base: "in_progress", plan: "delayed", returned: "done", year: 2018, action: expect.stringContaining("Capacitar") });
    resolveConflict(store.db, conflict!.id, "returned", { author: "Secretaría", at: "2019-02-01T09:00:00.000Z" });
    expect(action(store, "act-train")).toMatchObject({ status: "done", status_date: "2019-02-01" });
    expect(listConflicts(store.db)).toEqual([]);
    store.close();
  });

  it("refuses a file with a status it cannot read, a formula, or from another plan, naming the place, and changes nothing", async () => {
    const dir = tempDir();
    const { store } = monitoringPlan(dir);
    const { file } = await exported(store, dir);
    const revision = store.revision();
    const bad = path.join(dir, "bad.xlsx");
    const at = monitoringAddress(file, { action: "act-train" }, "status");
    await fill(file, bad, [
      { at, value: "terminado" },
      { at: monitoringAddress(file, { indicator: "ind-delegates" }, "actual:2018"), value: "muchos" },
    ]);
    const preview = importReturnedFile(store.db, bad, { author: "x", dryRun: true }).preview;
    expect(preview.errors).toEqual([
      { file: "bad.xlsx", sheet: "Seguimiento", row: Number(at.cell.slice(1)), column: "Estado", found: "terminado", expected: expect.stringContaining("No iniciada, En curso, Cumplida") },
      expect.objectContaining({ column: "Valor alcanzado 2018", found: "muchos", expected: "un número (el valor alcanzado)" }),
    ]);
    expect(() => importReturnedFile(store.db, bad, { author: "x" })).toThrow(MatrizError);
    const formula = path.join(dir, "formula.xlsx");
    await fill(file, formula, [{ at: monitoringAddress(file, { indicator: "ind-delegates" }, "actual:2018"), value: { formula: "50+10" } }]);
    expect(() => importReturnedFile(store.db, formula, { author: "x" })).toThrow(expect.objectContaining({ code: "spreadsheet_formula" }));
    const other = createPlanFromDocument(path.join(tempDir(), "other.matriz"), { ...monitoringDocument(), id: "plan-another-country" }, { author: "x", source: "typed" });
    expect(() => importReturnedFile(other.db, file, { author: "x" })).toThrow(expect.objectContaining({ code: "spreadsheet_other_plan" }));
    other.close();
    expect(store.revision()).toBe(revision);
    expect(store.db.prepare("SELECT count(*) AS n FROM imported_file").get()).toEqual({ n: 0 });
    store.close();
  });

  it("a later monitoring workbook replaces an earlier one of the same period, but never makes a finance workbook outdated", async () => {
    const dir = tempDir();
    const { store } = monitoringPlan(dir);
    const finance = path.join(dir, "finance.xlsx");
    await exportFinanceWorkbook(store.db, finance, { institution: "IGM", language: "es" });
    const first = await exported(store, dir);
    fs.renameSync(first.file, path.join(dir, "first.xlsx"));
    await exported(store, dir);
    expect(() => importReturnedFile(store.db, path.join(dir, "first.xlsx"), { author: "x" })).toThrow(expect.objectContaining({ code: "spreadsheet_stale_export" }));
    // The finance workbook sent before both monitoring workbooks still imports.
    expect(importReturnedFile(store.db, finance, { author: "x" }).status).toBe("applied");
    store.close();
  });
});
