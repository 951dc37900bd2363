/**
 * What a failure of SQLite or of the file system means for the user's plan.
 * "database is locked" or "disk I/O error" tell a person nothing; a full disk,
 * a plan held by another program or a plan open read-only each get their own
 * message saying what to do. Everything else stays as it was.
 */
import fs from "node:fs";
import path from "node:path";
import { MatrizError, isMatrizError } from "../domain/errors";

/** SQLite's extended code ("SQLITE_BUSY_SNAPSHOT") or Node's errno code ("ENOSPC"); "" when there is none. */
export function failureCode(error: unknown): string {
  return typeof error === "object" && error && "code" in error ? String((error as { code: unknown }).code) : "";
}

/** Less than this free on a disk and an I/O error is taken for the disk being full. */
const NEARLY_FULL_BYTES = 1024 * 1024;

function diskNearlyFull(filePath: string): boolean {
  try {
    const stats = fs.statfsSync(path.dirname(filePath));
    return stats.bavail * stats.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

const READ_ONLY_CODES = new Set(["EROFS", "EACCES", "EPERM"]);

/** The plan could not be written because of where it is (read-only file, folder or disk), not because of what it holds. */
export function isWriteRefusal(error: unknown): boolean {
  const code = failureCode(error);
  return code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN") || READ_ONLY_CODES.has(code);
}

/**
 * The MatrizError a storage failure stands for, or null when it is none of those
 * Matriz can explain. `filePath` (when known) lets an I/O error on a full disk be said as such.
 */
export function storageFailure(error: unknown, filePath?: string): MatrizError | null {
  if (isMatrizError(error)) return error;
  const code = failureCode(error);
  if (code === "SQLITE_FULL" || code === "ENOSPC" || code === "EDQUOT") return new MatrizError("disk_full", { detail: code });
  if (code.startsWith("SQLITE_IOERR") && filePath && diskNearlyFull(filePath)) return new MatrizError("disk_full", { detail: code });
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return new MatrizError("plan_locked", { detail: code });
  if (code.startsWith("SQLITE_READONLY") || code === "EROFS") return new MatrizError("plan_read_only", { reason: "file", detail: code });
  return null;
}
