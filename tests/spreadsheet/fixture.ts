/**
 * A small Guatemala-style plan with budget lines for the finance round trip,
 * and helpers to edit an exported workbook the way a ministry would.
 */
import ExcelJS from "exceljs";
import * as XLSX from "xlsx";
import fs from "node:fs";
import path from "node:path";
import { createPlanFromDocument } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { readDocument } from "../../src/storage/document-io";
import { PlanStore } from "../../src/storage/plan-store";
import { smallGuatemalaPlan } from "../helpers/plans";
import { tempDir } from "../helpers/temp";

export const INJECTION = "=HYPERLINK(\"http://evil.example\",\"clic\")";

export function financePlanDocument(): PlanDocument {
  return smallGuatemalaPlan("plan-gt-finance", "es", {
    pillars: [
      {
        number: 1,
        title: "Recepción y admisión",
        needs: [
          {
            profile: null,
            title: "Identificar a las personas con necesidad de protección internacional",
            actions: [
              {
                id: "act-1",
                text: "Sensibilizar y capacitar a delegados de migración",
                institutions: ["DGM/IGM", "MINEX"],
                lead: "DGM/IGM",
                schedule: "2018, 2019",
                commitments: [],
                budget_lines: [
                  { id: "line-1", institution: "DGM/IGM", year: 2018, amount: 125000.5, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" },
                  { id: "line-2", institution: "DGM/IGM", year: 2019, amount: 130000, currency: "GTQ", funding_source: "national_budget", pei: "PEI 2.1", poa: "POA-18" },
                  { id: "line-3", institution: "MINEX", year: 2018, amount: 5000, currency: "USD", funding_source: "international_cooperation" },
                ],
              },
              {
                id: "act-2",
                text: INJECTION,
                institutions: ["DGM/IGM"],
                lead: "DGM/IGM",
                schedule: "-2019",
                commitments: [],
              },
            ],
          },
        ],
      },
      {
        number: 2,
        title: "Necesidades inmediatas y persistentes",
        needs: [
          {
            profile: null,
            title: "Atención a niñez y adolescencia no acompañada",
            actions: [
              {
                id: "act-3",
                text: "Fortalecer los albergues de la SBS",
                institutions: ["SBS", "DGM/IGM"],
                lead: "SBS",
                schedule: "2018 - 2020",
                commitments: [],
                budget_lines: [
                  { id: "line-4", institution: "DGM/IGM", year: 2020, amount: 42000, currency: "GTQ", funding_source: "to_be_mobilised", note: "@nota" },
                  { id: "line-5", institution: "SBS", year: 2019, amount: 900000, currency: "GTQ", funding_source: "national_budget" },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
}

export function financePlan(dir = tempDir()): { file: string; store: PlanStore; dir: string } {
  const file = path.join(dir, "gt.matriz");
  const store = createPlanFromDocument(file, financePlanDocument(), { author: "test", source: "example" });
  return { file, store, dir };
}

/** The plan's data as a comparable document (revision excluded: it is the change log's counter). */
export function planData(store: PlanStore) {
  const { revision: _r, ...doc } = readDocument(store.db);
  return doc;
}

export type CellEdits = Array<{ action: string; institution?: string; key: string; value: ExcelJS.CellValue }>;

/** Opens a workbook with exceljs, finds rows by hidden action id and columns by hidden key, types values, saves. */
export async function editWorkbook(source: string, target: string, edits: CellEdits, more?: (sheet: ExcelJS.Worksheet) => void) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(source);
  const sheet = workbook.worksheets.find((s) => String(s.getCell(1, 1).value) === "pillar")!;
  const keys = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => keys.set(String(cell.value), col));
  for (const edit of edits) {
    let found = false;
    sheet.eachRow((row, r) => {
      if (r < 3 || found) return;
      if (row.getCell(keys.get("action_id")!).value !== edit.action) return;
      if (edit.institution && row.getCell(keys.get("institution")!).value !== edit.institution) return;
      row.getCell(keys.get(edit.key)!).value = edit.value;
      found = true;
    });
    if (!found) throw new Error(`no row for ${edit.action}`);
  }
  more?.(sheet);
  await workbook.xlsx.writeFile(target);
}

/**
 * Writes a proposed new action in the first empty row after the exported ones, as
 * the workbook's instructions ask: cell values by column key (action, institution,
 * amount:2019, currency, ...). For editWorkbook's `more`.
 */
export function proposeRow(values: Record<string, string | number>) {
  return (sheet: ExcelJS.Worksheet) => {
    const keys = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, col) => keys.set(String(cell.value), col));
    let r = 3;
    while (sheet.getRow(r).getCell(keys.get("action")!).value) r++;
    const row = sheet.getRow(r);
    for (const [key, value] of Object.entries(values)) row.getCell(keys.get(key)!).value = value;
  };
}

export function write(dir: string, name: string, content: Buffer | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** "H3": where a (hidden) action id's row meets a (hidden) column key in an exported workbook. */
export function addressOf(file: string, actionId: string, key: string, institution?: string): string {
  const book = XLSX.read(fs.readFileSync(file), { type: "buffer" });
  const sheet = book.Sheets[book.SheetNames.find((n) => book.Sheets[n]!["A1"]?.v === "pillar")!]!;
  const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, defval: "" });
  const keys = rows[0]!.map(String);
  const r = rows.findIndex((row, i) => i >= 2 && row[keys.indexOf("action_id")] === actionId && (!institution || row[keys.indexOf("institution")] === institution));
  if (r < 0) throw new Error(`no row for ${actionId}`);
  return XLSX.utils.encode_cell({ r, c: keys.indexOf(key) });
}

export function linesOf(store: PlanStore) {
  const rows = store.db.prepare("SELECT b.*, i.label FROM budget_line b JOIN institution i ON i.id = b.institution_id ORDER BY action_id, label, year").all() as Array<Record<string, unknown>>;
  return rows.map((r) => ({ id: r.id, action: r.action_id, institution: r.label, year: r.year, amount: r.amount_minor, currency: r.currency, source: r.funding_source, pei: r.pei_ref, poa: r.poa_ref, note: r.note }));
}
