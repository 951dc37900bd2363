/**
 * The one IPC channel into the core. The sender is checked first; only then is
 * the untrusted (method, input) pair handed to the dispatcher, which validates
 * it against the contract.
 */
import type { IpcMain, IpcMainInvokeEvent } from "electron";
import { DROP_CHANNEL, INVOKE_CHANNEL } from "../src/api/channels";
import type { Result } from "../src/api/contract";
import { errorMessage, type Language } from "../src/i18n";

export type Dispatch = (method: unknown, input: unknown) => Promise<Result<unknown>>;

export interface InvokeHandlerOptions {
  isTrusted(event: IpcMainInvokeEvent): boolean;
  dispatch: Dispatch;
  language(): Language;
  /** Runs after every answered call (the menu follows the settings and the open plan). */
  afterCall?(): void;
}

export function forbidden(language: Language): Result<never> {
  // No catalogue entry for this yet; only a foreign page would ever read it.
  return { ok: false, error: { code: "forbidden", params: {}, message: errorMessage(language, "forbidden") } };
}

export function registerInvokeHandler(ipcMain: Pick<IpcMain, "handle" | "removeHandler">, options: InvokeHandlerOptions): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!options.isTrusted(event)) return forbidden(options.language());
    const result = await options.dispatch(method, input);
    options.afterCall?.();
    return result;
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}

/** At most this many files in one drop, each path at most this long: more is not a drop a person made. */
const MAX_DROPPED = 1000;
const MAX_PATH = 4096;

export interface DropHandlerOptions {
  isTrusted(event: IpcMainInvokeEvent): boolean;
  /** Hands the dropped files to the core, which grants them for import and asks the page to preview them. */
  dropped(files: string[]): void;
}

/**
 * The preload's drop channel: only our window's main frame, only a list of paths.
 * Anything else is ignored without an answer worth reading.
 */
export function registerDropHandler(ipcMain: Pick<IpcMain, "handle" | "removeHandler">, options: DropHandlerOptions): () => void {
  ipcMain.handle(DROP_CHANNEL, (event, files: unknown) => {
    if (!options.isTrusted(event)) return false;
    if (!Array.isArray(files) || files.length === 0 || files.length > MAX_DROPPED) return false;
    if (!files.every((file): file is string => typeof file === "string" && file.length > 0 && file.length <= MAX_PATH)) return false;
    options.dropped(files);
    return true;
  });
  return () => ipcMain.removeHandler(DROP_CHANNEL);
}
