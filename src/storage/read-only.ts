/**
 * Reading someone else's plan without touching it (the regional consolidation
 * reads six countries' files): no journal-mode switch, no upgrade in place, no
 * backup written beside it. An older file is upgraded in a temporary copy.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PlanDocument } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { readDocument } from "./document-io";
import { LATEST_SCHEMA } from "./migrations";
import { inspectPlanFile, openPlanFile } from "./plan-file";

export function readPlanDocumentReadOnly(filePath: string): PlanDocument {
  const resolved = path.resolve(filePath);
  const { schema } = inspectPlanFile(resolved);
  if (schema < LATEST_SCHEMA) {
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
  let db: InstanceType<typeof Database> | null = null;
  try {
    db = new Database(resolved, { readonly: true, fileMustExist: true });
    return readDocument(db);
  } catch (error) {
    if (error instanceof MatrizError) throw error;
    throw new MatrizError("damaged", { path: resolved, detail: error instanceof Error ? error.message : String(error) });
  } finally {
    db?.close();
  }
}
