/**
 * Reading someone else's plan without touching it (the regional consolidation
 * reads six countries' files): no journal-mode switch, no upgrade in place, no
 * backup written beside it, no journal files left beside it. An older file is
 * upgraded in a temporary copy.
 */
import type { Database as Db } from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PlanDocument } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { readDocument } from "./document-io";
import { LATEST_SCHEMA } from "./migrations";
import { openCheckedPlan, openImage, openPlanFile, openReadOnly, planFileError } from "./plan-file";

/**
 * A plan Matriz wrote is in WAL mode, and SQLite opening it, even read-only,
 * creates "-shm" and "-wal" files beside it that stay after closing. When no
 * "-wal" file is there (the plan is not open anywhere), every committed page is
 * in the file itself, so it is read from a copy in memory instead.
 */
const openInMemory = (filePath: string): Db => openImage(filePath, { readonly: true });

/** A plan open in a Matriz elsewhere has its journal files already, holding its latest changes: it is read in place. */
const opener = (filePath: string) => (fs.existsSync(`${filePath}-wal`) ? openReadOnly : openInMemory);

function openForReading(filePath: string): { db: Db; schema: number } {
  const open = opener(filePath);
  try {
    return openCheckedPlan(filePath, open);
  } catch (error) {
    // A copy taken just as a Matriz elsewhere wrote into the file can be torn: one more try,
    // in place if that Matriz has its journal open by now.
    if (open !== openInMemory || !(error instanceof MatrizError) || error.code !== "damaged") throw error;
    return openCheckedPlan(filePath, opener(filePath));
  }
}

export function readPlanDocumentReadOnly(filePath: string): PlanDocument {
  const resolved = path.resolve(filePath);
  const { db, schema } = openForReading(resolved);
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
