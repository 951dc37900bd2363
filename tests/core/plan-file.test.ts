import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MatrizError } from "../../src/domain/errors";
import { createPlanFromDocument, readDocumentFile, templateDocument } from "../../src/app/plans";
import { APPLICATION_ID, LATEST_SCHEMA } from "../../src/storage/migrations";
import { PlanStore } from "../../src/storage/plan-store";
import { fixturePath, sha256, tempDir } from "../helpers/temp";

const who = { author: "Ana Facilitadora", source: "cli" as const };

function guatemalaPlan(dir: string): string {
  const file = path.join(dir, "gt.matriz");
  createPlanFromDocument(file, readDocumentFile(fixturePath("guatemala")), who, { language: "en" }).close();
  return file;
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MatrizError);
    return (error as MatrizError).code;
  }
  throw new Error("expected an error");
}

describe("plan file", () => {
  it("is an SQLite file marked as a Matriz plan, in WAL mode with foreign keys on", () => {
    const file = guatemalaPlan(tempDir());
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma("application_id", { simple: true })).toBe(APPLICATION_ID);
    expect(raw.pragma("user_version", { simple: true })).toBe(LATEST_SCHEMA);
    raw.close();
    const store = PlanStore.open(file);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(store.db.pragma("synchronous", { simple: true })).toBe(2);
    store.close();
    // Closing folds the log back: the plan is one file the user can copy.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("refuses a file that is not SQLite, and leaves it untouched", () => {
    const dir = tempDir();
    const file = path.join(dir, "notes.matriz");
    fs.writeFileSync(file, "this is a Word document, honestly ".repeat(20));
    const before = sha256(file);
    expect(codeOf(() => PlanStore.open(file))).toBe("not_sqlite");
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(["notes.matriz"]);
  });

  it("refuses an empty file and an SQLite database of another program", () => {
    const dir = tempDir();
    const empty = path.join(dir, "empty.matriz");
    fs.writeFileSync(empty, "");
    expect(codeOf(() => PlanStore.open(empty))).toBe("empty_file");

    const other = path.join(dir, "other.matriz");
    const db = new Database(other);
    db.exec("CREATE TABLE t (x)");
    db.close();
    const before = sha256(other);
    expect(codeOf(() => PlanStore.open(other))).toBe("not_a_plan");
    expect(sha256(other)).toBe(before);
  });

  it("refuses a plan from a newer Matriz without changing it", () => {
    const file = guatemalaPlan(tempDir());
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA + 1}`);
    db.close();
    const before = sha256(file);
    const error = (() => {
      try {
        PlanStore.open(file);
      } catch (e) {
        return e as MatrizError;
      }
    })();
    expect(error?.code).toBe("newer_schema");
    expect(error?.params).toMatchObject({ found: LATEST_SCHEMA + 1, supported: LATEST_SCHEMA });
    expect(sha256(file)).toBe(before);
  });

  it("refuses a damaged plan without changing it", () => {
    const file = guatemalaPlan(tempDir());
    const bytes = fs.readFileSync(file);
    // Scribble over the middle of the file (table and index pages), keep the header.
    for (let i = 4096; i < Math.min(bytes.length, 4096 * 6); i++) bytes[i] = (i * 7) & 0xff;
    fs.writeFileSync(file, bytes);
    const before = sha256(file);
    expect(["damaged", "not_a_plan"]).toContain(codeOf(() => PlanStore.open(file)));
    expect(sha256(file)).toBe(before);
  });

  it("refuses a truncated plan", () => {
    const file = guatemalaPlan(tempDir());
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(["damaged", "not_a_plan"]).toContain(codeOf(() => PlanStore.open(file)));
  });

  it("says which file is missing", () => {
    const missing = path.join(tempDir(), "nowhere.matriz");
    expect(codeOf(() => PlanStore.open(missing))).toBe("file_not_found");
  });

  it("never replaces an existing file unless asked, and leaves no temporary file behind", () => {
    const dir = tempDir();
    const file = guatemalaPlan(dir);
    const before = sha256(file);
    const doc = templateDocument("costa-rica", { language: "es" });
    expect(codeOf(() => createPlanFromDocument(file, doc, who))).toBe("file_exists");
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(["gt.matriz"]);
  });

  it("leaves nothing when a document fails half-way through writing", () => {
    const dir = tempDir();
    const doc = readDocumentFile(fixturePath("guatemala"));
    // Valid shape, but a stocktaking row names a pillar the plan does not have: found late, after many rows were written.
    doc.stocktaking.push({ pillar: 9, commitments: [], supervisors: null, activity: "Orphan activity" });
    const target = path.join(dir, "broken.matriz");
    const error = (() => {
      try {
        createPlanFromDocument(target, doc, who);
      } catch (e) {
        return e as MatrizError;
      }
    })();
    expect(error?.code).toBe("document_rule");
    expect(error?.params).toMatchObject({ at: "stocktaking[11].pillar", rule: "no_pillar", number: 9 });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("saves a consistent single-file copy of an open plan", () => {
    const dir = tempDir();
    const store = PlanStore.open(guatemalaPlan(dir));
    const copy = store.saveCopy(path.join(dir, "copia.matriz"));
    const original = store.document();
    store.close();
    const reopened = PlanStore.open(copy);
    expect(reopened.document().pillars).toEqual(original.pillars);
    reopened.close();
  });
});
