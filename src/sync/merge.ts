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
import path from "node:path";
import { MatrizError } from "../domain/errors";
import { useDevice } from "../storage/change-log";
import { migrate } from "../storage/migrations";
import { inspectPlanFile } from "../storage/plan-file";
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

/** The copy, read into memory and brought to the current schema there: the file is never written. */
function copyInMemory(file: string): Db {
  inspectPlanFile(file);
  const source = new Database(file, { readonly: true, fileMustExist: true });
  const bytes = source.serialize();
  source.close();
  // A plan is written in WAL mode, which an in-memory database cannot open: mark the image as a rollback-journal file.
  bytes[18] = 1;
  bytes[19] = 1;
  const db = new Database(bytes);
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
