/**
 * The monitoring workbook of one institution for one reporting period, made
 * the way the finance workbook is: instructions, one locked sheet whose open
 * cells are the status (a dropdown), the progress note, and for each indicator
 * the value reached, its note and source; hidden ids and a manifest; the
 * snapshot it was made from kept in export_record as the merge's base.
 */
import ExcelJS from "exceljs";
import type { Database as Db } from "better-sqlite3";
import { ACTION_STATUSES } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import { parsePeriod } from "../domain/periods";
import { translate, type Language, type MessageKey } from "../i18n";
import { GROUP_FILL, boldFont, columnLetter, printSetup, setText, styleHeader, wrappedRowHeight } from "../reports/workbook-style";
import { statements } from "../storage/change-log";
import fs from "node:fs";
import path from "node:path";
import { findInstitution, planRevision } from "../spreadsheet/snapshot";
import { monitoringState } from "./state";
import { actualKey, columnHeader, monitoringColumns, monitoringManifestText, type MonitoringSnapshot } from "./workbook-layout";

export interface MonitoringExportOptions {
  institution: string;
  period: string;
  language?: Language;
  at?: string;
}

export interface MonitoringWorkbook {
  buffer: Buffer;
  exportId: string;
  rows: number;
  snapshot: MonitoringSnapshot;
  createdAt: string;
}

type R = Record<string, any>;

const OPEN = { locked: false } as const;
const LOCKED_FILL = GROUP_FILL;
const VALUE_FORMAT = "#,##0.##";

export async function buildMonitoringWorkbook(db: Db, options: MonitoringExportOptions): Promise<MonitoringWorkbook> {
  const period = options.period.trim();
  if (!parsePeriod(period)) throw new MatrizError("bad_period", { value: options.period });
  const institution = findInstitution(db, options.institution);
  if (!institution) throw new MatrizError("unknown_institution", { institution: options.institution });
  const { plan, actions, institutions, notes, indicators } = monitoringState(db, institution.id, period);
  const lang = options.language ?? plan.language;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(lang, key, params);
  const exportId = newId();
  const createdAt = options.at ?? new Date().toISOString();
  const revision = planRevision(db);
  const snapshot: MonitoringSnapshot = {
    kind: "monitoring",
    planId: plan.id,
    institutionId: institution.id,
    institutions: { [institution.id]: institution.label },
    period,
    revision,
    language: lang,
    actions: {},
    indicators: {},
  };

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Matriz";
  workbook.title = plan.title;
  const instructions = workbook.addWorksheet(t("monitoring.workbook.instructionsSheet"));
  instructions.getColumn(1).width = 110;
  const lines = [
    t("monitoring.workbook.title", { plan: plan.title, period }),
    t("monitoring.workbook.for", { institution: institution.label }),
    t("monitoring.workbook.exported", { date: createdAt.slice(0, 10), revision, export: exportId }),
    "",
    ...t("monitoring.workbook.steps").split("\n"),
  ];
  lines.forEach((line, i) => {
    const cell = instructions.getCell(i + 1, 1);
    setText(cell, line);
    cell.alignment = { wrapText: true, vertical: "top" };
    if (i === 0) cell.font = boldFont({ size: 14 });
    else instructions.getRow(i + 1).height = wrappedRowHeight([[line, 110]]);
  });
  printSetup(instructions, "1:1");

  const columns = monitoringColumns(period);
  const col = new Map(columns.map((c, i) => [c.key, i + 1]));
  const sheet = workbook.addWorksheet(t("monitoring.workbook.sheet"), { views: [{ state: "frozen", ySplit: 2, xSplit: 0 }] });
  const lists = workbook.addWorksheet(t("monitoring.workbook.listsSheet"), { state: "hidden" });
  const statusLabels = ACTION_STATUSES.map((s) => t(`ui.status.${s}` as MessageKey));
  statusLabels.forEach((label, i) => (lists.getCell(i + 1, 1).value = label));
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width, hidden: c.kind === "hidden" }));
  const keyRow = sheet.getRow(1);
  columns.forEach((c, i) => (keyRow.getCell(i + 1).value = c.key));
  keyRow.getCell(col.get("manifest")!).value = monitoringManifestText({ plan: plan.id, institution: institution.id, export: exportId, revision, period });
  keyRow.hidden = true;
  const header = sheet.getRow(2);
  columns.forEach((c, i) => (header.getCell(i + 1).value = columnHeader(c, lang, period)));
  styleHeader(header);

  let rowNumber = 3;
  const statusRows: number[] = [];
  const valueRows: number[] = [];
  const put = (excelRow: ExcelJS.Row, key: string, text: string | null | undefined) => setText(excelRow.getCell(col.get(key)!), text);
  for (const action of actions) {
    const pillarTitle = `${action.pillar_number}. ${(lang === "es" ? action.title_es : action.title_en) || action.title_es}`;
    const note = notes.get(action.id) ?? null;
    snapshot.actions[action.id] = { status: action.status, note };
    const row = sheet.getRow(rowNumber);
    put(row, "pillar", pillarTitle);
    put(row, "need", action.need);
    put(row, "action", action.text);
    put(row, "institutions", (institutions.get(action.id) ?? []).join(", "));
    put(row, "schedule", action.schedule);
    row.getCell(col.get("action_id")!).value = action.id;
    const status = row.getCell(col.get("status")!);
    status.value = t(`ui.status.${action.status}` as MessageKey);
    status.protection = OPEN;
    const noteCell = row.getCell(col.get("note")!);
    setText(noteCell, note);
    noteCell.protection = OPEN;
    noteCell.numFmt = "@";
    for (const key of [actualKey(period), "source", "indicator", "baseline", "target"]) row.getCell(col.get(key)!).fill = LOCKED_FILL;
    for (const c of columns) if (c.kind !== "hidden") row.getCell(col.get(c.key)!).alignment = { wrapText: true, vertical: "top" };
    row.height = wrappedRowHeight([[action.text, 44], [note, 44], [action.need, 26]]);
    statusRows.push(rowNumber);
    rowNumber++;
    for (const indicator of indicators.get(action.id) ?? []) {
      const title = (lang === "es" ? (indicator.title_es ?? indicator.title_en) : (indicator.title_en ?? indicator.title_es)) ?? indicator.title ?? "";
      const target = (indicator.targets ?? []).find((x) => (x.period ?? String(x.year)) === period)?.value ?? null;
      const actual = (indicator.actuals ?? []).find((a) => a.period === period);
      snapshot.indicators[indicator.id!] = { actionId: action.id, value: actual?.value ?? null, note: actual?.note ?? null, source: actual?.source ?? null };
      const r = sheet.getRow(rowNumber);
      put(r, "pillar", pillarTitle);
      put(r, "need", action.need);
      put(r, "action", action.text);
      put(r, "indicator", `${title} (${indicator.unit})`);
      if (indicator.baseline) r.getCell(col.get("baseline")!).value = indicator.baseline.value;
      if (target !== null) r.getCell(col.get("target")!).value = target;
      r.getCell(col.get("action_id")!).value = action.id;
      r.getCell(col.get("indicator_id")!).value = indicator.id!;
      const value = r.getCell(col.get(actualKey(period))!);
      if (actual?.value !== undefined && actual.value !== null) value.value = actual.value;
      value.numFmt = VALUE_FORMAT;
      value.protection = OPEN;
      for (const key of ["note", "source"] as const) {
        const cell = r.getCell(col.get(key)!);
        setText(cell, key === "note" ? actual?.note : actual?.source);
        cell.protection = OPEN;
        cell.numFmt = "@";
      }
      r.getCell(col.get("status")!).fill = LOCKED_FILL;
      for (const c of columns) if (c.kind !== "hidden") r.getCell(col.get(c.key)!).alignment = { wrapText: true, vertical: "top" };
      r.height = wrappedRowHeight([[action.text, 44], [title, 32], [actual?.note, 44]]);
      valueRows.push(rowNumber);
      rowNumber++;
    }
  }
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const statusColumn = columnLetter(col.get("status")!);
  const valueColumn = columnLetter(col.get(actualKey(period))!);
  const listRange = `'${lists.name}'!$A$1:$A$${statusLabels.length}`;
  for (const r of statusRows) validations.add(`${statusColumn}${r}`, { type: "list", allowBlank: true, formulae: [listRange], showErrorMessage: true });
  for (const r of valueRows) validations.add(`${valueColumn}${r}`, { type: "decimal", operator: "greaterThanOrEqual", allowBlank: true, formulae: [-1e15], showErrorMessage: true });
  const lastVisible = columns.filter((c) => c.kind !== "hidden").length;
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: lastVisible } };
  await sheet.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true, sort: true });
  printSetup(sheet, "1:2");
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, exportId, rows: rowNumber - 3, snapshot, createdAt };
}

export function recordMonitoringExport(db: Db, made: MonitoringWorkbook, fileName: string): void {
  statements(db)
    .get("INSERT INTO export_record (id, institution_id, revision, created_at, file_name, snapshot) VALUES (?, ?, ?, ?, ?, ?)")
    .run(made.exportId, made.snapshot.institutionId, made.snapshot.revision, made.createdAt, fileName, JSON.stringify(made.snapshot));
}

/**
 * Writes the workbook under a temporary name, records its base in the plan, then
 * renames: a failure leaves neither a half file nor a stray record.
 */
export async function exportMonitoringWorkbook(db: Db, out: string, options: MonitoringExportOptions): Promise<MonitoringWorkbook> {
  const made = await buildMonitoringWorkbook(db, options);
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, made.buffer);
    db.transaction(() => {
      recordMonitoringExport(db, made, path.basename(out));
      fs.renameSync(temp, out);
    })();
  } catch (error) {
    fs.rmSync(temp, { force: true });
    if (error instanceof MatrizError) throw error;
    throw new MatrizError("io_error", { operation: "write", path: out, detail: (error as Error).message });
  }
  return made;
}
