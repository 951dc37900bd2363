/**
 * Turns the actions sheet of a returned file into budget line values keyed the
 * way the merge compares them, plus everything the preview must show: cells
 * changed outside the institution's columns, proposed new actions, rows matched
 * by their text, and cells that could not be read (file, sheet, row, column,
 * found, expected).
 */
import * as XLSX from "xlsx";
import { MatrizError } from "../domain/errors";
import { readCustomInput } from "../domain/custom-columns";
import { decimalMarkShown, parseAmount, type NumberLocale } from "../domain/numbers";
import { MAX_AMOUNT, isWholeCents, toMinor } from "../domain/money";
import { isCurrencyCode } from "./export";
import {
  FIRST_DATA_ROW,
  KEY_ROW,
  SHARED_KEYS,
  STRUCTURE_KEYS,
  amountKey,
  customKey,
  keyFromHeader,
  parseLineIds,
  parseManifest,
  type Manifest,
  type SharedKey,
} from "./layout";
import type { Grid, ReadWorkbook } from "./read";
import type { FinanceSnapshot, LineFields, LineRecord } from "./snapshot";
import { translate, type Language } from "../i18n";
import { fundingSourceFrom, normaliseText } from "./wording";

/** What a cell should have held, as the catalogue says it (expected.*). */
type Expected =
  | "amount"
  | "unambiguous"
  | "cents"
  | "positive"
  | "currency"
  | "sameCurrency"
  | "source"
  | "knownAction"
  | "institution"
  | "uniqueRow"
  | "actionText"
  | "value"
  | "number"
  | "date"
  | "choice"
  | "sameValue";
const say = (lang: Language, expected: Expected, params: Record<string, string> = {}) => translate(lang, `expected.${expected}`, params);

export interface RowError {
  file: string;
  sheet: string;
  row: number;
  column: string;
  found: string;
  expected: string;
}

export interface OutsideChange {
  row: number;
  column: string;
  actionId: string;
  base: string;
  found: string;
}

export interface ProposedAction {
  row: number;
  text: string;
  institution: string;
  /** The amounts as written, year by year, for showing. */
  amounts: Record<string, string>;
  /** The amounts that could be read, for adding the action with its budget; unreadable ones are left out. */
  lines: Array<{ year: number; amount: number; currency: string }>;
  /** The institution's id when the export knew it (its own workbook, or a name it listed); the preview checks it against the directory as it is now. */
  institutionId: string | null;
  funding_source: string | null;
  pei: string | null;
  poa: string | null;
}

export interface ContentMatch {
  row: number;
  actionId: string;
  institutionId: string;
  text: string;
}

/** A value the institution wrote in an open column of the plan's own, different from what it was sent. */
export interface CustomReturn {
  row: number;
  column: string;
  actionId: string;
  /** The institution of the row it was read on (a conflict about it is filed under that institution). */
  institutionId: string;
  key: string;
  base: string;
  value: string;
}

export interface ReturnedFile {
  sheet: string;
  /** Open plan columns the institution changed, one per action and column. */
  custom: CustomReturn[];
  /** Line key → returned values, or null where the institution cleared the line. Keys not here: no opinion. */
  values: Map<string, LineRecord | null>;
  errors: RowError[];
  outside: OutsideChange[];
  proposed: ProposedAction[];
  matches: ContentMatch[];
  rowsRead: number;
}

/** Where the actions sheet is and how its columns map to keys. */
export interface SheetLayout {
  grid: Grid;
  manifest: Manifest | null;
  columns: Map<string, number>;
  firstDataRow: number;
  hasIds: boolean;
}

const AMOUNT_HEADER = /^(?:monto|amount) (\d{4})$/;

/** Excel's error values by the code SheetJS keeps in the cell's value. */
const ERROR_NAMES: Record<number, string> = {
  0x00: "#NULL!",
  0x07: "#DIV/0!",
  0x0f: "#VALUE!",
  0x17: "#REF!",
  0x1d: "#NAME?",
  0x24: "#NUM!",
  0x2a: "#N/A",
  0x2b: "#GETTING_DATA",
};

/** An error cell's name ("#DIV/0!"), never its code: the code read as a number would be a silent wrong amount. */
function errorName(cell: XLSX.CellObject): string {
  return (typeof cell.w === "string" && cell.w) || ERROR_NAMES[cell.v as number] || "#ERROR";
}

function rawText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return "";
  if (cell.t === "e") return errorName(cell);
  return String(cell.v);
}

function columnsFromKeys(grid: Grid, row: number): { columns: Map<string, number>; manifest: Manifest | null } {
  const columns = new Map<string, number>();
  let manifest: Manifest | null = null;
  for (let c = 0; c < grid.cols; c++) {
    const text = rawText(grid.cell(row, c)).trim();
    const found = parseManifest(text);
    if (found) {
      manifest = found;
      continue;
    }
    if (/^(amount:\d{4}|action_id|institution_id|line_ids|manifest|institution|custom:[a-z][a-z0-9_]*)$/.test(text) || (STRUCTURE_KEYS as readonly string[]).includes(text) || (SHARED_KEYS as readonly string[]).includes(text)) {
      if (!columns.has(text)) columns.set(text, c);
    }
  }
  return { columns, manifest };
}

function columnsFromHeaders(grid: Grid, row: number): Map<string, number> {
  const columns = new Map<string, number>();
  for (let c = 0; c < grid.cols; c++) {
    const text = normaliseText(rawText(grid.cell(row, c)));
    const amount = AMOUNT_HEADER.exec(text);
    const key = amount ? amountKey(Number(amount[1])) : keyFromHeader(text, []);
    if (key && !columns.has(key)) columns.set(key, c);
  }
  return columns;
}

/** Finds the actions sheet: by its hidden key row first, by its header row in either language second. */
export function locateSheet(book: ReadWorkbook, file: string): SheetLayout {
  for (const grid of book.sheets) {
    const { columns, manifest } = columnsFromKeys(grid, KEY_ROW - 1);
    if (columns.has("action_id") && columns.has("action")) {
      return { grid, manifest, columns, firstDataRow: FIRST_DATA_ROW - 1, hasIds: true };
    }
  }
  for (const grid of book.sheets) {
    for (let row = 0; row < Math.min(grid.rows, 5); row++) {
      const columns = columnsFromHeaders(grid, row);
      if (columns.has("action") && [...columns.keys()].some((k) => k.startsWith("amount:"))) {
        const { manifest } = columnsFromKeys(grid, Math.max(0, row - 1));
        return { grid, manifest, columns, firstDataRow: row + 1, hasIds: columns.has("action_id") };
      }
    }
  }
  throw new MatrizError("spreadsheet_wrong_sheet", { file });
}

function address(row: number, col: number): string {
  return XLSX.utils.encode_cell({ r: row, c: col });
}

/** Whether a number format shows a date; a file uses few formats, each parsed once per file. */
function dateFormats(): (format: string) => boolean {
  const known = new Map<string, boolean>();
  return (format) => {
    const seen = known.get(format);
    if (seen !== undefined) return seen;
    const isDate = XLSX.SSF.is_date(format);
    known.set(format, isDate);
    return isDate;
  };
}

/** Formulas, merged cells, dates and error values (#DIV/0!) are refused for the whole file: their values cannot be trusted. */
export function checkCells(layout: SheetLayout, file: string, lang: Language): void {
  const { grid } = layout;
  for (const merge of grid.merges) {
    if (merge.e.r >= layout.firstDataRow - 1) {
      throw new MatrizError("spreadsheet_merged_cells", { file, sheet: grid.name, range: XLSX.utils.encode_range(merge) });
    }
  }
  const wanted = [...layout.columns.entries()];
  const isDateFormat = dateFormats();
  const expected = (c: number) => ((wanted.find(([, col]) => col === c)?.[0] ?? "").startsWith("amount:") ? "amount" : "value");
  let r = layout.firstDataRow;
  // One visitor for every cell of the file, not a closure per row or cell.
  const visit = (cell: XLSX.CellObject | undefined, c: number) => {
    if (!cell) return;
    if (cell.f) throw new MatrizError("spreadsheet_formula", { file, sheet: grid.name, cell: address(r, c), found: `=${String(cell.f).slice(0, 200)}` });
    if (cell.t === "e") throw new MatrizError("spreadsheet_error_value", { file, sheet: grid.name, cell: address(r, c), found: errorName(cell), expected: say(lang, expected(c)) });
    const isDate = cell.t === "d" || (cell.t === "n" && typeof cell.z === "string" && isDateFormat(cell.z));
    if (isDate) throw new MatrizError("spreadsheet_date_serial", { file, sheet: grid.name, cell: address(r, c), expected: say(lang, expected(c)) });
  };
  // Only the cells there are (forEach skips holes): a row may be sparse up to column XFD.
  for (; r < grid.rows; r++) grid.row(r)?.forEach(visit);
}

export interface ParseOptions {
  file: string;
  language: Language;
  /** How the plan's country writes "1.250" (null: not known); the file's own amounts decide first. */
  numberLocale: NumberLocale | null;
  /** Institution the file is for when its manifest was lost. */
  institutionId: string | null;
}

/**
 * A file that lost its hidden key row was matched by its headings, which know only
 * Matriz's own columns: the plan's own columns are found here by their heading in
 * either language, as the export wrote it.
 */
function withPlanColumns(layout: SheetLayout, base: FinanceSnapshot): Map<string, number> {
  const columns = new Map(layout.columns);
  const headerRow = layout.firstDataRow - 1;
  if (headerRow < 0) return columns;
  const taken = new Set(columns.values());
  for (const column of base.columns ?? []) {
    const key = customKey(column.key);
    if (columns.has(key)) continue;
    const wanted = new Set([normaliseText(column.heading.es), normaliseText(column.heading.en)]);
    for (let c = 0; c < layout.grid.cols; c++) {
      if (taken.has(c) || !wanted.has(normaliseText(rawText(layout.grid.cell(headerRow, c))))) continue;
      columns.set(key, c);
      taken.add(c);
      break;
    }
  }
  return columns;
}

/** Reads the rows against the export base they were made from. */
export function parseReturned(layout: SheetLayout, base: FinanceSnapshot, options: ParseOptions): ReturnedFile {
  const { grid } = layout;
  const columns = withPlanColumns(layout, base);
  const lang = options.language;
  const result: ReturnedFile = { sheet: grid.name, custom: [], values: new Map(), errors: [], outside: [], proposed: [], matches: [], rowsRead: 0 };
  const customSeen = new Map<string, CustomReturn | null>();
  const header = (key: string) => {
    const col = columns.get(key);
    const text = col === undefined ? "" : rawText(grid.cell(layout.firstDataRow - 1, col));
    return text || key;
  };
  const fail = (row: number, key: string, found: string, expected: Expected, params: Record<string, string> = {}) =>
    result.errors.push({ file: options.file, sheet: grid.name, row: row + 1, column: header(key), found, expected: say(lang, expected, params) });
  const text = (row: number, key: string): string | undefined => {
    const col = columns.get(key);
    return col === undefined ? undefined : rawText(grid.cell(row, col)).trim();
  };

  // Looked up by keys that came from the file: maps, so "__proto__" is not an action.
  const baseActions = new Map(Object.entries(base.actions));
  const baseLines = new Map(Object.entries(base.lines));
  const baseInstitutions = new Map(Object.entries(base.institutions));
  // Built on the first row without ids: a file that kept them never needs it.
  let byText: Map<string, string[]> | undefined;
  const actionsWithText = (text: string): string[] => {
    if (!byText) {
      byText = new Map();
      for (const [id, cells] of baseActions) {
        const key = normaliseText(cells.action);
        byText.set(key, [...(byText.get(key) ?? []), id]);
      }
    }
    return byText.get(normaliseText(text)) ?? [];
  };
  // (action, institution) pairs of the export, without building a key string per row.
  const pairs = new Map<string, Set<string>>();
  for (const [action, institution] of base.pairs) {
    const set = pairs.get(action);
    if (set) set.add(institution);
    else pairs.set(action, new Set([institution]));
  }
  const isPair = (action: string, institution: string) => pairs.get(action)?.has(institution) ?? false;
  const institutionByLabel = new Map(Object.entries(base.institutions).map(([id, label]) => [normaliseText(label), id]));
  // Built on the first row matched by its text, as the text index above.
  let byPairYear: Map<string, string[]> | undefined;
  const baseLinesOf = (action: string, institution: string, year: number): string[] => {
    if (!byPairYear) {
      byPairYear = new Map();
      for (const [id, line] of baseLines) {
        const key = `${line.actionId}\u0000${line.institutionId}\u0000${line.year}`;
        byPairYear.set(key, [...(byPairYear.get(key) ?? []), id]);
      }
    }
    return byPairYear.get(`${action}\u0000${institution}\u0000${year}`) ?? [];
  };
  const claimed = new Set<string>();
  const years = [...columns.keys()].filter((k) => k.startsWith("amount:")).map((k) => Number(k.slice(7)));
  const fixedInstitution = base.institutionId ?? options.institutionId;

  // How this file writes "1.250": as its own unambiguous amounts do when they agree, else as the
  // country does; a file whose amounts use both decimal marks leaves such text unread.
  const marks = new Set<string>();
  for (const year of years) {
    const col = columns.get(amountKey(year))!;
    for (let r = layout.firstDataRow; r < grid.rows; r++) {
      const cell = grid.cell(r, col);
      const mark = cell?.t === "s" ? decimalMarkShown(String(cell.v)) : null;
      if (mark) marks.add(mark);
    }
  }
  const style: NumberLocale | null = marks.size === 0 ? options.numberLocale : marks.size === 1 ? (marks.has(",") ? "es" : "en") : null;
  /** An amount cell read, or what was expected instead. */
  const readAmount = (cell: XLSX.CellObject | undefined, raw: string): { ok: true; value: number; currency: string | null } | { ok: false; expected: Expected } => {
    const parsed = cell?.t === "n" ? parseAmount(cell.v as number, style) : parseAmount(raw, style);
    if (!parsed.ok) return { ok: false, expected: parsed.ambiguous ? "unambiguous" : "amount" };
    if (parsed.value < 0) return { ok: false, expected: "positive" };
    // Beyond what is stored exactly in hundredths: a typing slip, said as such instead of failing later.
    if (parsed.value > MAX_AMOUNT) return { ok: false, expected: "amount" };
    // 0.001 or 123456.789 would be rounded to the cent without a word.
    if (!isWholeCents(parsed.value)) return { ok: false, expected: "cents" };
    return parsed;
  };

  /**
   * A row for an action the plan does not have: a proposal the secretariat reviews
   * and may add. Read leniently, since nothing is applied from it: an amount or
   * source that cannot be read is left out rather than refusing the file.
   */
  const proposal = (r: number, actionText: string, written: string, values: Map<string, string>): ProposedAction => {
    // Blank in an institution's own workbook: that institution. A name the export listed, however
    // it was typed ("dgm/igm"), is that institution; other names are looked up in the directory by the preview.
    const known = written ? institutionByLabel.get(normaliseText(written)) : fixedInstitution;
    const institution = known ? (baseInstitutions.get(known) ?? written) : written;
    const code = (values.get("currency") ?? "").toUpperCase();
    // A currency that cannot be read leaves the amounts out: never an amount in the wrong currency.
    const currency = !code ? base.baseCurrency : isCurrencyCode(code) ? code : null;
    const lines: ProposedAction["lines"] = [];
    for (const year of currency && institution ? years : []) {
      const cell = grid.cell(r, columns.get(amountKey(year))!);
      const raw = rawText(cell).trim();
      if (!raw) continue;
      const parsed = readAmount(cell, raw);
      if (parsed.ok && (!parsed.currency || parsed.currency === currency)) lines.push({ year, amount: parsed.value, currency: currency! });
    }
    return {
      row: r + 1,
      text: actionText,
      institution,
      amounts: Object.fromEntries(years.map((y) => [String(y), values.get(amountKey(y)) ?? ""]).filter(([, v]) => v)),
      lines,
      institutionId: known ?? null,
      funding_source: fundingSourceFrom(values.get("funding_source") ?? "") ?? null,
      pei: values.get("pei") || null,
      poa: values.get("poa") || null,
    };
  };

  for (let r = layout.firstDataRow; r < grid.rows; r++) {
    const values = new Map<string, string>();
    let blank = true;
    for (const [key, col] of columns) {
      const value = rawText(grid.cell(r, col)).trim();
      values.set(key, value);
      if (value !== "") blank = false;
    }
    if (blank) continue;
    result.rowsRead++;
    const errorsBefore = result.errors.length;

    // Which action and institution this row is about.
    let actionId = values.get("action_id") ?? "";
    let institutionId = values.get("institution_id") ?? "";
    let lineIds: Map<number, string> | null = new Map();
    if (actionId) {
      lineIds = parseLineIds(values.get("line_ids") ?? "");
      if (!baseActions.has(actionId) || !lineIds) {
        fail(r, "action_id", actionId, "knownAction");
        continue;
      }
      if (!institutionId && fixedInstitution) institutionId = fixedInstitution;
      if (!isPair(actionId, institutionId) || (fixedInstitution && institutionId !== fixedInstitution)) {
        fail(r, "institution_id", baseInstitutions.get(institutionId) ?? institutionId, "institution");
        continue;
      }
      for (const id of lineIds.values()) {
        if (!baseLines.has(id) || claimed.has(id)) {
          fail(r, "line_ids", values.get("line_ids") ?? "", "uniqueRow");
          lineIds = null;
          break;
        }
      }
      if (!lineIds) continue;
    } else {
      const actionText = values.get("action") ?? "";
      const candidates = actionsWithText(actionText);
      const label = values.get("institution") ?? "";
      institutionId = (label && institutionByLabel.get(normaliseText(label))) || fixedInstitution || "";
      const match = candidates.find((id) => isPair(id, institutionId));
      if (!match) {
        if (actionText) result.proposed.push(proposal(r, actionText, label, values));
        else fail(r, "action", "", "actionText");
        continue;
      }
      actionId = match;
      result.matches.push({ row: r + 1, actionId, institutionId, text: actionText });
      for (const year of years) {
        const id = baseLinesOf(actionId, institutionId, year).find((l) => !claimed.has(l));
        if (id) lineIds.set(year, id);
      }
    }
    for (const id of lineIds.values()) claimed.add(id);

    // Locked cells the institution changed anyway: shown, never applied.
    const cells = baseActions.get(actionId)!;
    for (const key of STRUCTURE_KEYS) {
      const found = values.get(key);
      if (found === undefined || found === cells[key] || normaliseText(found) === normaliseText(cells[key])) continue;
      if (!layout.hasIds && key === "action") continue;
      result.outside.push({ row: r + 1, column: header(key), actionId, base: cells[key], found });
    }

    // The plan's own columns: a locked one changed is shown like the structure; an open one is read by its kind.
    for (const column of base.columns ?? []) {
      const key = customKey(column.key);
      const col = columns.get(key);
      if (col === undefined) continue;
      const cell = grid.cell(r, col);
      const found = cell?.t === "n" && column.kind === "number" ? String(cell.v) : (values.get(key) ?? "");
      const was = cells.custom?.[column.key] ?? "";
      if (!column.open) {
        if (normaliseText(found) !== normaliseText(was)) result.outside.push({ row: r + 1, column: header(key), actionId, base: was, found });
        continue;
      }
      const read = readCustomInput(column, found, style);
      if (!read.ok) {
        const expected = read.problem === "number" ? "number" : read.problem === "date" ? "date" : "choice";
        fail(r, key, found, expected, { choices: column.options.join(", ") });
        continue;
      }
      // An action on several rows must say the same on each.
      const seen = customSeen.get(`${actionId}\u0000${key}`);
      if (seen !== undefined) {
        if ((seen?.value ?? was) !== read.value) fail(r, key, found, "sameValue", { value: seen?.value ?? was });
        continue;
      }
      const change = read.value === was ? null : { row: r + 1, column: header(key), actionId, institutionId, key: column.key, base: was, value: read.value };
      customSeen.set(`${actionId}\u0000${key}`, change);
    }

    // The row's shared values; a column the file no longer has keeps the base value.
    const shared: Partial<Omit<LineFields, "amount">> = {};
    for (const key of SHARED_KEYS) {
      const value = values.get(key);
      if (value === undefined) continue;
      if (key === "currency") {
        const code = value.toUpperCase();
        if (!code) shared.currency = base.baseCurrency;
        else if (isCurrencyCode(code)) shared.currency = code;
        else fail(r, key, value, "currency");
      } else if (key === "funding_source") {
        if (!value) shared.funding_source = null;
        else {
          const source = fundingSourceFrom(value);
          if (source) shared.funding_source = source;
          else fail(r, key, value, "source");
        }
      } else {
        shared[key as Exclude<SharedKey, "currency" | "funding_source">] = value === "" ? null : value;
      }
    }

    const rowValues: Array<[string, LineRecord | null]> = [];
    for (const year of years) {
      const col = columns.get(amountKey(year))!;
      const cell = grid.cell(r, col);
      const raw = rawText(cell).trim();
      const lineId = lineIds.get(year);
      const baseLine = lineId ? baseLines.get(lineId) : undefined;
      let amount: number | null;
      if (!raw) {
        if (!baseLine) continue;
        // Clearing an amount removes the line; a line exported without amount stays as it was.
        if (baseLine.fields.amount !== null) {
          rowValues.push([lineId!, null]);
          continue;
        }
        amount = null;
      } else {
        const parsed = readAmount(cell, raw);
        if (!parsed.ok) {
          fail(r, amountKey(year), raw, parsed.expected);
          continue;
        }
        const currency = shared.currency ?? baseLine?.fields.currency ?? base.baseCurrency;
        if (parsed.currency && parsed.currency !== currency) {
          fail(r, amountKey(year), raw, "sameCurrency", { currency });
          continue;
        }
        amount = toMinor(parsed.value);
      }
      const defaults: LineFields = baseLine?.fields ?? {
        amount: null,
        currency: base.baseCurrency,
        funding_source: null,
        pei: null,
        poa: null,
        budget_code: null,
        note: null,
      };
      const record: LineRecord = { actionId, institutionId, year, fields: { ...defaults, ...shared, amount } };
      let key = lineId;
      if (!key) {
        key = `new:${actionId}:${institutionId}:${year}`;
        for (let n = 2; result.values.has(key); n++) key = `new:${actionId}:${institutionId}:${year}#${n}`;
      }
      rowValues.push([key, record]);
    }
    // A row with an unreadable cell contributes nothing, so it cannot half-apply.
    if (result.errors.length === errorsBefore) for (const [key, value] of rowValues) result.values.set(key, value);
  }
  for (const change of customSeen.values()) if (change) result.custom.push(change);
  return result;
}
