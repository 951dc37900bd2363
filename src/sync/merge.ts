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
import { readableCount } from "./conflicts";
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
  const store = PlanStore.open(path.resolve(intoPath), { device: who.device });
  try {
    return mergeCopyInto(store, fromPath, who);
  } finally {
    store.close();
  }
}

/**
 * Merges a copy into a plan that is open (the app's File › Merge a copy…). During
 * a live session `live` is the session's shared document: what the copy brings
 * then reaches every laptop in the room, checked by the host like any edit.
 */
export function mergeCopyInto(store: PlanStore, fromPath: string, who: { author: string; device: Device | null }, live: SharedPlan | null = null): MergeOutcome {
  const into = store.path;
  const from = path.resolve(fromPath);
  if (from === path.resolve(into)) throw new MatrizError("sync_same_file", { from });
  const copy = copyInMemory(from);
  let target: SharedPlan | null = null;
  let source: SharedPlan | null = null;
  try {
    if (planId(copy) !== store.info().id) throw new MatrizError("sync_other_plan", { into, from });
    useDevice(copy, null);
    source = SharedPlan.attach(copy);
    target = live ?? SharedPlan.attach(store.db, { author: () => who.author, device: who.device });
    if (source.base !== target.base) throw new MatrizError("sync_unrelated_copies", { into, from });
    const update = source.diff(target.stateVector());
    const report = live ? live.mergeAndShare(update, { authoritative: true }) : target.applyRemote(update, { authoritative: true });
    return {
      into,
      from,
      changeSets: report.changeSets,
      rows: report.rows,
      // A schedule and its years, a status and its date: one conflict, as `matriz conflicts` lists them.
      conflicts: readableCount(store.db, report.conflicts),
      refused: report.refused.length,
      conflictIds: report.conflicts,
    };
  } finally {
    source?.close();
    if (target !== live) target?.close();
    copy.close();
  }
}
