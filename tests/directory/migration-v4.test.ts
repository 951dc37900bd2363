import Database from "better-sqlite3";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listDirectory, mergeInstitutions } from "../../src/directory/institutions";
import { returnsTracker } from "../../src/directory/returns";
import { inChangeSet } from "../../src/storage/change-log";
import { writeDocument } from "../../src/storage/document-io";
import { APPLICATION_ID, migrate } from "../../src/storage/migrations";
import { PlanStore } from "../../src/storage/plan-store";
import { tempDir } from "../helpers/temp";
import { VARIANT, idOf, spellingsDocument, typed } from "./fixture";

/** A plan as schema 3 wrote it, with a workbook sent to the variant spelling and a file imported back. */
function planAtSchema3(file: string) {
  const db = new Database(file);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, 3);
  inChangeSet(db, { author: "older Matriz", source: "example", label: "example" }, (w) => writeDocument(w, spellingsDocument()));
  const variant = (db.prepare("SELECT id FROM institution WHERE label = ?").get(VARIANT) as { id: string }).id;
  db.prepare("INSERT INTO export_record (id, institution_id, revision, created_at, file_name, snapshot) VALUES ('x1', ?, 1, '2018-03-01T10:00:00Z', 'variant.xlsx', '{}')").run(variant);
  db.prepare("INSERT INTO imported_file (id, file_name, sha256, content, institution_id, export_id, imported_at) VALUES ('f1', 'variant-back.xlsx', 'abc', x'00', ?, 'x1', '2018-04-01T10:00:00Z')").run(variant);
  inChangeSet(db, { author: "Old Luis", source: "imported", sourceFile: "f1", label: "import variant-back.xlsx" }, (w) => w.update("budget_line", "line-tracing", "amount_minor", 4100000));
  db.close();
}

describe("schema 4 upgrade", () => {
  it("adds the directory's fields empty, keeps exports and imports, and merges on the upgraded file", () => {
    const file = path.join(tempDir(), "v3.matriz");
    planAtSchema3(file);
    const store = PlanStore.open(file);
    expect(store.info().upgradedFrom).toBe(3);
    const sbs = listDirectory(store.db).find((e) => e.label === "SBS")!;
    expect(sbs).toMatchObject({ focal_name: null, focal_email: null, focal_phone: null, level: null, merged: [] });
    // Who imported a file before schema 4: the author of the change set it wrote.
    expect(returnsTracker(store.db).find((e) => e.label === VARIANT)!.sent[0]!.returns[0]).toMatchObject({ file: "variant-back.xlsx", by: "Old Luis" });
    mergeInstitutions(store.db, typed(), idOf(store, VARIANT), sbs.id);
    const tracked = returnsTracker(store.db).find((e) => e.label === "SBS")!;
    expect(tracked).toMatchObject({ status: "returned", lastReturned: "2018-04-01T10:00:00Z" });
    expect(() => store.db.prepare("UPDATE institution SET level = 'minister' WHERE id = ?").run(sbs.id)).toThrow(/CHECK/);
    store.close();
  });
});
