/**
 * Merging a copy of a plan that was edited apart (taken away on a laptop, a
 * backup, a copy from before the Wi-Fi came back): the copy's shared document
 * holds everything it typed, so merging it is applying it, with every row
 * checked and every concurrent write listed as a conflict, exactly as a live
 * session would. The copy itself is only read. Copies that never shared a
 * document are refused with a pointer to the spreadsheet round trip.
 */
import Database from "better-sqlite3";
import type { Database as Db } from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { MatrizError } from "../domain/errors";
import { useDevice } from "../storage/change-log";
import { migrate } from "../storage/migrations";
import { openCheckedPlan } from "../storage/plan-file";
import { PlanStore } from "../storage/plan-store";
import type { Device } from "./device";
import { SharedPlan } from "./engine";

export interface MergeOutcome {
  into: string;
  from: string;
  changeSets: number;
  rows: number;
  conflicts: number;
  refused: number;
  conflictIds: string[];
}

/**
 * The copy, read into memory and brought to the current schema there: the file
 * is never written, and no journal files are left beside it (when it is not
 * open anywhere, its bytes are read as they are; the image's header says
 * "rollback journal", as an in-memory database must).
 */
function copyInMemory(file: string): Db {
  const inUse = fs.existsSync(`${file}-wal`);
  const { db } = openCheckedPlan(file, (filePath) => {
    let image: Buffer;
    if (inUse) {
      // Open in a Matriz elsewhere: its latest changes are in its journal, read through SQLite.
      const source = new Database(filePath, { readonly: true, fileMustExist: true });
      image = source.serialize();
      source.close();
    } else image = fs.readFileSync(filePath);
    if (image.length >= 20 && image[18] === 2) {
      image[18] = 1;
      image[19] = 1;
    }
    return new Database(image);
  });
  db.pragma("foreign_keys = ON");
  migrate(db);
  return db;
}

function planId(db: Db): string {
  return (db.prepare("SELECT id FROM plan").get() as { id: string }).id;
}

export function mergeCopies(intoPath: string, fromPath: string, who: { author: string; device: Device | null }): MergeOutcome {
  const into = path.resolve(intoPath);
  const from = path.resolve(fromPath);
  const copy = copyInMemory(from);
  const store = PlanStore.open(into, { device: who.device });
  let target: SharedPlan | null = null;
  let source: SharedPlan | null = null;
  try {
    if (planId(copy) !== store.info().id) throw new MatrizError("sync_other_plan", { into, from });
    useDevice(copy, null);
    source = SharedPlan.attach(copy);
    target = SharedPlan.attach(store.db, { author: () => who.author, device: who.device });
    if (source.base !== target.base) throw new MatrizError("sync_unrelated_copies", { into, from });
    const report = target.applyRemote(source.diff(target.stateVector()), { authoritative: true });
    return {
      into,
      from,
      changeSets: report.changeSets,
      rows: report.rows,
      conflicts: report.conflicts.length,
      refused: report.refused.length,
      conflictIds: report.conflicts,
    };
  } finally {
    source?.close();
    target?.close();
    copy.close();
    store.close();
  }
}
