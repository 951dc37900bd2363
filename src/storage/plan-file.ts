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
import { detailed } from "../i18n";
import { changeLogProblem } from "./change-log";
import { APPLICATION_ID, LATEST_SCHEMA, migrate } from "./migrations";
import { failureCode, isWriteRefusal, storageFailure } from "./storage-errors";
import { removeStaleTempFiles, tempPathFor } from "./temp-files";

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Why a plan was opened read-only: its file or folder cannot be written, or its change log cannot be trusted. */
export type ReadOnlyReason = "file" | "history";

export interface OpenedPlanFile {
  db: Db;
  path: string;
  /** Schema versions applied while opening (an older file was upgraded). */
  upgradedFrom: number | null;
  backupPath: string | null;
  /** Null when the plan can be edited. A read-only plan is held in memory; nothing is written to its file. */
  readOnly: ReadOnlyReason | null;
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
  if (stat.size === 0) throw new MatrizError("empty_file", { path: filePath });
  const header = Buffer.alloc(16);
  const fd = fs.openSync(filePath, "r");
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (stat.size < 100 || !header.equals(SQLITE_HEADER)) throw new MatrizError("not_sqlite", { path: filePath });
}

/** The first line of what SQLite found wrong, short: a page-by-page report is no use to a person. */
function firstProblem(report: string): string {
  const line = report.split("\n").find((l) => l.trim() && !l.startsWith("***")) ?? report;
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

/** A SQLite failure while checking or reading a plan, said as what it means for the user's file. */
export function planFileError(error: unknown, filePath: string): MatrizError {
  const known = storageFailure(error, filePath);
  if (known) return known;
  const code = failureCode(error);
  if (code === "SQLITE_NOTADB") return new MatrizError("not_sqlite", { path: filePath });
  if (code.startsWith("SQLITE_CORRUPT")) return new MatrizError("damaged", { path: filePath, detail: firstProblem(describe(error)) });
  return new MatrizError("io_error", { operation: "open", path: filePath, detail: firstProblem(describe(error)) });
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
  if (check !== "ok") throw new MatrizError("damaged", { path: filePath, detail: firstProblem(check) });
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('plan','change_set','change')").get() as {
    n: number;
  };
  if (tables.n !== 3) throw new MatrizError("damaged", detailed("plan_tables_missing", { path: filePath }));
  const plans = db.prepare("SELECT count(*) AS n FROM plan").get() as { n: number };
  if (plans.n !== 1) throw new MatrizError("damaged", detailed("plan_rows", { path: filePath, count: plans.n }));
  return { schema };
}

/** Opens an existing file read-only, in place. A reader waits only for a writer's brief transaction; a program that keeps the file locked is said at once. */
export const openReadOnly = (filePath: string): Db => new Database(filePath, { readonly: true, fileMustExist: true, timeout: 1000 });

const JOURNAL_SUFFIXES = ["-wal", "-shm"] as const;
const existingJournals = (filePath: string) => JOURNAL_SUFFIXES.filter((suffix) => fs.existsSync(filePath + suffix));

/**
 * The plan as one database in memory, its latest commit included. A plan open in
 * a Matriz elsewhere has a "-wal" holding its latest changes: those are read
 * through SQLite in place. Otherwise every committed page is in the file and it
 * is read as it is; the copy's header says "rollback journal" (bytes 18-19), as
 * an in-memory database must. The file and its folder are not written to.
 */
export function openImage(filePath: string, options: { readonly?: boolean } = {}): Db {
  let image: Buffer;
  if (fs.existsSync(`${filePath}-wal`)) {
    const inPlace = openReadOnly(filePath);
    try {
      image = inPlace.serialize();
    } finally {
      inPlace.close();
    }
  } else {
    image = fs.readFileSync(filePath);
  }
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  return new Database(image, { readonly: options.readonly ?? false });
}

/** Can this process write the plan, and make its journal files beside it? (As root, chmod stops nothing; a read-only mount or an immutable file does.) */
function canWrite(filePath: string): boolean {
  try {
    fs.accessSync(filePath, fs.constants.R_OK | fs.constants.W_OK);
    fs.accessSync(path.dirname(filePath), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a file's identity and checks its change log without writing to it;
 * throws a MatrizError that says what is wrong. SQLite reading a plan in place
 * makes "-wal" and "-shm" files beside it that a read-only connection leaves
 * behind: those it made are removed again, whatever the outcome.
 */
export function inspectPlanFile(filePath: string): { schema: number; historyProblem: string | null } {
  const before = existingJournals(filePath);
  // In place is quicker for a large plan, but needs a folder SQLite can write its journal files in.
  const open = canWrite(filePath) || before.includes("-wal") ? openReadOnly : (file: string) => openImage(file, { readonly: true });
  try {
    const { db, schema } = openCheckedPlan(filePath, open);
    try {
      return { schema, historyProblem: changeLogProblem(db) };
    } catch (error) {
      throw planFileError(error, filePath);
    } finally {
      db.close();
    }
  } finally {
    for (const suffix of JOURNAL_SUFFIXES) {
      if (!before.includes(suffix)) fs.rmSync(filePath + suffix, { force: true });
    }
  }
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

/** How writes reach the disk. The power-cut tests lower it (MATRIZ_TEST_SYNCHRONOUS) to prove they would notice. */
function synchronousMode(): string {
  const lowered = process.env.MATRIZ_TEST_SYNCHRONOUS;
  return lowered === "OFF" || lowered === "NORMAL" ? lowered : "FULL";
}

function configure(db: Db): void {
  db.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before the UI shows it as saved, even if the power goes.
  db.pragma(`synchronous = ${synchronousMode()}`);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
}

function backupPathFor(filePath: string, schema: number): string {
  const dir = path.dirname(filePath);
  const base = path.basename(filePath, path.extname(filePath));
  return path.join(dir, `${base}.before-upgrade-v${schema}${path.extname(filePath) || ".matriz"}`);
}

/** Flushes a folder's entries (a rename, a new file) to the disk. */
export function syncFolder(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `content` under a temporary name, flushes it, renames it into place and flushes the folder: after a power cut the file is whole or absent. */
export function writeFileDurably(target: string, content: Buffer | string): void {
  // What an interrupted write left in this folder goes first.
  removeStaleTempFiles(path.dirname(target));
  const temp = tempPathFor(target);
  try {
    const fd = fs.openSync(temp, "w");
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
    syncFolder(path.dirname(target));
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * A plan that cannot be written (or whose change log cannot be trusted) opens
 * read-only: a copy in memory, upgraded there if it is older, that refuses writes
 * (query_only). Nothing is written to the file or beside it.
 */
function openPlanReadOnly(filePath: string, reason: ReadOnlyReason): OpenedPlanFile {
  const { db, schema } = openCheckedPlan(filePath, (file) => openImage(file));
  try {
    db.pragma("foreign_keys = ON");
    if (schema < LATEST_SCHEMA) migrate(db);
    db.pragma("query_only = ON");
  } catch (error) {
    db.close();
    throw planFileError(error, filePath);
  }
  return { db, path: filePath, upgradedFrom: null, backupPath: null, readOnly: reason };
}

/**
 * Opens an existing plan: for editing when it can be written, upgrading an older
 * schema after keeping a copy of the original; read-only otherwise.
 */
export function openPlanFile(filePath: string): OpenedPlanFile {
  const resolved = path.resolve(filePath);
  const { schema, historyProblem } = inspectPlanFile(resolved);
  // Opened read-only rather than refused: the matrix is the user's work and can still be read,
  // exported and printed; only undo reads the log, and it is not offered.
  if (historyProblem) return openPlanReadOnly(resolved, "history");
  if (!canWrite(resolved)) return openPlanReadOnly(resolved, "file");
  // A copy or an export that a crash or a power cut interrupted in this folder left a hidden file.
  removeStaleTempFiles(path.dirname(resolved));
  let backupPath: string | null = null;
  if (schema < LATEST_SCHEMA) {
    backupPath = backupPathFor(resolved, schema);
    try {
      // Whole or absent after a power cut: a torn backup would be kept forever (it is never overwritten).
      if (!fs.existsSync(backupPath)) writeFileDurably(backupPath, fs.readFileSync(resolved));
    } catch (error) {
      if (isWriteRefusal(error)) return openPlanReadOnly(resolved, "file");
      throw planFileError(error, resolved);
    }
  }
  let db: Db | null = null;
  try {
    db = new Database(resolved, { fileMustExist: true });
    configure(db);
    migrate(db);
  } catch (error) {
    db?.close();
    // The checks said it could be written, but the file system refused (a network share, say).
    if (isWriteRefusal(error)) return openPlanReadOnly(resolved, "file");
    throw planFileError(error, resolved);
  }
  return { db, path: resolved, upgradedFrom: schema < LATEST_SCHEMA ? schema : null, backupPath, readOnly: null };
}

/** A new file that could not be written: a full disk is said as such, anything else as `otherwise`. */
function diskFullOr(error: unknown, filePath: string, otherwise: MatrizError): MatrizError {
  const failure = storageFailure(error, filePath);
  return failure?.code === "disk_full" ? failure : otherwise;
}

/**
 * Creates a plan file whole or not at all: it is built under a temporary name
 * beside the target and renamed into place only when complete.
 */
export function createPlanFile(filePath: string, fill: (db: Db) => void, options: { overwrite?: boolean } = {}): string {
  const resolved = path.resolve(filePath);
  if (!options.overwrite && fs.existsSync(resolved)) throw new MatrizError("file_exists", { path: resolved });
  const dir = path.dirname(resolved);
  if (!fs.existsSync(dir)) throw new MatrizError("io_error", detailed("folder_missing", { operation: "create", path: resolved }));
  removeStaleTempFiles(dir);
  const temp = tempPathFor(resolved);
  let db: Db | null = null;
  try {
    db = new Database(temp);
    db.pragma("journal_mode = DELETE");
    db.pragma(`synchronous = ${synchronousMode()}`);
    db.pragma("foreign_keys = ON");
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    db.transaction(() => fill(db!))();
    db.close();
    db = null;
    fs.renameSync(temp, resolved);
    syncFolder(dir);
    return resolved;
  } catch (error) {
    db?.close();
    for (const leftover of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`]) fs.rmSync(leftover, { force: true });
    if (error instanceof MatrizError) throw error;
    throw diskFullOr(error, resolved, new MatrizError("io_error", { operation: "create", path: resolved, detail: describe(error) }));
  }
}

/** Flushes a file's content to the disk. */
function syncFile(file: string): void {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A consistent single-file copy of an open plan (the WAL folded in), written atomically. */
export function copyPlanFile(db: Db, targetPath: string): string {
  const resolved = path.resolve(targetPath);
  removeStaleTempFiles(path.dirname(resolved));
  const temp = tempPathFor(resolved);
  // A read-only plan refuses every write (query_only), VACUUM INTO included: its copy is the way to edit it.
  const queryOnly = db.pragma("query_only", { simple: true }) === 1;
  try {
    if (queryOnly) db.pragma("query_only = OFF");
    db.prepare("VACUUM INTO ?").run(temp);
    syncFile(temp);
    fs.renameSync(temp, resolved);
    syncFolder(path.dirname(resolved));
    return resolved;
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw diskFullOr(error, resolved, new MatrizError("io_error", { operation: "write", path: resolved, detail: describe(error) }));
  } finally {
    if (queryOnly) db.pragma("query_only = ON");
  }
}
