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
import { deviceOf, inChangeSet, readChanges, statements, type ChangeMeta } from "./change-log";
import type { Row, SqlValue } from "./entities";

const UNDOABLE = new Set(["typed", "imported"]);

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
  const changes = readChanges(db, changeSetId);
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
