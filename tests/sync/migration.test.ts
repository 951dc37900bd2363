import Database from "better-sqlite3";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readDocumentFile } from "../../src/app/plans";
import { inChangeSet } from "../../src/storage/change-log";
import { writeDocument } from "../../src/storage/document-io";
import { PlanEditor } from "../../src/storage/edits";
import { APPLICATION_ID, MIGRATIONS, migrate } from "../../src/storage/migrations";
import { PlanStore } from "../../src/storage/plan-store";
import { fixturePath, tempDir } from "../helpers/temp";

const LIVE_SYNC = MIGRATIONS.find((m) => m.description.startsWith("live sync"))!;

describe("the live-sync migration", () => {
  it("upgrades a plan of the version before: old change sets have no device, new ones record the laptop", () => {
    const file = path.join(tempDir(), "old.matriz");
    const before = MIGRATIONS[MIGRATIONS.indexOf(LIVE_SYNC) - 1]!.version;
    const db = new Database(file);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db, before);
    inChangeSet(db, { author: "older Matriz", source: "example", label: "example" }, (w) => writeDocument(w, readDocumentFile(fixturePath("panama")), { language: "en" }));
    db.close();

    const store = PlanStore.open(file, { device: { id: "laptop-1", name: "Laptop de la Cancillería" } });
    expect(store.info().upgradedFrom).toBe(before);
    expect(store.db.prepare("SELECT author, device FROM change_set").all()).toEqual([{ author: "older Matriz", device: null }]);
    const action = (store.db.prepare("SELECT id FROM action LIMIT 1").get() as { id: string }).id;
    new PlanEditor(store, (label) => ({ author: "Ana", source: "typed", label })).setActionText(action, "Texto revisado");
    expect(store.db.prepare("SELECT s.author, s.device, d.name FROM change_set s JOIN device d ON d.id = s.device").all()).toEqual([
      { author: "Ana", device: "laptop-1", name: "Laptop de la Cancillería" },
    ]);
    for (const table of ["sync_update", "sync_conflict", "device"]) {
      expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = ?").get(table)).toEqual({ n: 1 });
    }
    store.close();
  });
});
