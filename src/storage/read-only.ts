/**
 * Reading someone else's plan without touching it (the regional consolidation
 * reads six countries' files): no journal-mode switch, no upgrade in place, no
 * backup written beside it, no journal files left beside it. An older file is
 * upgraded in a temporary copy.
 */
import Database from "better-sqlite3";
import type { Database as Db } from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PlanDocument } from "../domain/document";
import { readDocument } from "./document-io";
import { LATEST_SCHEMA } from "./migrations";
import { openCheckedPlan, openPlanFile, planFileError } from "./plan-file";

/**
 * A plan Matriz wrote is in WAL mode, and SQLite opening it, even read-only,
 * creates "-shm" and "-wal" files beside it that stay after closing. When no
 * "-wal" file is there (the plan is not open anywhere), every committed page is
 * in the file itself, so it is read from a copy in memory instead; the copy's
 * header says "rollback journal" (bytes 18-19), as an in-memory database must.
 */
function openInMemory(filePath: string): Db {
  const image = fs.readFileSync(filePath);
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  return new Database(image, { readonly: true });
}

export function readPlanDocumentReadOnly(filePath: string): PlanDocument {
  const resolved = path.resolve(filePath);
  // A plan open in a Matriz elsewhere has its journal files already, holding its latest changes: read it in place.
  const open = fs.existsSync(`${resolved}-wal`) ? (file: string) => new Database(file, { readonly: true, fileMustExist: true }) : openInMemory;
  const { db, schema } = openCheckedPlan(resolved, open);
  try {
    if (schema === LATEST_SCHEMA) return readDocument(db);
  } catch (error) {
    throw planFileError(error, resolved);
  } finally {
    db.close();
  }
  // An older plan: upgraded in a temporary copy, the original left as it was.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-read-"));
  try {
    const copy = path.join(dir, path.basename(resolved));
    fs.copyFileSync(resolved, copy);
    const opened = openPlanFile(copy);
    try {
      return readDocument(opened.db);
    } finally {
      opened.db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
