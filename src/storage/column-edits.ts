/**
 * A plan's own columns: added with a Spanish and an English heading and a kind
 * (text, number, date, list), renamed, reordered and removed, each one change set.
 * Removing a column removes its values in the same step, so undo brings both back.
 * The kind is fixed once values may exist; a list's choices may grow or change.
 */
import type { CustomColumnKind } from "../domain/document";
import { columnDefinitionProblem, columnKeyFor, customValueProblem } from "../domain/custom-columns";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import { statements } from "./change-log";
import { invalid } from "./edit-support";
import { positionAt } from "./positions";
import type { EditContext } from "./section-edits";

type R = Record<string, any>;

export interface NewColumn {
  heading_es: string;
  heading_en: string;
  kind: CustomColumnKind;
  options?: string[];
  open?: boolean;
}

export interface ColumnChanges {
  heading_es?: string;
  heading_en?: string;
  options?: string[];
  open?: boolean;
}

function customColumn(ctx: EditContext, key: string): R {
  const row = statements(ctx.store.db).get("SELECT * FROM column_def WHERE key = ? AND builtin = 0").get(key) as R | undefined;
  if (!row) throw new MatrizError("not_found", { entity: "column", id: key });
  return row;
}

function heading(text: string, language: "es" | "en"): string {
  const clean = text.trim();
  if (!clean) throw invalid("heading_empty", { language });
  return clean;
}

function choices(kind: CustomColumnKind, options: string[] | undefined): string[] {
  const clean = (options ?? []).map((o) => o.trim());
  const problem = columnDefinitionProblem(kind, clean);
  if (problem) throw invalid("choices", { problem });
  return clean;
}

/** Adds a column at the end of the plan's columns; answers its key. */
export function addColumn(ctx: EditContext, column: NewColumn): string {
  const db = ctx.store.db;
  const es = heading(column.heading_es, "es");
  const en = heading(column.heading_en, "en");
  const options = choices(column.kind, column.options);
  const existing = statements(db).get("SELECT key, heading_es, heading_en FROM column_def").all() as R[];
  if (existing.some((c) => c.heading_es.toLowerCase() === es.toLowerCase() || c.heading_en.toLowerCase() === en.toLowerCase())) {
    throw invalid("heading_taken", { es, en });
  }
  const key = columnKeyFor(en, new Set(existing.map((c) => c.key as string)));
  return ctx.store.change(ctx.meta("add column"), (w) => {
    const list = statements(db).get("SELECT id, position FROM column_def ORDER BY position, rowid").all() as Array<{ id: string; position: number }>;
    w.insert("column_def", {
      id: newId(),
      key,
      heading_es: es,
      heading_en: en,
      kind: column.kind,
      builtin: 0,
      position: positionAt(w, "column_def", list, list.length),
      options: JSON.stringify(options),
      open: column.open ? 1 : 0,
    });
    return key;
  });
}

/** New headings, choices or workbook access; a choice still used by some action cannot be taken away. */
export function updateColumn(ctx: EditContext, key: string, changes: ColumnChanges): void {
  const column = customColumn(ctx, key);
  const fields: R = {};
  if (changes.heading_es !== undefined) fields.heading_es = heading(changes.heading_es, "es");
  if (changes.heading_en !== undefined) fields.heading_en = heading(changes.heading_en, "en");
  if (changes.open !== undefined) fields.open = changes.open ? 1 : 0;
  if (changes.options !== undefined) {
    const options = choices(column.kind, changes.options);
    const used = statements(ctx.store.db).get("SELECT DISTINCT value FROM custom_value WHERE column_id = ?").all(column.id) as R[];
    const lost = used.map((u) => u.value as string).filter((value) => customValueProblem({ kind: column.kind, options }, value));
    if (lost.length) throw invalid("choice_in_use", { value: lost[0]! });
    fields.options = JSON.stringify(options);
  }
  ctx.store.change(ctx.meta("update column"), (w) => {
    for (const [field, value] of Object.entries(fields)) w.update("column_def", column.id, field, value);
  });
}

/** One place left or right among the plan's own columns (the template's columns stay first); false at either end. */
export function moveColumn(ctx: EditContext, key: string, direction: "left" | "right"): boolean {
  const column = customColumn(ctx, key);
  const db = ctx.store.db;
  const custom = statements(db).get("SELECT id, position FROM column_def WHERE builtin = 0 ORDER BY position, rowid").all() as Array<{ id: string; position: number }>;
  const index = custom.findIndex((c) => c.id === column.id);
  const target = direction === "left" ? index - 1 : index + 1;
  if (target < 0 || target >= custom.length) return false;
  ctx.store.change(ctx.meta("move column"), (w) => {
    const list = (statements(db).get("SELECT id, position FROM column_def ORDER BY position, rowid").all() as Array<{ id: string; position: number }>).filter((c) => c.id !== column.id);
    const neighbour = list.findIndex((c) => c.id === custom[target]!.id);
    w.update("column_def", column.id, "position", positionAt(w, "column_def", list, direction === "left" ? neighbour : neighbour + 1));
  });
  return true;
}

/** Removes the column and every value typed in it, in one step. Answers how many values went. */
export function removeColumn(ctx: EditContext, key: string): number {
  const column = customColumn(ctx, key);
  return ctx.store.change(ctx.meta("remove column"), (w) => {
    const values = statements(ctx.store.db).get("SELECT id FROM custom_value WHERE column_id = ?").all(column.id) as R[];
    for (const value of values) w.remove("custom_value", value.id);
    w.remove("column_def", column.id);
    return values.length;
  });
}
