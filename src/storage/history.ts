/**
 * Undo and redo read the change log. Edits push onto the undo stack; an undo
 * is a new change set that reverts the latest edit still done; a redo reverts
 * that undo. Any new edit clears what could be redone, as in every editor.
 * Creating the plan (from a template, an example or a file) is not undoable.
 */
import type { Database as Db } from "better-sqlite3";
import { revertChangeSet, statements, type ChangeMeta } from "./change-log";

const UNDOABLE = new Set(["typed", "imported"]);
/** The label createRound gives the change set that opens a consultation round. */
const OPENS_ROUND = /^consultation round \d+$/;

interface SetRow {
  id: number;
  source: string;
  reverts: number | null;
  label: string;
}

export interface HistoryState {
  undo: { id: number; label: string } | null;
  redo: { id: number; label: string } | null;
}

/** Replays the log's sources to find what undo and redo would act on now. */
function stacks(db: Db): { done: SetRow[]; undone: Array<{ edit: SetRow; undo: SetRow }> } {
  const rows = statements(db).get("SELECT id, source, reverts, label FROM change_set ORDER BY id").all() as SetRow[];
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

export function historyState(db: Db): HistoryState {
  const { done, undone } = stacks(db);
  const top = done[done.length - 1];
  const next = undone[undone.length - 1];
  return {
    undo: top ? { id: top.id, label: top.label } : null,
    redo: next ? { id: next.undo.id, label: next.edit.label } : null,
  };
}

export function undo(db: Db, meta: Omit<ChangeMeta, "source" | "reverts" | "label">): HistoryState | null {
  const state = historyState(db);
  if (!state.undo) return null;
  revertChangeSet(db, state.undo.id, { ...meta, source: "undo", label: state.undo.label });
  return historyState(db);
}

export function redo(db: Db, meta: Omit<ChangeMeta, "source" | "reverts" | "label">): HistoryState | null {
  const state = historyState(db);
  if (!state.redo) return null;
  revertChangeSet(db, state.redo.id, { ...meta, source: "redo", label: state.redo.label });
  return historyState(db);
}
