/** The exported workbook itself: what is locked and open, dropdowns, layout, print setup, and text that must stay text. */
import ExcelJS from "exceljs";
import fs from "node:fs";
import path from "node:path";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { INJECTION, financePlan } from "./fixture";

async function exported(options: { institution?: string; language?: "es" | "en" }) {
  const { store, dir } = financePlan();
  const out = path.join(dir, "out.xlsx");
  const made = await exportFinanceWorkbook(store.db, out, options);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  return { store, out, made, workbook };
}

function keyColumns(sheet: ExcelJS.Worksheet) {
  const keys = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => keys.set(String(cell.value).startsWith("{") ? "manifest" : String(cell.value), col));
  return keys;
}

describe("finance workbook export", () => {
  it("has instructions first, the actions sheet locked except the financial columns, and a hidden list sheet", async () => {
    const { workbook, store } = await exported({ institution: "DGM/IGM", language: "es" });
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ["Instrucciones", "visible"],
      ["Acciones", "visible"],
      ["Listas", "hidden"],
    ]);
    const sheet = workbook.getWorksheet("Acciones")!;
    const keys = keyColumns(sheet);
    expect(sheet.getRow(1).hidden).toBe(true);
    expect(sheet.getRow(2).getCell(keys.get("action")!).value).toBe("Acción prioritaria");
    for (const hidden of ["action_id", "institution_id", "line_ids", "manifest"]) expect(sheet.getColumn(keys.get(hidden)!).hidden).toBe(true);
    expect(sheet.getColumn(keys.get("action")!).width).toBe(50);
    expect((sheet as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    for (const key of ["pillar", "need", "action", "institutions", "schedule"]) expect(sheet.getCell(3, keys.get(key)!).protection?.locked).not.toBe(false);
    for (const key of ["amount:2018", "amount:2020", "currency", "funding_source", "pei", "poa", "budget_code", "note"]) expect(sheet.getCell(3, keys.get(key)!).protection?.locked).toBe(false);
    expect(sheet.getCell(3, keys.get("amount:2018")!).numFmt).toBe("#,##0.00");
    expect(sheet.getCell(3, keys.get("amount:2018")!).value).toBe(125000.5);
    expect(sheet.getCell(3, keys.get("pei")!).numFmt).toBe("@");
    expect(sheet.getCell(3, keys.get("action")!).alignment?.wrapText).toBe(true);
    // Dropdowns: ISO currencies and the four funding sources, from the hidden list sheet.
    const validation = sheet.getCell(3, keys.get("currency")!).dataValidation;
    expect(validation).toMatchObject({ type: "list" });
    expect(validation.formulae?.[0]).toMatch(/^'Listas'!\$A\$1:\$A\$\d+$/);
    expect(sheet.getCell(4, keys.get("funding_source")!).dataValidation?.formulae?.[0]).toBe("'Listas'!$B$1:$B$4");
    const lists = workbook.getWorksheet("Listas")!;
    expect(lists.getColumn(2).values.slice(1)).toEqual(["Presupuesto nacional", "Cooperación internacional", "Por movilizar", "Otra"].map((s) => expect.stringMatching(new RegExp(s.slice(0, 5), "i"))));
    expect(lists.getColumn(1).values).toContain("GTQ");
    // Frozen header and print setup.
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:2" });
    store.close();
  });

  it("lists only the institution's rows and lines, grouped by pillar and need", async () => {
    const { out, made, store } = await exported({ institution: "DGM/IGM" });
    const book = XLSX.read(fs.readFileSync(out));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Acciones"]!, { header: 1, defval: null });
    const keys = (rows[0] as string[]).map((k) => (String(k).startsWith("{") ? "manifest" : k));
    const data = rows.slice(2).filter((r) => r[keys.indexOf("action_id")]);
    expect(data.map((r) => r[keys.indexOf("action_id")])).toEqual(["act-1", "act-2", "act-3"]);
    expect(data.every((r) => r[keys.indexOf("institution")] === "DGM/IGM")).toBe(true);
    expect(Object.keys(made.snapshot.lines).sort()).toEqual(["line-1", "line-2", "line-4"]);
    expect(rows.flat()).not.toContain(5000);
    expect(rows.flat()).not.toContain("USD");
    const manifest = JSON.parse(String(rows[0]![keys.indexOf("manifest")]));
    expect(manifest).toMatchObject({ plan: "plan-gt-finance", export: made.exportId, revision: 1 });
    const record = store.db.prepare("SELECT institution_id, revision, snapshot FROM export_record WHERE id = ?").get(made.exportId) as { snapshot: string; revision: number };
    expect(record.revision).toBe(1);
    expect(JSON.parse(record.snapshot).lines["line-1"].fields.amount).toBe(12_500_050);
    store.close();
  });

  it("writes text that looks like a formula as text", async () => {
    const { out, store } = await exported({ institution: "DGM/IGM" });
    const book = XLSX.read(fs.readFileSync(out), { cellFormula: true });
    const sheet = book.Sheets["Acciones"]!;
    const cells = Object.entries(sheet).filter(([addr]) => !addr.startsWith("!")).map(([, c]) => c as XLSX.CellObject);
    expect(cells.some((c) => c.f)).toBe(false);
    for (const text of [INJECTION, "-2019", "@nota"]) {
      const cell = cells.find((c) => c.v === text);
      expect(cell, text).toBeDefined();
      expect(cell!.t).toBe("s");
    }
    store.close();
  });

  it("exports the whole plan with one row per action and responsible institution, in English", async () => {
    const { out, workbook, made, store } = await exported({ language: "en" });
    expect(workbook.worksheets[0]!.name).toBe("Instructions");
    expect(String(workbook.worksheets[0]!.getCell(5, 1).value)).toMatch(/^1\. The “Actions” sheet/);
    const book = XLSX.read(fs.readFileSync(out));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Actions"]!, { header: 1, defval: null });
    const keys = rows[0] as string[];
    const pairs = rows.slice(2).filter((r) => r[keys.indexOf("action_id")]).map((r) => `${r[keys.indexOf("action_id")]}/${r[keys.indexOf("institution")]}`);
    expect(pairs).toEqual(["act-1/DGM/IGM", "act-1/MINEX", "act-2/DGM/IGM", "act-3/SBS", "act-3/DGM/IGM"]);
    expect(made.rows).toBe(5);
    store.close();
  });
});
