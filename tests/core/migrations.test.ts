import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readDocumentFile } from "../../src/app/plans";
import { inChangeSet } from "../../src/storage/change-log";
import { writeDocument } from "../../src/storage/document-io";
import { APPLICATION_ID, LATEST_SCHEMA, MIGRATIONS, migrate } from "../../src/storage/migrations";
import { PlanStore } from "../../src/storage/plan-store";
import { fixturePath, sha256, subsetDifferences, tempDir } from "../helpers/temp";

/** Builds a plan file the way a Matriz at schema `version` would have. */
function planAtSchema(file: string, version: number) {
  const db = new Database(file);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, version);
  const doc = readDocumentFile(fixturePath("guatemala"));
  inChangeSet(db, { author: "older Matriz", source: "example", label: "example" }, (w) => writeDocument(w, doc, { language: "en" }));
  db.close();
  return doc;
}

describe("schema migrations", () => {
  // Numbers are given per branch and closed up when branches are merged: they only have to rise.
  it("are numbered in rising order from 1, the last one being the latest schema", () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    versions.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(versions[i]!));
    expect(LATEST_SCHEMA).toBe(versions[versions.length - 1]);
  });

  it("create the same schema whether a file is made new or upgraded step by step", () => {
    const dir = tempDir();
    const schemaOf = (db: Database.Database) =>
      db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const fresh = new Database(path.join(dir, "fresh.db"));
    migrate(fresh);
    const stepped = new Database(path.join(dir, "stepped.db"));
    for (const m of MIGRATIONS) migrate(stepped, m.version);
    expect(schemaOf(stepped)).toEqual(schemaOf(fresh));
    fresh.close();
    stepped.close();
  });

  for (const [index, migration] of MIGRATIONS.entries()) {
    if (index === 0) continue;
    // The version before, as the list has it (a migration may be renumbered when branches merge).
    const previous = MIGRATIONS[index - 1]!.version;
    it(`upgrade a plan made at schema ${previous} to ${migration.version} and keep all its data`, () => {
      const dir = tempDir();
      const file = path.join(dir, "old.matriz");
      const doc = planAtSchema(file, previous);
      const original = sha256(file);

      const store = PlanStore.open(file);
      expect(store.db.pragma("user_version", { simple: true })).toBe(LATEST_SCHEMA);
      const info = store.info();
      expect(info.upgradedFrom).toBe(previous);
      // The file as it was is kept beside it, untouched.
      expect(info.backupPath && sha256(info.backupPath)).toBe(original);
      expect(subsetDifferences(store.document(), doc)).toEqual([]);
      store.close();

      const again = PlanStore.open(file);
      expect(again.info().upgradedFrom).toBeNull();
      again.close();
      expect(fs.readdirSync(dir).sort()).toEqual(["old.before-upgrade-v" + previous + ".matriz", "old.matriz"]);
    });
  }

  it("run each migration in its own transaction: a failing one leaves the schema where it was", () => {
    const db = new Database(":memory:");
    migrate(db, 1);
    const failing = { version: 99, description: "broken", up: (d: Database.Database) => d.exec("CREATE TABLE x (a); SELECT * FROM no_such_table;") };
    expect(() =>
      db.transaction(() => {
        failing.up(db);
        db.pragma("user_version = 99");
      })(),
    ).toThrow();
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'x'").get()).toEqual({ n: 0 });
    db.close();
  });
});
