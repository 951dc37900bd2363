/**
 * Conflicts left by imports, listed with all three values and resolved one by
 * one or in bulk by taking the plan's, the returned or the base value. Taking
 * the returned value logs it with the imported file as its source.
 */
import type { Database as Db } from "better-sqlite3";
import { encodeChangeLabel } from "../domain/change-labels";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import { inChangeSet, nowIso, statements, type ChangeWriter } from "../storage/change-log";
import { COLUMN_CONFLICT, lineRow } from "./apply";
import { monitoringTarget, writeMonitoringValue } from "../monitoring/workbook-import";
import type { ConflictKind } from "./merge";
import type { OpenConflicts } from "../reports/conflict-note";
import { FIELD_COLUMN, type LineField, type LineFields } from "./snapshot";

export const TAKE = ["plan", "returned", "base"] as const;
export type Take = (typeof TAKE)[number];

export interface StoredConflict {
  id: string;
  importedFileId: string;
  fileName: string;
  exportId: string | null;
  lineKey: string;
  planLineId: string | null;
  actionId: string;
  action: string | null;
  institutionId: string;
  institution: string | null;
  /** null: a value of the plan's own column, about no year. */
  year: number | null;
  /** A budget line's field (null: the whole line), a monitoring field, or custom:<key> for the plan's own column. */
  field: LineField | string | null;
  /** For the plan's own column: its heading in both languages (as the plan has it now, or as exported if removed since). */
  column?: { es: string; en: string } | null;
  kind: ConflictKind;
  base: unknown;
  plan: unknown;
  returned: unknown;
  status: "open" | "resolved";
  resolution: Take | null;
}

type R = Record<string, any>;

function fromRow(row: R): StoredConflict {
  const planColumn = COLUMN_CONFLICT.test(row.line_key);
  return {
    id: row.id,
    importedFileId: row.imported_file_id,
    fileName: row.file_name,
    exportId: row.export_id,
    lineKey: row.line_key,
    planLineId: row.plan_line_id,
    actionId: row.action_id,
    action: row.action_text,
    institutionId: row.current_institution_id ?? row.institution_id,
    institution: row.institution_label,
    year: planColumn ? null : row.year,
    field: row.field,
    ...(planColumn ? { column: row.column_heading ? (JSON.parse(row.column_heading) as { es: string; en: string }) : null } : {}),
    kind: row.kind,
    base: JSON.parse(row.base_value),
    plan: JSON.parse(row.plan_value),
    returned: JSON.parse(row.returned_value),
    status: row.status,
    resolution: row.resolution,
  };
}

// A conflict about a spelling merged since into another entry is about that entry. A plan column's
// conflict names the column by its heading now, or as the export had it when the column is gone.
const SELECT = `SELECT c.*, f.file_name, a.text AS action_text, i.id AS current_institution_id, i.label AS institution_label,
    CASE WHEN c.line_key LIKE 'col:%' THEN coalesce(
      (SELECT json_object('es', d.heading_es, 'en', d.heading_en) FROM column_def d WHERE d.builtin = 0 AND 'custom:' || d.key = c.field),
      (SELECT json_object('es', json_extract(j.value, '$.heading.es'), 'en', json_extract(j.value, '$.heading.en'))
         FROM export_record x, json_each(x.snapshot, '$.columns') j WHERE x.id = c.export_id AND 'custom:' || json_extract(j.value, '$.key') = c.field)
    ) END AS column_heading
  FROM merge_conflict c JOIN imported_file f ON f.id = c.imported_file_id
  LEFT JOIN action a ON a.id = c.action_id
  LEFT JOIN institution i ON i.id = coalesce((SELECT merged_into FROM institution WHERE id = c.institution_id), c.institution_id)`;

export function listConflicts(db: Db, options: { all?: boolean } = {}): StoredConflict[] {
  const rows = statements(db)
    .get(`${SELECT} ${options.all ? "" : "WHERE c.status = 'open'"} ORDER BY c.created_at, c.rowid`)
    .all() as R[];
  return rows.map(fromRow);
}

/** The plan's own column's value for one action, as the import writes it: an empty value clears it. */
function writeColumnValue(db: Db, w: ChangeWriter, conflict: StoredConflict, key: string, actionId: string, value: unknown) {
  const column = statements(db).get("SELECT id FROM column_def WHERE key = ? AND builtin = 0").get(key) as R | undefined;
  const heading = conflict.column?.es ?? key;
  if (!column) throw new MatrizError("conflict_cannot_take", { reason: "column_gone", column: heading, action: conflict.action ?? actionId, institution: "" });
  if (!w.read("action", actionId)) throw new MatrizError("conflict_cannot_take", { reason: "action_gone", column: heading, action: conflict.action ?? actionId, institution: "" });
  const text = typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
  const row = statements(db).get("SELECT id FROM custom_value WHERE action_id = ? AND column_id = ?").get(actionId, column.id) as R | undefined;
  if (row && text === "") w.remove("custom_value", row.id);
  else if (row) w.update("custom_value", row.id, "value", text);
  else if (text !== "") w.insert("custom_value", { id: newId(), action_id: actionId, column_id: column.id, value: text });
}

/** Sets the line to `value` (whole-line conflicts) or one field of it; a monitoring conflict sets its status, note or value; a plan column's, the action's value in it. */
function writeValue(db: Db, w: ChangeWriter, conflict: StoredConflict, value: unknown, at: string) {
  const planColumn = COLUMN_CONFLICT.exec(conflict.lineKey);
  if (planColumn) {
    writeColumnValue(db, w, conflict, planColumn[1]!, conflict.actionId, value);
    return;
  }
  const monitoring = monitoringTarget(conflict.lineKey, conflict.actionId);
  if (monitoring) {
    const file = statements(db).get("SELECT x.snapshot FROM imported_file f JOIN export_record x ON x.id = f.export_id WHERE f.id = ?").get(conflict.importedFileId) as R | undefined;
    const period = file ? (JSON.parse(file.snapshot).period as string) : String(conflict.year);
    writeMonitoringValue(db, w, monitoring, period, value as string | number | null, { institution: conflict.institution ?? conflict.institutionId, at });
    return;
  }
  const lineId = conflict.planLineId ?? (conflict.lineKey.startsWith("new:") ? null : conflict.lineKey);
  const current = lineId ? w.read("budget_line", lineId) : undefined;
  if (conflict.field) {
    if (current) w.update("budget_line", current.id, FIELD_COLUMN[conflict.field as LineField], value as string | number | null);
    return;
  }
  if (value === null) {
    if (current) w.remove("budget_line", current.id);
    return;
  }
  const fields = value as LineFields;
  const record = { actionId: conflict.actionId, institutionId: conflict.institutionId, year: conflict.year ?? 0, fields };
  if (current) {
    const row = lineRow(current.id, record);
    for (const [column, v] of Object.entries(row)) if (column !== "id") w.update("budget_line", current.id, column, v);
    return;
  }
  const responsible = statements(db).get("SELECT 1 FROM action_institution WHERE action_id = ? AND institution_id = ?").get(conflict.actionId, conflict.institutionId);
  if (!responsible) {
    throw new MatrizError("conflict_cannot_take", { reason: "not_responsible", institution: conflict.institution ?? conflict.institutionId, action: conflict.action ?? conflict.actionId, column: "" });
  }
  w.insert("budget_line", lineRow(lineId ?? newId(), record));
}

export interface ResolveMeta {
  author: string;
  at?: string;
  /** typed: from the app, one step of undo; cli (the default): a script's, a floor undo does not go below. */
  source?: "typed" | "cli";
  roundId?: string | null;
}

/** The conflict as stored, or why it cannot be resolved. */
function openConflict(db: Db, id: string): StoredConflict {
  const row = statements(db).get(`${SELECT} WHERE c.id = ?`).get(id) as R | undefined;
  if (!row) throw new MatrizError("not_found", { entity: "conflict", id });
  const conflict = fromRow(row);
  if (conflict.status === "resolved") throw new MatrizError("conflict_resolved", { id });
  return conflict;
}

/**
 * Resolves conflicts by taking one side, all in one change set: one undo step. The
 * conflicts' status is written through the change log with the values taken, so undo
 * reopens them (the Conflicts panel, the grid's marks and the exports' warning follow)
 * and redo resolves them again. The imported value keeps its file as provenance.
 */
export function resolveConflicts(db: Db, ids: readonly string[], take: Take, meta: ResolveMeta): StoredConflict[] {
  const at = meta.at ?? nowIso();
  const conflicts = [...new Set(ids)].map((id) => openConflict(db, id));
  // A file's value keeps that file as its source; values taken from several files are each their own change set.
  const files = take === "returned" ? [...new Set(conflicts.map((c) => c.importedFileId))] : [null];
  db.transaction(() => {
    for (const file of files) {
      const group = file === null ? conflicts : conflicts.filter((c) => c.importedFileId === file);
      inChangeSet(
        db,
        {
          author: meta.author,
          source: file === null ? (meta.source ?? "cli") : "imported",
          sourceFile: file,
          roundId: meta.roundId ?? null,
          label: encodeChangeLabel({ label: "conflicts.resolve", count: String(group.length), take }),
          at,
        },
        (w) => {
          for (const conflict of group) {
            if (take !== "plan") writeValue(db, w, conflict, take === "returned" ? conflict.returned : conflict.base, at);
            w.updateFields("merge_conflict", conflict.id, { status: "resolved", resolution: take, resolved_at: at });
          }
        },
      );
    }
  })();
  return conflicts.map((conflict) => ({ ...conflict, status: "resolved", resolution: take }));
}

/** Resolves one conflict in one change set. */
export function resolveConflict(db: Db, id: string, take: Take, meta: ResolveMeta): StoredConflict {
  return resolveConflicts(db, [id], take, meta)[0]!;
}

/** Bulk resolution: every open conflict (optionally of one imported file), one change set per file taken from. */
export function resolveAll(db: Db, take: Take, meta: ResolveMeta, importedFileId?: string): number {
  const open = listConflicts(db).filter((c) => !importedFileId || c.importedFileId === importedFileId);
  if (open.length) resolveConflicts(db, open.map((c) => c.id), take, meta);
  return open.length;
}

/** How many conflicts are open, in all and per action: the national outputs warn with these. */
export function openConflictCounts(db: Db): OpenConflicts {
  const rows = statements(db).get("SELECT action_id, count(*) AS n FROM merge_conflict WHERE status = 'open' GROUP BY action_id").all() as R[];
  return { open: rows.reduce((sum, r) => sum + (r.n as number), 0), byAction: Object.fromEntries(rows.map((r) => [r.action_id as string, r.n as number])) };
}
