/**
 * Opening and creating plan files. A plan is one SQLite file the user owns, so
 * every check that could refuse a file runs read-only first: a file that is not
 * a plan, is damaged or comes from a newer Matriz is never touched.
 */
import Database from "better-sqlite3";
import type { Database as Db } from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { MatrizError } from "../domain/errors";
import { APPLICATION_ID, LATEST_SCHEMA, migrate } from "./migrations";

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

export interface OpenedPlanFile {
  db: Db;
  path: string;
  /** Schema versions applied while opening (an older file was upgraded). */
  upgradedFrom: number | null;
  backupPath: string | null;
}

function sqliteCode(error: unknown): string {
  return typeof error === "object" && error && "code" in error ? String((error as { code: unknown }).code) : "";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The cheap checks, before SQLite sees the file: it exists, is a file, starts like a database. */
function checkFileHeader(filePath: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch {
    throw new MatrizError("file_not_found", { path: filePath });
  }
  if (!stat.isFile()) throw new MatrizError("not_sqlite", { path: filePath });
  if (stat.size === 0) throw new MatrizError("not_a_plan", { path: filePath });
  const header = Buffer.alloc(16);
  const fd = fs.openSync(filePath, "r");
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (stat.size < 100 || !header.equals(SQLITE_HEADER)) throw new MatrizError("not_sqlite", { path: filePath });
}

/** A SQLite failure while checking or reading a plan, said as what it means for the user's file. */
export function planFileError(error: unknown, filePath: string): MatrizError {
  if (error instanceof MatrizError) return error;
  if (sqliteCode(error) === "SQLITE_NOTADB") return new MatrizError("not_sqlite", { path: filePath });
  return new MatrizError("damaged", { path: filePath, detail: describe(error) });
}

/** Is this open database a plan Matriz can read? Answers its schema version; throws a MatrizError that says what is wrong. */
function checkPlanDatabase(db: Db, filePath: string): { schema: number } {
  const appId = db.pragma("application_id", { simple: true }) as number;
  if (appId !== APPLICATION_ID) throw new MatrizError("not_a_plan", { path: filePath });
  const schema = db.pragma("user_version", { simple: true }) as number;
  if (schema > LATEST_SCHEMA) {
    throw new MatrizError("newer_schema", { path: filePath, found: schema, supported: LATEST_SCHEMA });
  }
  const check = db.pragma("quick_check", { simple: true }) as string;
  if (check !== "ok") throw new MatrizError("damaged", { path: filePath, detail: check });
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('plan','change_set')").get() as {
    n: number;
  };
  if (tables.n !== 2) throw new MatrizError("damaged", { path: filePath, detail: "plan tables missing" });
  const plans = db.prepare("SELECT count(*) AS n FROM plan").get() as { n: number };
  if (plans.n !== 1) throw new MatrizError("damaged", { path: filePath, detail: `${plans.n} plan rows` });
  return { schema };
}

/** Opens an existing file read-only. */
export const openReadOnly = (filePath: string): Db => new Database(filePath, { readonly: true, fileMustExist: true });

/** Reads a file's identity without writing to it; throws a MatrizError that says what is wrong. */
export function inspectPlanFile(filePath: string): { schema: number } {
  const { db, schema } = openCheckedPlan(filePath, openReadOnly);
  db.close();
  return { schema };
}

/**
 * Opens a file with `open` and checks it is a plan, keeping it open for reading
 * (the read-only reader opens a copy in memory, and reads what it checked).
 */
export function openCheckedPlan(filePath: string, open: (filePath: string) => Db): { db: Db; schema: number } {
  checkFileHeader(filePath);
  let db: Db | null = null;
  try {
    db = open(filePath);
    return { db, schema: checkPlanDatabase(db, filePath).schema };
  } catch (error) {
    db?.close();
    throw planFileError(error, filePath);
  }
}

function configure(db: Db): void {
  db.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before the UI shows it as saved, even if the power goes.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
}

function backupPathFor(filePath: string, schema: number): string {
  const dir = path.dirname(filePath);
  const base = path.basename(filePath, path.extname(filePath));
  return path.join(dir, `${base}.before-upgrade-v${schema}${path.extname(filePath) || ".matriz"}`);
}

/** Opens an existing plan for editing, upgrading an older schema after keeping a copy of the original. */
export function openPlanFile(filePath: string): OpenedPlanFile {
  const resolved = path.resolve(filePath);
  const { schema } = inspectPlanFile(resolved);
  let backupPath: string | null = null;
  if (schema < LATEST_SCHEMA) {
    backupPath = backupPathFor(resolved, schema);
    if (!fs.existsSync(backupPath)) fs.copyFileSync(resolved, backupPath);
  }
  let db: Db;
  try {
    db = new Database(resolved, { fileMustExist: true });
  } catch (error) {
    throw new MatrizError("read_only", { path: resolved, detail: describe(error) });
  }
  try {
    configure(db);
    migrate(db);
  } catch (error) {
    db.close();
    throw new MatrizError("read_only", { path: resolved, detail: describe(error) });
  }
  return { db, path: resolved, upgradedFrom: schema < LATEST_SCHEMA ? schema : null, backupPath };
}

/**
 * Creates a plan file whole or not at all: it is built under a temporary name
 * beside the target and renamed into place only when complete.
 */
export function createPlanFile(filePath: string, fill: (db: Db) => void, options: { overwrite?: boolean } = {}): string {
  const resolved = path.resolve(filePath);
  if (!options.overwrite && fs.existsSync(resolved)) throw new MatrizError("file_exists", { path: resolved });
  const dir = path.dirname(resolved);
  if (!fs.existsSync(dir)) throw new MatrizError("io_error", { operation: "create", path: resolved, detail: "folder does not exist" });
  const temp = path.join(dir, `.${path.basename(resolved)}.${process.pid}.${Date.now()}.tmp`);
  let db: Db | null = null;
  try {
    db = new Database(temp);
    db.pragma("journal_mode = DELETE");
    db.pragma("foreign_keys = ON");
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    db.transaction(() => fill(db!))();
    db.close();
    db = null;
    fs.renameSync(temp, resolved);
    return resolved;
  } catch (error) {
    db?.close();
    for (const leftover of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`]) fs.rmSync(leftover, { force: true });
    if (error instanceof MatrizError) throw error;
    throw new MatrizError("io_error", { operation: "create", path: resolved, detail: describe(error) });
  }
}

/** A consistent single-file copy of an open plan (the WAL folded in), written atomically. */
export function copyPlanFile(db: Db, targetPath: string): string {
  const resolved = path.resolve(targetPath);
  const temp = path.join(path.dirname(resolved), `.${path.basename(resolved)}.${process.pid}.${Date.now()}.tmp`);
  try {
    db.prepare("VACUUM INTO ?").run(temp);
    fs.renameSync(temp, resolved);
    return resolved;
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new MatrizError("io_error", { operation: "write", path: resolved, detail: describe(error) });
  }
}
