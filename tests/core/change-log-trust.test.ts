/**
 * A plan is a file anyone can edit with an SQLite tool, and undo turns the log's
 * table and field names into SQL. A log that names what Matriz does not know is
 * never trusted: the plan opens read-only with undo off, and undo itself checks
 * every change before it runs.
 */
import Database from "better-sqlite3";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { editingHandlers } from "../../src/app/editing";
import { MatrizError } from "../../src/domain/errors";
import { errorMessage } from "../../src/i18n";
import { revertChangeSet } from "../../src/storage/change-log";
import { PlanEditor } from "../../src/storage/edits";
import { CONFLICT_COLUMNS, ENTITY_COLUMNS } from "../../src/storage/entities";
import { undo } from "../../src/storage/history";
import { migrate } from "../../src/storage/migrations";
import { PlanStore } from "../../src/storage/plan-store";
import { fixturePath, tempDir } from "../helpers/temp";

const INJECTION = "budget_line WHERE id = ? OR 1 = 1 --";

/** A plan with budget lines, and one typed edit on top (so undo has something to act on). */
function planWithBudget(): { file: string; lines: number } {
  const file = path.join(tempDir(), "mx.matriz");
  createPlanFromDocument(file, readDocumentFile(fixturePath("guatemala")), { author: "t", source: "cli" }, { language: "en" }).close();
  const store = PlanStore.open(file);
  const editor = new PlanEditor(store, (label) => ({ author: "Ana", source: "typed", label }));
  const actions = (store.db.prepare("SELECT a.id, i.label FROM action a JOIN action_institution l ON l.action_id = a.id JOIN institution i ON i.id = l.institution_id LIMIT 5").all() as Array<{ id: string; label: string }>);
  for (const action of actions) {
    editor.saveBudgetLine(action.id, { institution: action.label, year: 2019, amount: 1000, currency: "GTQ", funding_source: "national_budget", pei: null, poa: null });
  }
  const lines = (store.db.prepare("SELECT count(*) AS n FROM budget_line").get() as { n: number }).n;
  store.close();
  return { file, lines };
}

/** Edits the file as an SQLite tool would: one typed change set whose change names `entity`. */
function craft(file: string, change: { entity: string; op: string; field?: string | null; oldValue?: unknown; newValue?: unknown; entityId?: string }): void {
  const db = new Database(file);
  const set = db.prepare("INSERT INTO change_set (at, author, source, label) VALUES ('2026-01-01T00:00:00Z', 'Ana', 'typed', 'action text')").run();
  const anyLine = (db.prepare("SELECT id FROM budget_line LIMIT 1").get() as { id: string }).id;
  db.prepare("INSERT INTO change (change_set_id, entity, entity_id, op, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
    set.lastInsertRowid,
    change.entity,
    change.entityId ?? anyLine,
    change.op,
    change.field ?? null,
    change.oldValue === undefined ? null : JSON.stringify(change.oldValue),
    change.newValue === undefined ? null : JSON.stringify(change.newValue),
  );
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

const budgetLines = (db: Database.Database) => (db.prepare("SELECT count(*) AS n FROM budget_line").get() as { n: number }).n;

describe("a change log that names what Matriz does not know", () => {
  it("a crafted table name in the log: the plan opens read-only with undo off, and no budget line is lost", () => {
    const { file, lines } = planWithBudget();
    craft(file, { entity: INJECTION, op: "insert" });
    const store = PlanStore.open(file);
    expect(store.info()).toMatchObject({ readOnly: true, readOnlyReason: "history" });
    const handlers = editingHandlers(() => store, () => "Ana");
    expect(handlers["history.state"]({} as never)).toEqual({ undo: null, redo: null });
    let refusal: unknown = null;
    try {
      handlers["edit.undo"]({} as never);
    } catch (error) {
      refusal = error;
    }
    expect(budgetLines(store.db)).toBe(lines);
    if (refusal) expect((refusal as MatrizError).code).toBe("plan_read_only");
    store.close();
    const raw = new Database(file, { readonly: true });
    expect(budgetLines(raw)).toBe(lines);
    raw.close();
  });

  it("the plan's read-only note says why, in the user's language", () => {
    const { file } = planWithBudget();
    craft(file, { entity: "action", op: "update", field: "text = 'x', need_id" });
    const store = PlanStore.open(file);
    expect(store.readOnly).toBe("history");
    const error = (() => {
      try {
        new PlanEditor(store, (label) => ({ author: "Ana", source: "typed", label })).setActionText((store.db.prepare("SELECT id FROM action LIMIT 1").get() as { id: string }).id, "x");
      } catch (e) {
        return e as MatrizError;
      }
    })();
    expect(error?.code).toBe("plan_read_only");
    expect(errorMessage("es", error!.code, error!.params)).toContain("historial de cambios de este plan está dañado");
    expect(errorMessage("en", error!.code, error!.params)).toContain("change history of this plan is damaged");
    store.close();
  });

  it("an unknown table anywhere in the log, even below what undo reaches, is not trusted", () => {
    const { file } = planWithBudget();
    const db = new Database(file);
    db.prepare("UPDATE change SET entity = 'sqlite_master' WHERE id = (SELECT min(id) FROM change)").run();
    db.close();
    expect(PlanStore.open(file).readOnly).toBe("history");
  });

  it("undo checks each change before it becomes SQL, even in a log altered while the plan was open", () => {
    const { file, lines } = planWithBudget();
    const store = PlanStore.open(file);
    expect(store.readOnly).toBeNull();
    const line = store.db.prepare("SELECT * FROM budget_line LIMIT 1").get() as Record<string, unknown>;
    for (const change of [
      { entity: INJECTION, op: "insert" },
      { entity: "budget_line", op: "update", field: "note = 'x', amount_minor", oldValue: "a", newValue: "b" },
      { entity: "budget_line", op: "delete", oldValue: { ...line, "amount_minor) VALUES (1); --": 1 }, entityId: String(line.id) },
      { entity: "budget_line", op: "delete", oldValue: { ...line, note: { nested: true } }, entityId: String(line.id) },
      // A conflict's status is logged so undo can reopen it; its other fields, and its row, never are.
      { entity: "merge_conflict", op: "update", field: "returned_value", oldValue: "a", newValue: "b" },
      { entity: "merge_conflict", op: "delete", oldValue: { id: String(line.id), status: "open" }, entityId: String(line.id) },
    ]) {
      const set = store.db.prepare("INSERT INTO change_set (at, author, source, label) VALUES ('2026-01-01T00:00:00Z', 'Ana', 'typed', 'crafted')").run();
      store.db
        .prepare("INSERT INTO change (change_set_id, entity, entity_id, op, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(set.lastInsertRowid, change.entity, change.entityId ?? String(line.id), change.op, change.field ?? null, change.oldValue === undefined ? null : JSON.stringify(change.oldValue), change.newValue === undefined ? null : JSON.stringify(change.newValue));
      let caught: unknown = null;
      try {
        revertChangeSet(store.db, Number(set.lastInsertRowid), { author: "Ana", source: "undo", label: "crafted" });
      } catch (error) {
        caught = error;
      }
      expect((caught as MatrizError | null)?.code, change.entity).toBe("history_damaged");
      expect(budgetLines(store.db)).toBe(lines);
      store.db.prepare("DELETE FROM change WHERE change_set_id = ?").run(set.lastInsertRowid);
      store.db.prepare("DELETE FROM change_set WHERE id = ?").run(set.lastInsertRowid);
    }
    store.close();
  });

  it("a sound log opens for editing and undo works as before", () => {
    const { file, lines } = planWithBudget();
    const store = PlanStore.open(file);
    expect(store.info()).toMatchObject({ readOnly: false, readOnlyReason: null });
    expect(undo(store.db, { author: "Ana" })).not.toBeNull();
    expect(budgetLines(store.db)).toBe(lines - 1);
    store.close();
  });

  it("knows every column of every table users change (undo checks rows against this list)", () => {
    const db = new Database(":memory:");
    migrate(db);
    for (const [entity, columns] of Object.entries(ENTITY_COLUMNS)) {
      const actual = (db.prepare(`PRAGMA table_info(${entity})`).all() as Array<{ name: string }>).map((c) => c.name).sort();
      expect(actual, entity).toEqual(["id", ...columns].sort());
    }
    for (const [table, columns] of Object.entries(CONFLICT_COLUMNS)) {
      const actual = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
      for (const column of columns) expect(actual, table).toContain(column);
    }
    db.close();
  });
});
