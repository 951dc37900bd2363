/**
 * Matriz writes every file it exports, copies or creates under a hidden temporary
 * name beside the target (".<name>.<pid>.<time>.tmp"), flushes it and renames it into
 * place. A power cut or a crash in between leaves that temporary file behind. The
 * folder is swept when a plan is opened or created there and before an export
 * writes to it: only names of exactly this pattern, for the kinds of file Matriz
 * writes, whose process is gone. Nothing else in the folder is ever touched.
 */
import fs from "node:fs";
import path from "node:path";

/**
 * ".<target>.<pid>[.<ms>].tmp", with the suffixes Matriz adds: ".pdf" (the chapter
 * printed before it is copied), and SQLite's "-journal", "-wal", "-shm" beside a
 * plan being created. The target ends in an extension Matriz writes.
 */
const TEMP = /^\.(.+\.(?:matriz|xlsx|csv|xml|pdf))\.([1-9]\d{0,9})(?:\.\d{10,16})?\.tmp(?:\.pdf|-journal|-wal|-shm)?$/i;

/** The hidden temporary name a file is written under before it takes `target`'s name. */
export function tempPathFor(target: string, suffix = ""): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp${suffix}`);
}

/** The process that wrote a temporary file of ours, or null when the name is not one of ours. */
export function tempOwner(name: string): number | null {
  const match = TEMP.exec(name);
  return match ? Number(match[2]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** When this process started: a file with its pid but older than that was left by an earlier process with the same pid. */
const started = Date.now() - process.uptime() * 1000;

/**
 * Removes the temporary files that an interrupted Matriz left in `folder`; returns
 * their names. Never throws: a folder that cannot be read or written is left as it is.
 */
export function removeStaleTempFiles(folder: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempOwner(name);
    if (pid === null) continue;
    const file = path.join(folder, name);
    try {
      const stat = fs.lstatSync(file);
      if (!stat.isFile()) continue;
      // This process's own files may be in use (a chapter being printed); another live process's certainly may.
      if (pid === process.pid ? stat.mtimeMs >= started : alive(pid)) continue;
      fs.rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // Gone meanwhile, or not ours to remove (a read-only folder): left as it is.
    }
  }
  return removed;
}
