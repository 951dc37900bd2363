/**
 * Writes the finance workbook for one institution (or the whole plan) with
 * exceljs: an instructions sheet, then the actions with structure cells locked
 * and financial cells open, dropdowns, number formats, a frozen header and a
 * print setup. Hidden ids and a manifest let the returned file be merged three
 * ways against the snapshot kept in export_record.
 */
import ExcelJS from "exceljs";
import fs from "node:fs";
import path from "node:path";
import type { Database as Db } from "better-sqlite3";
import { FUNDING_SOURCES } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import { xmlSafe } from "../domain/safe-text";
import { fromMinor } from "../domain/money";
import { translate, type Language } from "../i18n";
import { MONEY_FORMAT, boldFont, columnLetter, printSetup, setText, styleHeader, wrappedRowHeight } from "../reports/workbook-style";
import { statements } from "../storage/change-log";
import { syncFolder } from "../storage/plan-file";
import { storageFailure } from "../storage/storage-errors";
import { removeStaleTempFiles, tempPathFor } from "../storage/temp-files";
import { FIRST_DATA_ROW, HEADER_ROW, KEY_ROW, financeColumns, lineIdsText, manifestText, type ColumnSpec, type StructureKey } from "./layout";
import { exportRows, findInstitution, planIdentity, takeSnapshot, type FinanceSnapshot, type SnapshotColumn } from "./snapshot";
import { fundingLabel } from "./wording";

export interface FinanceExportOptions {
  /** Acronym, label or name; none exports the whole plan. */
  institution?: string | null;
  language?: Language;
  /** Blank rows left open at the end for proposed new actions. */
  spareRows?: number;
  at?: string;
  /** Called once the workbook is built, just before anything is written: throwing there (a cancelled task) leaves no file and no record. */
  beforeWrite?: () => void;
}

export interface FinanceWorkbook {
  buffer: Buffer;
  exportId: string;
  rows: number;
  snapshot: FinanceSnapshot;
  createdAt: string;
}

/** ISO 4217 codes the runtime knows, for the currency dropdown and for checking what comes back. */
export const CURRENCY_CODES: readonly string[] = Intl.supportedValuesOf("currency");
const CURRENCY_SET = new Set(CURRENCY_CODES);
export function isCurrencyCode(code: string): boolean {
  return CURRENCY_SET.has(code);
}

const TEXT_FORMAT = "@";
const OPEN = { locked: false } as const;

function addInstructions(workbook: ExcelJS.Workbook, lang: Language, lines: string[]) {
  const sheet = workbook.addWorksheet(translate(lang, "report.finance.instructionsSheet"));
  sheet.getColumn(1).width = 110;
  lines.forEach((line, index) => {
    const cell = sheet.getCell(index + 1, 1);
    setText(cell, line);
    cell.alignment = { wrapText: true, vertical: "top" };
    if (index === 0) cell.font = boldFont({ size: 14 });
    else sheet.getRow(index + 1).height = wrappedRowHeight([[line, 110]]);
  });
  printSetup(sheet, "1:1");
}

function addLists(workbook: ExcelJS.Workbook, lang: Language): { currencies: string; sources: string } {
  const sheet = workbook.addWorksheet(translate(lang, "report.finance.listsSheet"), { state: "hidden" });
  CURRENCY_CODES.forEach((code, i) => (sheet.getCell(i + 1, 1).value = code));
  FUNDING_SOURCES.forEach((source, i) => (sheet.getCell(i + 1, 2).value = fundingLabel(lang, source)));
  const name = `'${sheet.name}'`;
  return { currencies: `${name}!$A$1:$A$${CURRENCY_CODES.length}`, sources: `${name}!$B$1:$B$${FUNDING_SOURCES.length}` };
}

/** Builds the workbook and the snapshot it was made from; recording the export is the caller's step. */
export async function buildFinanceWorkbook(db: Db, options: FinanceExportOptions = {}): Promise<FinanceWorkbook> {
  const plan = planIdentity(db);
  const lang = options.language ?? plan.language;
  let institution: { id: string; label: string } | null = null;
  if (options.institution) {
    institution = findInstitution(db, options.institution) ?? null;
    if (!institution) throw new MatrizError("unknown_institution", { institution: options.institution });
  }
  const snapshot = takeSnapshot(db, institution?.id ?? null, lang);
  const exportId = newId();
  const createdAt = options.at ?? new Date().toISOString();
  const columns = financeColumns(snapshot.years, snapshot.columns ?? []);
  const col = new Map(columns.map((c, i) => [c.key, i + 1]));

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Matriz";
  // The title also goes into the file's properties (docProps/core.xml), outside any cell.
  workbook.title = xmlSafe(plan.title);
  addInstructions(workbook, lang, [
    translate(lang, "report.finance.title", { plan: plan.title }),
    institution ? translate(lang, "report.finance.forInstitution", { institution: institution.label }) : translate(lang, "report.finance.wholePlan"),
    // Numbers as text: an id is not written with thousands separators.
    translate(lang, "report.finance.exported", { date: createdAt.slice(0, 10), revision: String(snapshot.revision), export: exportId }),
    "",
    ...translate(lang, "report.finance.steps").split("\n"),
  ]);
  const sheet = workbook.addWorksheet(translate(lang, "report.finance.actionsSheet"), { views: [{ state: "frozen", ySplit: HEADER_ROW, xSplit: 0 }] });
  const lists = addLists(workbook, lang);
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width, hidden: c.kind === "hidden" }));

  const keyRow = sheet.getRow(KEY_ROW);
  columns.forEach((c, i) => (keyRow.getCell(i + 1).value = c.key));
  keyRow.getCell(col.get("manifest")!).value = manifestText({
    plan: plan.id,
    institution: institution?.id ?? null,
    export: exportId,
    revision: snapshot.revision,
  });
  keyRow.hidden = true;
  const header = sheet.getRow(HEADER_ROW);
  columns.forEach((c, i) => (header.getCell(i + 1).value = c.header[lang]));
  styleHeader(header);

  const rows = exportRows(snapshot);
  const structure = (c: ColumnSpec) => c.kind === "structure";
  rows.forEach((row, index) => {
    const excelRow = sheet.getRow(FIRST_DATA_ROW + index);
    const action = snapshot.actions[row.actionId]!;
    const wrapped: Array<[string | null | undefined, number]> = [];
    for (const [i, c] of columns.entries()) {
      const cell = excelRow.getCell(i + 1);
      if (structure(c)) {
        const text = c.key === "institution" ? snapshot.institutions[row.institutionId]! : action[c.key as StructureKey];
        setText(cell, text);
        cell.alignment = { wrapText: true, vertical: "top" };
        wrapped.push([text, c.width]);
        continue;
      }
      if (c.kind === "custom") {
        writeCustomCell(cell, c.custom!, action.custom?.[c.custom!.key] ?? "");
        wrapped.push([action.custom?.[c.custom!.key], c.width]);
        continue;
      }
      if (c.kind === "hidden") {
        if (c.key === "action_id") cell.value = row.actionId;
        else if (c.key === "institution_id") cell.value = row.institutionId;
        else if (c.key === "line_ids") cell.value = lineIdsText(row.lineIds);
        continue;
      }
      cell.protection = OPEN;
      cell.alignment = { wrapText: true, vertical: "top" };
      if (c.year !== undefined) {
        const minor = row.amounts.get(c.year);
        if (minor !== undefined && minor !== null) cell.value = fromMinor(minor);
        cell.numFmt = MONEY_FORMAT;
      } else if (c.key === "currency") {
        cell.value = row.shared.currency;
      } else if (c.key === "funding_source") {
        if (row.shared.funding_source) cell.value = fundingLabel(lang, row.shared.funding_source);
      } else {
        const text = row.shared[c.key as "pei" | "poa" | "budget_code" | "note"];
        setText(cell, text);
        // What the institution wrote last time counts for the height too (a note can be long).
        wrapped.push([text, c.width]);
        // Text format keeps "2019-01" or "1/2" as typed instead of turning them into dates.
        cell.numFmt = TEXT_FORMAT;
      }
    }
    // Sized on opening (LibreOffice would keep one line and hide the rest); a row whose
    // note grows while being filled in is heightened in the spreadsheet as usual.
    excelRow.height = wrappedRowHeight(wrapped);
  });
  const spare = options.spareRows ?? 20;
  for (let r = 0; r < spare; r++) {
    const excelRow = sheet.getRow(FIRST_DATA_ROW + rows.length + r);
    columns.forEach((c, i) => {
      if (c.kind === "hidden") return;
      const cell = excelRow.getCell(i + 1);
      if (c.kind === "custom") return writeCustomCell(cell, c.custom!, "");
      cell.protection = OPEN;
      if (c.year !== undefined) cell.numFmt = MONEY_FORMAT;
    });
  }
  const lastRow = FIRST_DATA_ROW + rows.length + spare - 1;
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const range = (key: string) => `${columnLetter(col.get(key)!)}${FIRST_DATA_ROW}:${columnLetter(col.get(key)!)}${lastRow}`;
  validations.add(range("currency"), { type: "list", allowBlank: true, formulae: [lists.currencies], showErrorMessage: true });
  validations.add(range("funding_source"), { type: "list", allowBlank: true, formulae: [lists.sources], showErrorMessage: true });
  for (const year of snapshot.years) {
    validations.add(range(`amount:${year}`), { type: "decimal", operator: "greaterThanOrEqual", allowBlank: true, formulae: [0], showErrorMessage: true });
  }
  for (const c of columns) {
    const custom = c.custom;
    if (!custom?.open) continue;
    if (custom.kind === "number") validations.add(range(c.key), { type: "decimal", operator: "between", allowBlank: true, formulae: [-1e15, 1e15], showErrorMessage: true });
    // A list typed inline holds at most 255 characters; a longer one is checked on import instead.
    const inline = `"${custom.options.join(",")}"`;
    if (custom.kind === "list" && inline.length <= 255 && !custom.options.some((o) => o.includes(",") || o.includes('"'))) {
      validations.add(range(c.key), { type: "list", allowBlank: true, formulae: [inline], showErrorMessage: true });
    }
  }
  const lastVisible = columns.filter((c) => c.kind !== "hidden").length;
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: lastVisible } };
  await sheet.protect("", {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    autoFilter: true,
    sort: true,
  });
  printSetup(sheet, `${KEY_ROW}:${HEADER_ROW}`);

  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, exportId, rows: rows.length, snapshot, createdAt };
}

/**
 * A cell of the plan's own column: a number as a number, anything else as text
 * (so a date typed as 2018-03-31 stays text rather than becoming a date serial);
 * open for the institution to fill, or locked like the rest of the structure.
 */
function writeCustomCell(cell: ExcelJS.Cell, column: SnapshotColumn, value: string): void {
  if (column.kind === "number" && value !== "") cell.value = Number(value);
  else setText(cell, value || null);
  if (column.kind !== "number") cell.numFmt = TEXT_FORMAT;
  cell.alignment = { wrapText: true, vertical: "top" };
  if (column.open) cell.protection = OPEN;
}

export function recordExport(db: Db, made: FinanceWorkbook, fileName: string): void {
  statements(db)
    .get("INSERT INTO export_record (id, institution_id, revision, created_at, file_name, snapshot) VALUES (?, ?, ?, ?, ?, ?)")
    .run(made.exportId, made.snapshot.institutionId, made.snapshot.revision, made.createdAt, fileName, JSON.stringify(made.snapshot));
}

/**
 * Writes the workbook under a temporary name and flushes it, records the export
 * base in the plan (committed), then renames it into place and flushes the
 * folder. After a power cut at any moment there is never a workbook without its
 * record (a record whose file never arrived is harmless: nothing comes back from
 * it); a rename that fails takes the record back. The temporary file a kill
 * leaves is removed by the next export to that folder.
 */
export async function exportFinanceWorkbook(db: Db, out: string, options: FinanceExportOptions = {}): Promise<FinanceWorkbook> {
  // A plan open read-only cannot keep the record an export needs to come back.
  if (db.pragma("query_only", { simple: true }) === 1) throw new MatrizError("plan_read_only", { reason: "file" });
  const made = await buildFinanceWorkbook(db, options);
  options.beforeWrite?.();
  // What an export killed before finishing (or a power cut) left in this folder goes first.
  removeStaleTempFiles(path.dirname(out));
  const temp = tempPathFor(out);
  let recorded = false;
  try {
    const fd = fs.openSync(temp, "w");
    try {
      fs.writeFileSync(fd, made.buffer);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    recordExport(db, made, path.basename(out));
    recorded = true;
    fs.renameSync(temp, out);
    syncFolder(path.dirname(out));
  } catch (error) {
    fs.rmSync(temp, { force: true });
    if (recorded && !fs.existsSync(out)) statements(db).get("DELETE FROM export_record WHERE id = ?").run(made.exportId);
    if (error instanceof MatrizError) throw error;
    const failure = storageFailure(error, out);
    if (failure) throw failure;
    throw new MatrizError("io_error", { operation: "write", path: out, detail: (error as Error).message });
  }
  return made;
}
