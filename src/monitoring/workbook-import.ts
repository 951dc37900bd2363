/**
 * A returned monitoring workbook through the same rules as a finance one: the
 * file is read by the spreadsheet reader (refused whole if it is not a workbook,
 * holds formulas, merged or date cells, or comes from another plan or an
 * outdated export), its values are merged three ways (the export's snapshot,
 * the plan now, the file), a change on one side only is applied, a value changed
 * on both sides to different things is a conflict kept with all three values,
 * the file is kept in the plan and every value it brought names it as the source,
 * and the same file imported twice changes nothing.
 */
import { createHash } from "node:crypto";
import type { Database as Db } from "better-sqlite3";
import * as XLSX from "xlsx";
import { ACTION_STATUSES } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import { parseAmount, type NumberLocale } from "../domain/numbers";
import { parsePeriod } from "../domain/periods";
import { statusFromText } from "../domain/status-words";
import { translate, type Language, type MessageKey } from "../i18n";
import { inChangeSet, nowIso, statements, type ChangeWriter } from "../storage/change-log";
import type { ReadWorkbook } from "../spreadsheet/read";
import { checkCells, type RowError } from "../spreadsheet/returned";
import { planIdentity } from "../spreadsheet/snapshot";
import { latestNotes } from "./state";
import { actualKey, MONITORING_VERSION, parseMonitoringManifest, type MonitoringManifest, type MonitoringSnapshot } from "./workbook-layout";

type R = Record<string, any>;

/** The fields a monitoring workbook returns, as the preview and the conflicts name them. */
export type MonitoringField = "status" | "progress_note" | "value_reached" | "value_note" | "value_source";
type Scalar = string | number | null;

/** One field of one action or indicator, three ways. */
interface Compared {
  key: string;
  field: MonitoringField;
  actionId: string;
  indicatorId: string | null;
  base: Scalar;
  plan: Scalar;
  returned: Scalar;
  /** The action or indicator is no longer in the plan. */
  gone: boolean;
}

export interface MonitoringChange {
  op: "changed";
  actionId: string;
  action: string;
  institution: string;
  year: number;
  fields: Record<string, [Scalar, Scalar]>;
}

export interface MonitoringConflict {
  key: string;
  field: MonitoringField;
  kind: "both_changed" | "edit_vs_delete";
  actionId: string;
  institutionId: string;
  year: number;
  base: Scalar;
  plan: Scalar;
  returned: Scalar;
}

export interface MonitoringRead {
  manifest: MonitoringManifest;
  base: MonitoringSnapshot;
  sheet: string;
  rowsRead: number;
  /** key → returned value, only where the file says something. */
  returned: Map<string, { field: MonitoringField; actionId: string; indicatorId: string | null; value: Scalar }>;
  errors: RowError[];
}

export interface MonitoringMergeResult {
  apply: Compared[];
  conflicts: MonitoringConflict[];
}

export function isMonitoringBook(book: ReadWorkbook): boolean {
  return book.sheets.some((grid) => {
    for (let c = 0; c < grid.cols; c++) if (parseMonitoringManifest(String(grid.cell(0, c)?.v ?? ""))) return true;
    return false;
  });
}

function rawText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return "";
  return String(cell.v);
}


/** Which export the file answers: this plan, an export the plan recorded, the latest one for its institution and period. */
function baseFor(db: Db, manifest: MonitoringManifest, file: string): MonitoringSnapshot {
  const plan = planIdentity(db);
  if (manifest.plan !== plan.id) throw new MatrizError("spreadsheet_other_plan", { file, found: manifest.plan, expected: plan.id });
  const record = statements(db).get("SELECT * FROM export_record WHERE id = ?").get(manifest.export) as R | undefined;
  if (!record) throw new MatrizError("spreadsheet_unknown_export", { file, export: manifest.export });
  if (manifest.version !== MONITORING_VERSION) throw new MatrizError("spreadsheet_stale_export", { file, newer: `v${MONITORING_VERSION}` });
  const base = JSON.parse(record.snapshot) as MonitoringSnapshot;
  if (base.kind !== "monitoring" || record.institution_id !== manifest.institution) {
    const label = (id: string) => (statements(db).get("SELECT label FROM institution WHERE id = ?").get(id) as R | undefined)?.label ?? id;
    throw new MatrizError("spreadsheet_other_institution", { file, found: label(manifest.institution), expected: label(record.institution_id) });
  }
  // A later monitoring workbook for the same institution and period replaces this one.
  const newer = statements(db)
    .get(
      `SELECT id, created_at FROM export_record WHERE institution_id IS ? AND json_extract(snapshot, '$.kind') = 'monitoring' AND json_extract(snapshot, '$.period') = ?
         AND (created_at > ? OR (created_at = ? AND rowid > (SELECT rowid FROM export_record WHERE id = ?))) ORDER BY created_at DESC LIMIT 1`,
    )
    .get(record.institution_id, base.period, record.created_at, record.created_at, record.id) as R | undefined;
  if (newer) throw new MatrizError("spreadsheet_stale_export", { file, newer: `${String(newer.created_at).slice(0, 10)}, ${newer.id}` });
  return base;
}

/** Reads the monitoring sheet of a returned workbook against the export it answers. */
export function readMonitoringBook(db: Db, book: ReadWorkbook, file: string, options: { language?: Language; numberLocale?: NumberLocale }): MonitoringRead {
  const lang = options.language ?? planIdentity(db).language;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(lang, key, params);
  for (const grid of book.sheets) {
    const columns = new Map<string, number>();
    let manifest: MonitoringManifest | null = null;
    for (let c = 0; c < grid.cols; c++) {
      const text = rawText(grid.cell(0, c)).trim();
      const found = parseMonitoringManifest(text);
      if (found) manifest = found;
      else if (text && !columns.has(text)) columns.set(text, c);
    }
    if (!manifest) continue;
    const base = baseFor(db, manifest, file);
    checkCells({ grid, manifest: null, columns, firstDataRow: 2, hasIds: true }, file, lang);
    const period = base.period;
    const result: MonitoringRead = { manifest, base, sheet: grid.name, rowsRead: 0, returned: new Map(), errors: [] };
    const header = (key: string) => {
      const col = columns.get(key);
      return (col === undefined ? "" : rawText(grid.cell(1, col)).trim()) || key;
    };
    const cell = (row: number, key: string) => {
      const col = columns.get(key);
      return col === undefined ? undefined : grid.cell(row, col);
    };
    const text = (row: number, key: string) => rawText(cell(row, key)).trim();
    const fail = (row: number, key: string, found: string, expected: string) => result.errors.push({ file, sheet: grid.name, row: row + 1, column: header(key), found, expected });
    const statuses = ACTION_STATUSES.map((s) => t(`ui.status.${s}` as MessageKey)).join(", ");
    const numberLocale = options.numberLocale ?? (lang === "es" ? "es" : "en");
    for (let r = 2; r < grid.rows; r++) {
      const actionId = text(r, "action_id");
      const indicatorId = text(r, "indicator_id");
      const filled = ["status", "note", "source", actualKey(period)].filter((k) => text(r, k) !== "");
      if (!actionId && !indicatorId) {
        // A row the institution added, or one whose hidden ids were cleared: said, never guessed at.
        if (filled.length) fail(r, filled[0]!, text(r, filled[0]!), t("monitoring.workbook.expectedIds"));
        continue;
      }
      result.rowsRead++;
      if (indicatorId) {
        const known = base.indicators[indicatorId];
        if (!known) {
          if (filled.length) fail(r, "indicator_id", indicatorId, t("monitoring.workbook.expectedIds"));
          continue;
        }
        if (text(r, "status")) fail(r, "status", text(r, "status"), t("monitoring.workbook.expectedEmpty", { kind: "indicator" }));
        const valueCell = cell(r, actualKey(period));
        const raw = text(r, actualKey(period));
        if (raw !== "") {
          let value: number | null = null;
          if (valueCell?.t === "n" && typeof valueCell.v === "number") value = valueCell.v;
          else {
            const parsed = parseAmount(raw, numberLocale);
            if (parsed.ok && !parsed.currency) value = parsed.value;
          }
          if (value === null || !Number.isFinite(value) || Math.abs(value) > 1e15) fail(r, actualKey(period), raw, t("monitoring.workbook.expectedNumber"));
          else result.returned.set(`mon:value:${indicatorId}`, { field: "value_reached", actionId: known.actionId, indicatorId, value });
        }
        if (text(r, "note")) result.returned.set(`mon:vnote:${indicatorId}`, { field: "value_note", actionId: known.actionId, indicatorId, value: text(r, "note") });
        if (text(r, "source")) result.returned.set(`mon:source:${indicatorId}`, { field: "value_source", actionId: known.actionId, indicatorId, value: text(r, "source") });
        continue;
      }
      if (!base.actions[actionId]) {
        if (filled.length) fail(r, "action_id", actionId, t("monitoring.workbook.expectedIds"));
        continue;
      }
      for (const key of [actualKey(period), "source"]) if (text(r, key)) fail(r, key, text(r, key), t("monitoring.workbook.expectedEmpty", { kind: "action" }));
      const statusText = text(r, "status");
      if (statusText) {
        const status = statusFromText(statusText);
        if (!status) fail(r, "status", statusText, t("monitoring.workbook.expectedStatus", { statuses }));
        else result.returned.set(`mon:status:${actionId}`, { field: "status", actionId, indicatorId: null, value: status });
      }
      if (text(r, "note")) result.returned.set(`mon:note:${actionId}`, { field: "progress_note", actionId, indicatorId: null, value: text(r, "note") });
    }
    return result;
  }
  throw new MatrizError("spreadsheet_wrong_sheet", { file });
}

/** The plan's values now, for the same keys. */
function planValue(db: Db, key: string, entry: { field: MonitoringField; actionId: string; indicatorId: string | null }, period: string): { value: Scalar; gone: boolean } {
  if (entry.indicatorId) {
    const indicator = statements(db).get("SELECT id FROM indicator WHERE id = ?").get(entry.indicatorId);
    if (!indicator) return { value: null, gone: true };
    const row = statements(db).get("SELECT value, note, source FROM indicator_value WHERE indicator_id = ? AND kind = 'actual' AND period = ? AND sex = '' AND age = ''").get(entry.indicatorId, period) as R | undefined;
    const column = entry.field === "value_reached" ? "value" : entry.field === "value_note" ? "note" : "source";
    return { value: (row?.[column] as Scalar | undefined) ?? null, gone: false };
  }
  const action = statements(db).get("SELECT status FROM action WHERE id = ?").get(entry.actionId) as R | undefined;
  if (!action) return { value: null, gone: true };
  if (entry.field === "status") return { value: action.status, gone: false };
  void key;
  return { value: latestNotes(db, [entry.actionId], period).get(entry.actionId) ?? null, gone: false };
}

function baseValue(base: MonitoringSnapshot, entry: { field: MonitoringField; actionId: string; indicatorId: string | null }): Scalar {
  if (entry.indicatorId) {
    const known = base.indicators[entry.indicatorId];
    if (!known) return null;
    return entry.field === "value_reached" ? known.value : entry.field === "value_note" ? known.note : known.source;
  }
  const action = base.actions[entry.actionId];
  return entry.field === "status" ? (action?.status ?? null) : (action?.note ?? null);
}

/** Three ways, field by field: one side changed → that side; both to the same → nothing; both differently → a conflict. */
export function mergeMonitoring(db: Db, read: MonitoringRead): MonitoringMergeResult {
  const apply: Compared[] = [];
  const conflicts: MonitoringConflict[] = [];
  const year = parsePeriod(read.base.period)!.year;
  for (const [key, entry] of read.returned) {
    const base = baseValue(read.base, entry);
    const returned = entry.value;
    if (returned === base) continue;
    const plan = planValue(db, key, entry, read.base.period);
    const compared: Compared = { key, field: entry.field, actionId: entry.actionId, indicatorId: entry.indicatorId, base, plan: plan.value, returned, gone: plan.gone };
    if (plan.gone) {
      conflicts.push({ key, field: entry.field, kind: "edit_vs_delete", actionId: entry.actionId, institutionId: read.base.institutionId, year, base, plan: null, returned });
    } else if (plan.value === base) {
      apply.push(compared);
    } else if (plan.value !== returned) {
      conflicts.push({ key, field: entry.field, kind: "both_changed", actionId: entry.actionId, institutionId: read.base.institutionId, year, base, plan: plan.value, returned });
    }
  }
  return { apply, conflicts };
}

/** What a monitoring file changes, counted for a summary: statuses, progress notes, and indicator values (with their notes and sources). */
export function monitoringCounts(changes: readonly MonitoringChange[]): { statuses: number; notes: number; values: number } {
  const counts = { statuses: 0, notes: 0, values: 0 };
  for (const change of changes) {
    for (const field of Object.keys(change.fields)) {
      if (field === "status") counts.statuses++;
      else if (field === "progress_note") counts.notes++;
      else counts.values++;
    }
  }
  return counts;
}

/** The merge as the preview's lines: which action, whose, which year, what becomes what. */
export function describeMonitoring(db: Db, read: MonitoringRead, merged: MonitoringMergeResult): MonitoringChange[] {
  const institution = read.base.institutions[read.base.institutionId] ?? read.base.institutionId;
  const year = parsePeriod(read.base.period)!.year;
  const text = (id: string) => (statements(db).get("SELECT text FROM action WHERE id = ?").get(id) as R | undefined)?.text ?? id;
  return merged.apply.map((c) => ({ op: "changed" as const, actionId: c.actionId, action: text(c.actionId), institution, year, fields: { [c.field]: [c.plan, c.returned] } }));
}

export interface MonitoringWriteMeta {
  /** The institution's label: progress notes it sent are signed with it. */
  institution: string;
  at: string;
}

/** Writes one value that came back; used by the import and by resolving a conflict with the returned (or base) side. */
export function writeMonitoringValue(db: Db, w: ChangeWriter, target: { field: MonitoringField; actionId: string; indicatorId: string | null }, period: string, value: Scalar, meta: MonitoringWriteMeta): void {
  if (target.field === "status") {
    if (typeof value !== "string") return;
    const current = w.read("action", target.actionId);
    if (!current || current.status === value) return;
    w.update("action", target.actionId, "status", value);
    w.update("action", target.actionId, "status_date", meta.at.slice(0, 10));
    return;
  }
  if (target.field === "progress_note") {
    if (typeof value !== "string" || !value.trim()) return;
    const action = w.read("action", target.actionId);
    if (!action) return;
    w.insert("progress_note", { id: newId(), action_id: target.actionId, period, status: action.status ?? "planned", note: value, author: meta.institution, recorded_at: meta.at.slice(0, 10) });
    return;
  }
  const indicatorId = target.indicatorId!;
  if (!w.read("indicator", indicatorId)) return;
  const column = target.field === "value_reached" ? "value" : target.field === "value_note" ? "note" : "source";
  const existing = statements(db).get("SELECT id FROM indicator_value WHERE indicator_id = ? AND kind = 'actual' AND period = ? AND sex = '' AND age = ''").get(indicatorId, period) as R | undefined;
  if (existing) w.update("indicator_value", existing.id, column, value);
  else if (value !== null) {
    const row = { id: newId(), indicator_id: indicatorId, kind: "actual", period, sex: "", age: "", value: null as Scalar, note: null as Scalar, source: null as Scalar };
    row[column] = value;
    w.insert("indicator_value", row);
  }
}

/** A conflict's stored key back to what it is about. */
export function monitoringTarget(key: string, actionId: string): { field: MonitoringField; actionId: string; indicatorId: string | null } | null {
  const match = /^mon:(status|note|value|vnote|source):(.+)$/.exec(key);
  if (!match) return null;
  const field = ({ status: "status", note: "progress_note", value: "value_reached", vnote: "value_note", source: "value_source" } as const)[match[1] as "status"];
  return { field, actionId, indicatorId: field === "status" || field === "progress_note" ? null : match[2]! };
}

export interface MonitoringImportOutcome {
  status: "applied" | "conflicts" | "preview";
  importedFileId: string | null;
  changeSetId: number | null;
  conflictIds: string[];
  read: MonitoringRead;
  merged: MonitoringMergeResult;
}

export function conflictKey(importedFileId: string, key: string, field: string | null): string {
  return `c${createHash("sha256").update(`${importedFileId}|${key}|${field ?? ""}`).digest("hex").slice(0, 10)}`;
}

/** Merges a monitoring workbook and (unless it is a dry run) applies it in one transaction with the file kept as its source. */
export function importMonitoringBook(
  db: Db,
  book: ReadWorkbook,
  file: { name: string; bytes: Buffer; sha256: string },
  options: { author: string; language?: Language; numberLocale?: NumberLocale; roundId?: string | null; dryRun?: boolean; at?: string },
): MonitoringImportOutcome {
  const read = readMonitoringBook(db, book, file.name, options);
  if (options.dryRun) return { status: "preview", importedFileId: null, changeSetId: null, conflictIds: [], read, merged: mergeMonitoring(db, read) };
  if (read.errors.length) {
    const first = read.errors[0]!;
    throw new MatrizError("spreadsheet_bad_rows", { file: file.name, count: read.errors.length, sheet: first.sheet, row: first.row, column: first.column, found: first.found, expected: first.expected });
  }
  const importedFileId = newId();
  const at = options.at ?? nowIso();
  const institution = read.base.institutions[read.base.institutionId] ?? read.base.institutionId;
  return db.transaction(() => {
    // Merged inside the transaction: the plan cannot change between merging and writing.
    const merged = mergeMonitoring(db, read);
    const conflictIds: string[] = [];
    const changeSetId = inChangeSet(
      db,
      { author: options.author, source: "imported", sourceFile: importedFileId, roundId: options.roundId ?? null, label: `import ${file.name}`, at },
      (w) => {
        statements(db)
          .get("INSERT INTO imported_file (id, file_name, sha256, content, institution_id, export_id, imported_at, round_id, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .run(importedFileId, file.name, file.sha256, file.bytes, read.base.institutionId, read.manifest.export, at, options.roundId ?? null, options.author);
        for (const change of merged.apply) writeMonitoringValue(db, w, change, read.base.period, change.returned, { institution, at });
        for (const c of merged.conflicts) {
          const id = conflictKey(importedFileId, c.key, c.field);
          conflictIds.push(id);
          statements(db)
            .get(
              `INSERT INTO merge_conflict (id, imported_file_id, export_id, line_key, plan_line_id, action_id, institution_id, year, field, kind, base_value, plan_value, returned_value, created_at)
               VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(id, importedFileId, read.manifest.export, c.key, c.actionId, c.institutionId, c.year, c.field, c.kind, JSON.stringify(c.base), JSON.stringify(c.plan), JSON.stringify(c.returned), at);
        }
        return w.changes ? w.changeSetId : null;
      },
    );
    return { status: merged.conflicts.length ? "conflicts" : "applied", importedFileId, changeSetId, conflictIds, read, merged } satisfies MonitoringImportOutcome;
  })();
}
