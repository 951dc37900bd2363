/**
 * The one IPC channel into the core. The sender is checked first; only then is
 * the untrusted (method, input) pair handed to the dispatcher, which validates
 * it against the contract.
 */
import type { IpcMain, IpcMainInvokeEvent } from "electron";
import { INVOKE_CHANNEL } from "../src/api/channels";
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
