/**
 * The regional consolidation reads other countries' plan files: reading must
 * leave each file byte for byte as it was, older schemas included (no upgrade
 * in place, no backup, no journal-mode switch).
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { exportRegional } from "../../src/app/exports";
import { inChangeSet } from "../../src/storage/change-log";
import { writeDocument } from "../../src/storage/document-io";
import { APPLICATION_ID, LATEST_SCHEMA, migrate } from "../../src/storage/migrations";
import { readPlanDocumentReadOnly } from "../../src/storage/read-only";
import { fixturePath, sha256, subsetDifferences, tempDir } from "../helpers/temp";

/** A plan file as a Matriz at schema `version` wrote it (rollback journal, as older files may be). */
function planAtSchema(file: string, version: number, id = "honduras") {
  const db = new Database(file);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, version);
  const doc = readDocumentFile(fixturePath(id));
  inChangeSet(db, { author: "older Matriz", source: "example", label: "example" }, (w) => writeDocument(w, doc, { language: "en" }));
  db.close();
  return doc;
}

const listing = (dir: string) => fs.readdirSync(dir).sort();

describe("reading a plan without changing it", () => {
  it("reads an older-schema file and a current one, leaving both files and their folder as they were", () => {
    const dir = tempDir();
    const older = path.join(dir, "older.matriz");
    const current = path.join(dir, "current.matriz");
    const olderDoc = planAtSchema(older, LATEST_SCHEMA - 1);
    const currentDoc = planAtSchema(current, LATEST_SCHEMA, "panama");
    const before = { files: listing(dir), older: sha256(older), current: sha256(current) };

    expect(subsetDifferences(readPlanDocumentReadOnly(older), olderDoc)).toEqual([]);
    expect(subsetDifferences(readPlanDocumentReadOnly(current), currentDoc)).toEqual([]);
    expect({ files: listing(dir), older: sha256(older), current: sha256(current) }).toEqual(before);
  });

  it("consolidates plans made by Matriz (WAL) and by an older Matriz without changing any of them", async () => {
    const dir = tempDir();
    const gt = path.join(dir, "gt.matriz");
    createPlanFromDocument(gt, readDocumentFile(fixturePath("guatemala")), { author: "t", source: "example" }).close();
    const hn = path.join(dir, "hn.matriz");
    planAtSchema(hn, LATEST_SCHEMA - 1);
    const hashes = [sha256(gt), sha256(hn)];
    const out = path.join(tempDir(), "region.xlsx");
    const result = await exportRegional([gt, hn], out, { currency: "USD", language: "en" });
    expect(result.byCountry.map((c) => c.iso3)).toEqual(["GTM", "HND"]);
    expect([sha256(gt), sha256(hn)]).toEqual(hashes);
    // Not even journal files: opening a WAL plan read-only would leave -shm and -wal beside it.
    expect(listing(dir)).toEqual(["gt.matriz", "hn.matriz"]);
  });

  it("reads the latest changes of a plan open in a Matriz elsewhere, leaving its journal files to it", () => {
    const dir = tempDir();
    const gt = path.join(dir, "gt.matriz");
    const store = createPlanFromDocument(gt, readDocumentFile(fixturePath("guatemala")), { author: "t", source: "example" });
    try {
      // Committed to the WAL, not yet copied into the file itself.
      store.db.prepare("UPDATE plan SET title = 'Plan en uso'").run();
      const journals = listing(dir);
      expect(journals).toEqual(["gt.matriz", "gt.matriz-shm", "gt.matriz-wal"]);
      expect(readPlanDocumentReadOnly(gt).title).toBe("Plan en uso");
      expect(listing(dir)).toEqual(journals);
    } finally {
      store.close();
    }
  });

  it("refuses a file that is not a plan, naming it", () => {
    const dir = tempDir();
    const file = path.join(dir, "notes.matriz");
    fs.writeFileSync(file, "not a database at all, just some text that is long enough to be read as a header and more");
    expect(() => readPlanDocumentReadOnly(file)).toThrow(/notes\.matriz/);
  });
});
