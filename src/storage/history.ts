/**
 * Undo and redo read the change log. Edits push onto the undo stack; an undo
 * is a new change set that reverts the latest edit still done; a redo reverts
 * that undo. Any new edit clears what could be redone, as in every editor.
 * Creating the plan (from a template, an example or a file) is not undoable.
 *
 * Each person has their own stack: the change sets typed by this author on this
 * laptop (several people editing one plan live each undo their own edits). An
 * undo puts back only what is still as that person left it: a cell someone else
 * changed since keeps their value.
 */
import type { Database as Db } from "better-sqlite3";
import { fromMinor } from "../domain/money";
import { wordDiff, type DiffPart } from "../domain/word-diff";
import { deviceOf, inChangeSet, readLoggedChanges, statements, type ChangeMeta } from "./change-log";
import type { Row, SqlValue } from "./entities";

const UNDOABLE = new Set(["typed", "imported"]);
/** The label createRound gives the change set that opens a consultation round. */
const OPENS_ROUND = /^consultation round \d+$/;

interface SetRow {
  id: number;
  source: string;
  reverts: number | null;
  label: string;
  author: string;
  device: string | null;
}

/** Whose stack: an author on a device (null: change sets from before devices were recorded count as this laptop's). */
export interface Person {
  author: string;
  device: string | null;
}

export interface HistoryState {
  undo: { id: number; label: string } | null;
  redo: { id: number; label: string } | null;
}

function hasDeviceColumn(db: Db): boolean {
  return (db.pragma("table_info(change_set)") as Array<{ name: string }>).some((c) => c.name === "device");
}

/** Replays one person's change sets to find what their undo and redo would act on now. */
function stacks(db: Db, person: Person | null): { done: SetRow[]; undone: Array<{ edit: SetRow; undo: SetRow }> } {
  const all = hasDeviceColumn(db)
    ? (statements(db).get("SELECT id, source, reverts, label, author, device FROM change_set ORDER BY id").all() as SetRow[])
    : (statements(db).get("SELECT id, source, reverts, label, author, NULL AS device FROM change_set ORDER BY id").all() as SetRow[]);
  const rows = person ? all.filter((row) => row.author === person.author && (row.device === null || row.device === person.device)) : all;
  const done: SetRow[] = [];
  let undone: Array<{ edit: SetRow; undo: SetRow }> = [];
  for (const row of rows) {
    if (row.source === "undo") {
      const edit = done.pop();
      if (edit) undone.push({ edit, undo: row });
    } else if (row.source === "redo") {
      const entry = undone.pop();
      if (entry) done.push({ ...entry.edit, id: row.id, reverts: entry.undo.id });
    } else if (UNDOABLE.has(row.source) && OPENS_ROUND.test(row.label)) {
      // Opening a round is not an undo step: edits recorded in it point at it. Undo passes over it.
      continue;
    } else if (UNDOABLE.has(row.source)) {
      done.push(row);
      undone = [];
    } else {
      // Plan creation and CLI scripts are a floor undo does not go below.
      done.length = 0;
      undone = [];
    }
  }
  return { done, undone };
}

/** The person whose stack the calls below use, when not given: the author on this plan's device. */
function personOf(db: Db, author: string | undefined): Person | null {
  return author === undefined ? null : { author, device: deviceOf(db)?.id ?? null };
}

export function historyState(db: Db, author?: string): HistoryState {
  // A plan open read-only (query_only) offers nothing to undo or redo.
  if (db.pragma("query_only", { simple: true }) === 1) return { undo: null, redo: null };
  const { done, undone } = stacks(db, personOf(db, author));
  const top = done[done.length - 1];
  const next = undone[undone.length - 1];
  return {
    undo: top ? { id: top.id, label: top.label } : null,
    redo: next ? { id: next.undo.id, label: next.edit.label } : null,
  };
}

export function undo(db: Db, meta: Omit<ChangeMeta, "source" | "reverts" | "label">): HistoryState | null {
  const state = historyState(db, meta.author);
  if (!state.undo) return null;
  revertOwn(db, state.undo.id, { ...meta, source: "undo", label: state.undo.label });
  return historyState(db, meta.author);
}

export function redo(db: Db, meta: Omit<ChangeMeta, "source" | "reverts" | "label">): HistoryState | null {
  const state = historyState(db, meta.author);
  if (!state.redo) return null;
  revertOwn(db, state.redo.id, { ...meta, source: "redo", label: state.redo.label });
  return historyState(db, meta.author);
}

/**
 * Reverts a change set as a new one that `reverts` it, newest change first, but
 * only where the plan is still as that change set left it: a value someone else
 * typed since, a row already gone or already back, is left alone.
 */
export function revertOwn(db: Db, changeSetId: number, meta: Omit<ChangeMeta, "reverts">): number {
  // A resolution's conflict status comes back with its values: undo reopens the conflict, redo resolves it again.
  const changes = readLoggedChanges(db, changeSetId);
  return inChangeSet(db, { ...meta, reverts: changeSetId }, (writer) => {
    for (const change of [...changes].reverse()) {
      const current = writer.read(change.entity, change.entityId);
      if (change.op === "update") {
        if (current && (current[change.field!] ?? null) === change.newValue) writer.update(change.entity, change.entityId, change.field!, change.oldValue as SqlValue);
      } else if (change.op === "insert") {
        if (!current) continue;
        // A row someone else has put things under since stays.
        try {
          db.transaction(() => writer.remove(change.entity, change.entityId))();
        } catch {
          continue;
        }
      } else if (!current) {
        try {
          db.transaction(() => writer.insert(change.entity, change.oldValue as Row))();
        } catch {
          continue;
        }
      }
    }
    return writer.changeSetId;
  });
}

/* ------------------------------------------------------- a row's history */

export interface RowHistoryEntry {
  changeSet: number;
  at: string;
  author: string;
  /** The laptop it was typed on (null before devices were recorded). */
  device: string | null;
  round: number | null;
  source: string;
  label: string;
  entity: string;
  entityId: string;
  op: "insert" | "update" | "delete";
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  /** The institution a link or budget line is about, as the directory names it now (merged spellings followed). */
  institution?: string | null;
  /** A budget line's year, amount (currency units) and currency: added or removed whole, or the line an update touched. */
  line?: { year: number; amount: number | null; currency: string } | null;
  /** The words a long text edit changed. */
  diff?: DiffPart[] | null;
  /** A value of the plan's own column: that column's headings (as the plan has them, or as they were when it was removed). */
  column?: { es: string; en: string } | null;
}

/** Texts up to this long are shown whole, old → new; longer ones as the words that changed. */
const WHOLE_TEXT = 80;
const LINE_PARTS = new Set(["budget_line", "action_institution"]);

type Raw = Record<string, any>;

/**
 * Every change to one row and its links, newest first, with who, when and in which
 * round, and what a person needs to read it: institution names (following merges),
 * budget lines with year, amount and currency, and the changed words of long texts.
 * For an institution, its own entry and the spellings merged into it.
 */
export function rowHistory(db: Db, entity: string, id: string): RowHistoryEntry[] {
  const select = `SELECT c.*, s.at, s.author, s.source, s.label, r.number AS round, d.name AS device_name
     FROM change c JOIN change_set s ON s.id = c.change_set_id LEFT JOIN consultation_round r ON r.id = s.round_id LEFT JOIN device d ON d.id = s.device`;
  const rows =
    entity === "institution"
      ? (statements(db)
          .get(`${select} WHERE c.entity = 'institution' AND c.entity_id IN (SELECT ? UNION SELECT id FROM institution WHERE merged_into = ?) ORDER BY c.id DESC LIMIT 500`)
          .all(id, id) as Raw[])
      : (statements(db)
          .get(
            `WITH monitoring(kind, id) AS (
               -- progress notes and indicators of this action (or need), removed ones included
               SELECT entity, entity_id FROM change WHERE entity IN ('progress_note','indicator') AND op IN ('insert','delete')
                 AND json_extract(coalesce(new_value, old_value), '$.action_id') = ?
               UNION SELECT entity, entity_id FROM change WHERE entity = 'indicator' AND op IN ('insert','delete')
                 AND json_extract(coalesce(new_value, old_value), '$.need_id') = ?
             ), measured(id) AS (
               SELECT entity_id FROM change WHERE entity = 'indicator_value' AND op IN ('insert','delete')
                 AND json_extract(coalesce(new_value, old_value), '$.indicator_id') IN (SELECT id FROM monitoring WHERE kind = 'indicator')
             )
             ${select}
             WHERE (c.entity IN ('progress_note','indicator') AND c.entity_id IN (SELECT id FROM monitoring))
                OR (c.entity = 'indicator_value' AND c.entity_id IN (SELECT id FROM measured))
                OR (c.entity = ? AND c.entity_id = ?)
                OR (c.entity IN ('action_institution','action_commitment','budget_line','custom_value','progress_note')
                    AND json_extract(coalesce(c.new_value, c.old_value), '$.action_id') = ?)
                OR (c.entity IN ('action_institution','budget_line','custom_value') AND c.op = 'update'
                    AND c.entity_id IN (SELECT id FROM action_institution WHERE action_id = ? UNION SELECT id FROM budget_line WHERE action_id = ?
                      UNION SELECT id FROM custom_value WHERE action_id = ?
                      -- links, lines and values removed since: their earlier changes still belong to this row
                      UNION SELECT entity_id FROM change WHERE entity IN ('action_institution','budget_line','custom_value') AND op = 'delete' AND json_extract(old_value, '$.action_id') = ?))
             ORDER BY c.id DESC LIMIT 500`,
          )
          .all(id, id, entity, id, id, id, id, id, id) as Raw[]);
  const names = institutionNames(db);
  const headings = columnHeadings(db);
  // A link or line removed since is described as it was when removed.
  const removed = new Map(rows.filter((r) => r.op === "delete").map((r) => [r.entity_id as string, JSON.parse(r.old_value) as Raw]));
  const current = (table: string, rowId: string) => (statements(db).get(`SELECT * FROM ${table} WHERE id = ?`).get(rowId) as Raw | undefined) ?? removed.get(rowId);
  return rows.map((r) => {
    const oldValue = r.old_value === null ? null : JSON.parse(r.old_value);
    const newValue = r.new_value === null ? null : JSON.parse(r.new_value);
    const entry: RowHistoryEntry = {
      changeSet: r.change_set_id,
      at: r.at,
      author: r.author,
      device: r.device_name ?? null,
      round: r.round ?? null,
      source: r.source,
      label: r.label,
      entity: r.entity,
      entityId: r.entity_id,
      op: r.op,
      field: r.field,
      oldValue,
      newValue,
    };
    if (LINE_PARTS.has(r.entity)) {
      // The row as this change left it (or as it was before a removal); for an update, the row now.
      const row: Raw | undefined = r.op === "update" ? current(r.entity, r.entity_id) : (newValue ?? oldValue);
      if (row) entry.institution = names.following(row.institution_id);
      if (r.entity === "budget_line") entry.line = row ? { year: row.year, amount: row.amount_minor === null ? null : fromMinor(row.amount_minor), currency: row.currency } : null;
      if (r.field === "institution_id") {
        // A merge moved this row: the two spellings as they were written.
        entry.oldValue = names.own(oldValue);
        entry.newValue = names.own(newValue);
      }
      if (r.field === "amount_minor") {
        entry.oldValue = oldValue === null ? null : fromMinor(oldValue);
        entry.newValue = newValue === null ? null : fromMinor(newValue);
      }
    }
    if (r.entity === "custom_value") {
      const row: Raw | undefined = r.op === "update" ? current("custom_value", r.entity_id) : (newValue ?? oldValue);
      entry.column = row ? headings(row.column_id) : null;
    }
    if (r.op === "update" && typeof oldValue === "string" && typeof newValue === "string" && Math.max(oldValue.length, newValue.length) > WHOLE_TEXT) {
      entry.diff = wordDiff(oldValue, newValue);
    }
    return entry;
  });
}

/** A plan column's headings by its id: as the plan has them now, or as the column was when it was removed. */
function columnHeadings(db: Db): (id: unknown) => { es: string; en: string } | null {
  const known = new Map<string, { es: string; en: string } | null>();
  return (id) => {
    if (typeof id !== "string") return null;
    if (!known.has(id)) {
      const row = (statements(db).get("SELECT heading_es, heading_en FROM column_def WHERE id = ?").get(id) ??
        statements(db)
          .get("SELECT json_extract(old_value, '$.heading_es') AS heading_es, json_extract(old_value, '$.heading_en') AS heading_en FROM change WHERE entity = 'column_def' AND op = 'delete' AND entity_id = ? ORDER BY id DESC LIMIT 1")
          .get(id)) as Raw | undefined;
      known.set(id, row?.heading_es ? { es: row.heading_es, en: row.heading_en ?? row.heading_es } : null);
    }
    return known.get(id)!;
  };
}

/** Institution labels by id: as each row spells itself, and following a merge to the entry that absorbed it. */
function institutionNames(db: Db) {
  const rows = statements(db).get("SELECT id, label, merged_into FROM institution").all() as Raw[];
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const own = (id: unknown) => (typeof id === "string" ? (byId.get(id)?.label ?? id) : null);
  return {
    own,
    following: (id: unknown) => {
      if (typeof id !== "string") return null;
      const row = byId.get(id);
      return own(row?.merged_into ?? id);
    },
  };
}
