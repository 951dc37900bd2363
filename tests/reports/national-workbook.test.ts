import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { buildNationalWorkbook } from "../../src/reports/national-workbook";
import { fixturePath, tempDir } from "../helpers/temp";

/** Mexico's plan with budget lines in MXN and USD whose sums are known. */
function mexicoWithBudget(): { doc: PlanDocument; totals: Record<string, number> } {
  const fixture = readDocumentFile(fixturePath("mexico"));
  const totals: Record<string, number> = {};
  let n = 0;
  for (const pillar of fixture.pillars)
    for (const need of pillar.needs)
      for (const action of need.actions) {
        if (!action.institutions.length) continue;
        action.budget_lines = [2018, 2019, 2020].map((year, k) => {
          const currency = n % 4 === 0 ? "USD" : "MXN";
          const amount = 100 * (n + 1) + k + 0.25;
          totals[currency] = Math.round(((totals[currency] ?? 0) + amount) * 100) / 100;
          return { institution: action.institutions[0]!, year, amount, currency, funding_source: k === 2 ? ("to_be_mobilised" as const) : ("national_budget" as const), pei: "PEI-1", poa: `POA-${year}` };
        });
        n++;
      }
  // A cell a spreadsheet could take for a formula.
  fixture.pillars[0]!.needs[0]!.actions[0]!.text = "=HYPERLINK(\"http://example.invalid\",\"clic\")";
  const file = path.join(tempDir(), "mx.matriz");
  const store = createPlanFromDocument(file, fixture, { author: "t", source: "cli" }, { language: "en" });
  const doc = store.document();
  store.close();
  return { doc, totals };
}

describe("the national workbook", () => {
  it("has the matrix, summary, stocktaking and gaps sheets, and its subtotals and totals add up", async () => {
    const { doc, totals } = mexicoWithBudget();
    const buffer = await buildNationalWorkbook(doc, { language: "es" });
    const book = XLSX.read(buffer, { type: "buffer" });
    expect(book.SheetNames).toEqual(["Matriz", "Resumen", "Actividades existentes", "Brechas", "matriz-about"]);
    // The plan's identity, for a regional consolidation that reads the workbook back, is on a hidden sheet.
    expect(book.Workbook?.Sheets?.[4]?.Hidden).toBe(1);

    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Matriz"]!, { header: 1, raw: true, defval: null });
    const header = rows[0] as string[];
    const total = header.indexOf("Total");
    const currency = header.indexOf("Moneda");
    const action = header.indexOf("Acción prioritaria");
    const lineSums: Record<string, number> = {};
    const pillarSubtotals: Record<string, number> = {};
    for (const row of rows.slice(1)) {
      const label = row[action];
      const value = row[total];
      if (value === null || value === undefined) continue;
      expect(typeof value).toBe("number");
      const c = row[currency] as string;
      if (label === "Subtotal del pilar") pillarSubtotals[c] = Math.round(((pillarSubtotals[c] ?? 0) + (value as number)) * 100) / 100;
      else if (label !== "Subtotal de la necesidad") lineSums[c] = Math.round(((lineSums[c] ?? 0) + (value as number)) * 100) / 100;
    }
    expect(lineSums).toEqual(totals);
    expect(pillarSubtotals).toEqual(totals);

    const summary = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Resumen"]!, { header: 1, raw: true, defval: null });
    const totalRows = summary.filter((r) => r[0] === "Total" && typeof r[1] === "number");
    expect(Object.fromEntries(totalRows.map((r) => [r[2], r[1]]))).toEqual(totals);
  });

  it("prints landscape on A4 or Letter, fitted to the width, with the header repeated", async () => {
    const { doc } = mexicoWithBudget();
    for (const [paper, code] of [["A4", 9], ["Letter", 1]] as const) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await buildNationalWorkbook(doc, { language: "en", paper })) as unknown as ExcelJS.Buffer);
      const setup = book.getWorksheet("Matrix")!.pageSetup;
      expect(setup).toMatchObject({ orientation: "landscape", fitToPage: true, fitToWidth: 1, printTitlesRow: "1:1" });
      expect(Number(setup.paperSize ?? 1)).toBe(code);
      expect(book.getWorksheet("Matrix")!.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      // Every printed sheet is landscape on the chosen paper; the summary's sections carry their own headings.
      for (const name of ["Summary", "Existing activities", "Gaps"]) {
        const sheet = book.getWorksheet(name)!;
        expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", fitToWidth: 1 });
        expect(Number(sheet.pageSetup.paperSize ?? 1)).toBe(code);
        expect(sheet.pageSetup.printTitlesRow).toBe(name === "Summary" ? undefined : "1:1");
      }
    }
  });

  it("keeps text that looks like a formula as text", async () => {
    const { doc } = mexicoWithBudget();
    const book = XLSX.read(await buildNationalWorkbook(doc, { language: "en" }), { type: "buffer", cellFormula: true });
    const sheet = book.Sheets["Matrix"]!;
    const cells = Object.entries(sheet).filter(([k]) => !k.startsWith("!")).map(([, c]) => c as XLSX.CellObject);
    expect(cells.some((c) => c.f)).toBe(false);
    const dangerous = cells.find((c) => typeof c.v === "string" && c.v.startsWith("=HYPERLINK"));
    expect(dangerous?.t).toBe("s");
  });

  it("opens in LibreOffice and reads back the same totals", async () => {
    const { doc, totals } = mexicoWithBudget();
    const dir = tempDir();
    const file = path.join(dir, "nacional.xlsx");
    fs.writeFileSync(file, await buildNationalWorkbook(doc, { language: "es", paper: "Letter" }));
    execFileSync("soffice", [`-env:UserInstallation=file://${dir}/lo-profile`, "--headless", "--convert-to", "ods", "--outdir", dir, file], { stdio: "pipe", timeout: 120_000 });
    const reread = XLSX.read(fs.readFileSync(path.join(dir, "nacional.ods")), { type: "buffer" });
    const summary = XLSX.utils.sheet_to_json<unknown[]>(reread.Sheets["Resumen"]!, { header: 1, raw: true, defval: null });
    const totalRows = summary.filter((r) => r[0] === "Total" && typeof r[1] === "number");
    expect(Object.fromEntries(totalRows.map((r) => [r[2], r[1]]))).toEqual(totals);
  }, 150_000);

  it("is a zip whose every part is well-formed XML, the sheets in the workbook's order", async () => {
    // A part that does not parse is what makes Excel offer to repair a file.
    const { doc } = mexicoWithBudget();
    const file = path.join(tempDir(), "nacional.xlsx");
    fs.writeFileSync(file, await buildNationalWorkbook(doc, { language: "es" }));
    const check = [
      "import sys, zipfile, xml.dom.minidom as m",
      "z = zipfile.ZipFile(sys.argv[1])",
      "assert z.testzip() is None",
      "names = [n for n in z.namelist() if n.endswith(('.xml', '.rels'))]",
      "[m.parseString(z.read(n)) for n in names]",
      "print(len(names))",
    ].join("\n");
    const parts = Number(execFileSync("python3", ["-c", check, file], { encoding: "utf8" }).trim());
    expect(parts).toBeGreaterThanOrEqual(10);
    const book = XLSX.read(fs.readFileSync(file), { type: "buffer", bookSheets: true });
    expect(book.SheetNames).toEqual(["Matriz", "Resumen", "Actividades existentes", "Brechas", "matriz-about"]);
  });

  it("gives each row the height of its wrapped text, and every font a face and size", async () => {
    // LibreOffice keeps the default height when it opens a file, so without it printed lines overlap.
    const { doc } = mexicoWithBudget();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buildNationalWorkbook(doc, { language: "en" })) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Matrix")!;
    const header = sheet.getRow(1).values as unknown[];
    const actionColumn = header.indexOf("Priority action");
    let longest = { length: 0, height: 0 };
    sheet.eachRow((row, number) => {
      const text = row.getCell(actionColumn).value;
      if (number > 1 && typeof text === "string" && text.length > longest.length) longest = { length: text.length, height: row.height };
    });
    expect(longest.length).toBeGreaterThan(150);
    expect(longest.height).toBeGreaterThanOrEqual(15 * Math.ceil(longest.length / 57));
    for (const cell of [sheet.getRow(1).getCell(1), sheet.getRow(2).getCell(2)]) expect(cell.font).toMatchObject({ name: "Calibri", size: expect.any(Number), bold: true });
  });
});

