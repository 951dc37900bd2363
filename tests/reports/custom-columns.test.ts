/**
 * The plan's own columns in the secretariat's outputs: the national workbook,
 * the chapter PDF and HXL, each with the column's heading and the actions' values.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { exportNational } from "../../src/app/exports";
import { chromiumPrinter } from "../../src/reports/pdf";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { REPO_ROOT, fixturePath, tempDir } from "../helpers/temp";

function guatemalaWithColumns(): PlanDocument {
  const doc = readDocumentFile(fixturePath("guatemala"));
  doc.custom_columns = [
    { key: "priority", heading_es: "Prioridad", heading_en: "Priority", kind: "list", options: ["Alta", "Media", "Baja"], open: true },
    { key: "people_reached", heading_es: "Personas alcanzadas", heading_en: "People reached", kind: "number" },
  ];
  const [first, second] = doc.pillars[0]!.needs[0]!.actions;
  first!.custom = { priority: "Alta", people_reached: "1250.5" };
  second!.custom = { priority: "Baja" };
  const store = createPlanFromDocument(path.join(tempDir(), "gt.matriz"), doc, { author: "t", source: "cli" }, { language: "en" });
  const out = store.document();
  store.close();
  return out;
}

describe("the plan's own columns in the outputs", () => {
  it("are columns of the national workbook, headed in its language, numbers as numbers", async () => {
    const out = path.join(tempDir(), "national.xlsx");
    await exportNational(guatemalaWithColumns(), out, { format: "xlsx", language: "es", locale: "es-GT" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const priority = headers.indexOf("Prioridad") + 1;
    const people = headers.indexOf("Personas alcanzadas") + 1;
    expect(priority).toBeGreaterThan(headers.indexOf("Instituciones responsables") + 1);
    expect(people).toBe(priority + 1);
    const rowOf = (ref: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === ref) found = row;
      });
      return found!;
    };
    expect(rowOf("1.1.1").getCell(priority).value).toBe("Alta");
    expect(rowOf("1.1.1").getCell(people).value).toBe(1250.5);
    expect(rowOf("1.1.2").getCell(priority).value).toBe("Baja");
  });

  it("are columns of the chapter PDF, with numbers in the user's locale", async () => {
    const out = path.join(tempDir(), "chapter.pdf");
    await exportNational(guatemalaWithColumns(), out, { format: "pdf", language: "es", locale: "es-ES", paper: "A4" }, chromiumPrinter);
    const text = execFileSync("pdftotext", ["-raw", out, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Prioridad");
    expect(text).toContain("Personas alcanzadas");
    expect(text).toContain("1.250,5");
    fs.mkdirSync(path.join(REPO_ROOT, "test-results"), { recursive: true });
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", out, path.join(REPO_ROOT, "test-results", "chapter-custom-columns")]);
  }, 60_000);

  it("has Belize's overarching recommendations after the pillars", async () => {
    const store = createPlanFromDocument(path.join(tempDir(), "bz.matriz"), readDocumentFile(fixturePath("belize")), { author: "t", source: "cli" }, { language: "en" });
    const doc = store.document();
    store.close();
    const out = path.join(tempDir(), "belize.pdf");
    await exportNational(doc, out, { format: "pdf", language: "en", locale: "en-US", paper: "Letter" }, chromiumPrinter);
    const text = execFileSync("pdftotext", ["-raw", out, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toMatch(/Pillar 4.*Overarching recommendations.*Quality Assurance Initiative/);
  }, 60_000);

  it("are columns of the HXL file, tagged #x_<key>", async () => {
    const out = path.join(tempDir(), "plan.csv");
    await exportNational(guatemalaWithColumns(), out, { format: "hxl", language: "es", locale: "es-GT" });
    // Every cell is quoted; "" inside stands for one quote.
    const cells = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
    const [headings, tags, firstRow, secondRow] = fs.readFileSync(out, "utf8").split("\r\n").map(cells);
    expect(headings!.slice(-2)).toEqual(["Priority", "People reached"]);
    expect(tags!.slice(-2)).toEqual(["#x_priority", "#x_people_reached"]);
    expect(firstRow!.slice(-2)).toEqual(["Alta", "1250.5"]);
    expect(secondRow!.slice(-2)).toEqual(["Baja", ""]);
  });
});
