/**
 * Many returned workbooks for import tests: one export of DGM/IGM's workbook
 * from the finance fixture plan, saved again `count` times with a different
 * 2019 amount each, as many ministries answering the same export would.
 */
import path from "node:path";
import ExcelJS from "exceljs";
import type { Database } from "better-sqlite3";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";

export async function returnedWorkbooks(db: Database, dir: string, count: number): Promise<string[]> {
  const exported = path.join(dir, "dgm-export.xlsx");
  await exportFinanceWorkbook(db, exported, { institution: "DGM/IGM", language: "en" });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(exported);
  const sheet = workbook.worksheets.find((s) => String(s.getCell(1, 1).value) === "pillar")!;
  const keys = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => keys.set(String(cell.value), col));
  let row = 3;
  while (sheet.getRow(row).getCell(keys.get("action_id")!).value !== "act-1") row++;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    sheet.getRow(row).getCell(keys.get("amount:2019")!).value = 140_000 + i;
    const file = path.join(dir, `dgm-${String(i).padStart(3, "0")}.xlsx`);
    await workbook.xlsx.writeFile(file);
    files.push(file);
  }
  return files;
}
