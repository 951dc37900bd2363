import ExcelJS from "exceljs";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportNationalFile } from "../../src/app/exports";
import { planToHxlCsv } from "../../src/opendata/hxl";
import { planToIatiXml } from "../../src/opendata/iati";
import { nationalChapterHtml } from "../../src/reports/chapter";
import { openConflictCounts } from "../../src/spreadsheet/conflicts";
import { REPO_ROOT } from "../helpers/temp";
import { planWithOpenConflict, spellingsPlan } from "../directory/fixture";

const SCHEMA = path.join(REPO_ROOT, "tests", "standards", "iati-2.03", "iati-activities-schema.xsd");

async function summaryFirstRow(file: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets.find((s) => s.name === "Summary" || s.name === "Resumen")!;
  return String(sheet.getRow(1).getCell(1).value ?? "");
}

describe("national outputs with conflicts open", () => {
  it("counts open conflicts in all and per action", async () => {
    const { store } = await planWithOpenConflict();
    expect(openConflictCounts(store.db)).toEqual({ open: 1, byAction: { "act-variant": 1 } });
    store.close();
  });

  it("say so in the workbook's summary sheet, and not when none is open", async () => {
    const { store, file, dir } = await planWithOpenConflict();
    store.close();
    const out = path.join(dir, "national.xlsx");
    const written = await exportNationalFile(file, out, { format: "xlsx", language: "en", locale: "en-US" });
    expect(written.openConflicts).toBe(1);
    expect(await summaryFirstRow(out)).toMatch(/^Note: 1 merge conflict is open/);
    const clean = spellingsPlan();
    clean.store.close();
    const cleanOut = path.join(clean.dir, "clean.xlsx");
    await exportNationalFile(clean.file, cleanOut, { format: "xlsx", language: "es", locale: "es-GT" });
    expect(await summaryFirstRow(cleanOut)).toBe("Presupuesto por pilar y año");
  });

  it("say so in the chapter, under its title", async () => {
    const { store } = await planWithOpenConflict();
    const html = nationalChapterHtml(store.document(), { language: "es", locale: "es-GT", conflicts: openConflictCounts(store.db) });
    expect(html).toContain('<p class="conflicts-note" role="note">Atención: hay 1 conflicto abierto');
    expect(nationalChapterHtml(store.document(), { language: "es", locale: "es-GT" })).not.toContain("<p class=\"conflicts-note\"");
    store.close();
  });

  it("add an HXL column with each row's open conflicts, only while some are open", async () => {
    const { store } = await planWithOpenConflict();
    const doc = store.document();
    // Every HXL cell is quoted: "a","b","c".
    const rows = planToHxlCsv(doc, openConflictCounts(store.db)).trim().split("\r\n").map((r) => r.slice(1, -1).split('","'));
    const column = rows[1]!.indexOf("#status+conflicts+open");
    expect(column).toBe(rows[1]!.length - 1);
    const idColumn = rows[1]!.indexOf("#activity+code");
    for (const row of rows.slice(2)) expect(row[column]).toBe(row[idColumn] === "act-variant" ? "1" : "0");
    expect(planToHxlCsv(doc)).not.toContain("#status+conflicts");
    store.close();
  });

  it("leave a comment in IATI that keeps the file valid against the 2.03 schema", async () => {
    const { store, dir } = await planWithOpenConflict();
    const xml = planToIatiXml(store.document(), new Date("2026-12-01T00:00:00Z"), openConflictCounts(store.db));
    // Said in the plan's language (English here), one conflict as one.
    expect(store.document().language).toBe("en");
    expect(xml).toContain("<!-- Matriz: 1 merge conflict was open between returned workbooks and the plan when this file was written; budget figures may change. -->");
    expect(xml).toContain("<!-- Matriz: 1 open merge conflict on this activity's budget. -->");
    const file = path.join(dir, "plan.xml");
    fs.writeFileSync(file, xml);
    execFileSync("xmllint", ["--noout", "--schema", SCHEMA, file], { stdio: "pipe" });
    store.close();
  });
});
