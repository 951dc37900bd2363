/**
 * Reads a national workbook Matriz exported (in Spanish or English, saved again
 * by Excel or LibreOffice or not) back into a plan with its budget, for the
 * regional consolidation when a country sends its workbook instead of its plan
 * file. The plan's identity and pillar mapping come from the hidden "matriz-about"
 * sheet; the amounts from the visible matrix, so corrections made there count.
 */
import { MAX_AMOUNT } from "../domain/money";
import type { CellObject } from "xlsx";
import { MatrizError } from "../domain/errors";
import { planDocumentSchema, type ActionDoc, type PlanDocument } from "../domain/document";
import { parseAmount } from "../domain/numbers";
import { translate } from "../i18n";
import { readSpreadsheet, type Grid } from "../spreadsheet/read";
import { ABOUT_SHEET, ACTION_REF, NATIONAL_WORKBOOK_TAG } from "./national-workbook-layout";

interface CellProblem {
  sheet: string;
  row: number;
  column: string;
  found: string;
  expected: string;
}

const text = (cell: CellObject | undefined): string => (cell?.v === undefined || cell.v === null ? "" : String(cell.v).trim());
const columnName = (index: number): string => (index < 26 ? String.fromCharCode(65 + index) : columnName(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26)));

function about(grid: Grid): Map<string, string> {
  const values = new Map<string, string>();
  for (let r = 0; r < grid.rows; r++) values.set(text(grid.cell(r, 0)), text(grid.cell(r, 1)));
  return values;
}

/** Header texts in both languages: a workbook exported in Spanish reads the same as one in English. */
const headers = (key: Parameters<typeof translate>[1]) => new Set([translate("es", key), translate("en", key)].map((s) => s.toLowerCase()));

function matrixColumns(grid: Grid) {
  const ref = headers("report.workbook.ref");
  const currency = headers("column.currency");
  const found = { ref: -1, currency: -1, years: [] as Array<{ col: number; year: number }> };
  for (let c = 0; c < grid.cols; c++) {
    const header = text(grid.cell(0, c)).toLowerCase();
    if (ref.has(header) && found.ref < 0) found.ref = c;
    else if (currency.has(header)) found.currency = c;
    else if (/^(19|20)\d\d$/.test(header)) found.years.push({ col: c, year: Number(header) });
  }
  return found.ref === 0 && found.currency > 0 && found.years.length ? found : null;
}

export function planFromNationalWorkbook(bytes: Buffer, file: string): PlanDocument {
  const workbook = readSpreadsheet(bytes, file);
  const aboutSheet = workbook.sheets.find((s) => s.name === ABOUT_SHEET);
  const meta = aboutSheet ? about(aboutSheet) : null;
  if (!meta || meta.get("tag") !== NATIONAL_WORKBOOK_TAG) throw new MatrizError("spreadsheet_wrong_sheet", { file });
  const matrix = workbook.sheets.map((grid) => ({ grid, columns: matrixColumns(grid) })).find((m) => m.columns);
  if (!matrix?.columns) throw new MatrizError("spreadsheet_wrong_sheet", { file });
  const { grid, columns } = matrix;

  const pillars = new Map<number, PlanDocument["pillars"][number]>();
  for (const [key, value] of meta) {
    const number = /^pillar\.(\d+)$/.exec(key)?.[1];
    if (!number) continue;
    const { title, crrf } = JSON.parse(value) as { title: string; crrf: number | null };
    pillars.set(Number(number), { number: Number(number), title, ...(crrf ? { crrf_pillar: crrf } : {}), needs: [] });
  }

  const problems: CellProblem[] = [];
  const actions = new Map<string, ActionDoc>();
  for (let r = 1; r < grid.rows; r++) {
    const ref = ACTION_REF.exec(text(grid.cell(r, columns.ref)));
    if (!ref) continue;
    const pillarNumber = Number(ref[1]);
    const pillar = pillars.get(pillarNumber);
    if (!pillar) {
      problems.push({ sheet: grid.name, row: r + 1, column: columnName(columns.ref), found: ref[0], expected: "a pillar of this plan" });
      continue;
    }
    const key = ref[0];
    let action = actions.get(key);
    if (!action) {
      action = { text: key, institutions: [], lead: null, schedule: null, commitments: [], budget_lines: [] };
      actions.set(key, action);
      const needKey = `${ref[1]}.${ref[2]}`;
      let need = pillar.needs.find((n) => n.title === needKey);
      if (!need) {
        need = { profile: null, title: needKey, actions: [] };
        pillar.needs.push(need);
      }
      need.actions.push(action);
    }
    const currency = text(grid.cell(r, columns.currency)).toUpperCase();
    for (const { col, year } of columns.years) {
      const cell = grid.cell(r, col);
      if (cell?.v === undefined || cell.v === null || cell.v === "") continue;
      // A number as the writer left it, or text a person typed in either locale.
      const parsed = typeof cell.v === "number" ? parseAmount(cell.v, "es") : parseAmount(String(cell.v), "es");
      const where = { sheet: grid.name, row: r + 1, column: columnName(col) };
      if (!parsed.ok) {
        problems.push({ ...where, found: String(cell.v), expected: "an amount such as 1250000.50" });
        continue;
      }
      const amount = parsed.value;
      if (Math.abs(amount) > MAX_AMOUNT) {
        problems.push({ ...where, found: String(cell.v), expected: "an amount below 90 trillion" });
        continue;
      }
      if (!/^[A-Z]{3}$/.test(currency)) {
        problems.push({ ...where, column: columnName(columns.currency), found: currency, expected: "a currency code such as USD" });
        continue;
      }
      action.budget_lines!.push({ institution: "—", year, amount, currency });
    }
  }
  if (problems.length) {
    const first = problems[0]!;
    throw new MatrizError("spreadsheet_bad_rows", { file, count: problems.length, ...first });
  }
  const parsed = planDocumentSchema.safeParse({
    id: meta.get("plan_id") || undefined,
    country: meta.get("country"),
    iso3: meta.get("iso3"),
    title: meta.get("title") || undefined,
    columns: [],
    pillars: [...pillars.values()].sort((a, b) => a.number - b.number),
    stocktaking: [],
    gaps: [],
    acronyms: {},
  });
  if (!parsed.success) throw new MatrizError("spreadsheet_wrong_sheet", { file });
  return parsed.data;
}
