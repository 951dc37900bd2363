/**
 * Which files the page may name. The renderer never sends the core a path: it
 * sends a handle, an unguessable token the core minted when the user chose the
 * file (a native dialog, a drop on the window, the recent list). Each handle
 * allows one use of one file; anything else (a path, a made-up or stale handle,
 * a handle used for something else) is refused before any file is touched.
 * The command line and the tests keep calling the core's functions with paths.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { MatrizError } from "../domain/errors";

/**
 * What a handle lets the page ask for:
 * - plan: open this plan file (and so edit it), from the open dialog or the recent list;
 * - spreadsheet: read this returned workbook for a finance preview or import;
 * - national-source: read this plan (read-only) or national workbook for the regional view;
 * - exported: show this file, written where the user chose, in its folder.
 */
export type FileUse = "plan" | "spreadsheet" | "national-source" | "exported";

/** What the page gets for a file the user chose: the handle to send back, and words to show. */
export interface GrantedFile {
  handle: string;
  /** The file's name, for display. */
  name: string;
  /** The whole path, for display (a tooltip, a notice); never accepted back. */
  path: string;
}

/** A handle as the contract accepts it: letters, digits, - and _, nothing a path could be. */
export const HANDLE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/**
 * A Windows UNC or device path (\\server\share, //server/share, \\?\…, \\.\…): opening one
 * reaches out to the network (and hands the server the user's credentials). Refused from the page.
 */
export function isUncPath(file: string): boolean {
  return /^[\\/]{2}/.test(file);
}

/** Enough for any session; the oldest grants go first if a session somehow makes more. */
const MAX_GRANTS = 5000;

export class FileGrants {
  private readonly byHandle = new Map<string, { path: string; use: FileUse }>();
  private readonly byKey = new Map<string, string>();

  /** Mints (or finds again) the handle for this file and this use. The path must be absolute. */
  grant(file: string, use: FileUse): string {
    if (!path.isAbsolute(file)) throw new MatrizError("internal", { detail: `a granted file needs an absolute path: ${file}` });
    const resolved = path.resolve(file);
    const key = `${use}\u0000${resolved}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const handle = randomBytes(18).toString("base64url");
    this.byHandle.set(handle, { path: resolved, use });
    this.byKey.set(key, handle);
    if (this.byHandle.size > MAX_GRANTS) this.forget(this.byHandle.keys().next().value!);
    return handle;
  }

  /** The handle with what the page may show of the file. */
  describe(file: string, use: FileUse): GrantedFile {
    const resolved = path.resolve(file);
    return { handle: this.grant(resolved, use), name: path.basename(resolved), path: resolved };
  }

  /** The path behind a handle, if it was granted for this use; otherwise a refusal that touches nothing. */
  resolve(handle: string, use: FileUse): string {
    const granted = this.byHandle.get(handle);
    if (!granted || granted.use !== use) throw new MatrizError("file_not_granted", {});
    return granted.path;
  }

  /** Withdraws every handle of this use (the recent list was cleared, say). */
  revokeAll(use: FileUse): void {
    for (const [handle, granted] of [...this.byHandle]) if (granted.use === use) this.forget(handle);
  }

  private forget(handle: string): void {
    const granted = this.byHandle.get(handle);
    if (!granted) return;
    this.byHandle.delete(handle);
    this.byKey.delete(`${granted.use}\u0000${granted.path}`);
  }
}
