/**
 * The sandboxed preload (bundled as CommonJS: a sandboxed preload may only
 * require "electron"). It exposes exactly `window.matriz`, the typed API
 * contract, and never the ipcRenderer or an IPC event object itself.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from "electron";
import { DROP_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } from "../src/api/channels";
import type { MatrizApi, MatrizEvent } from "../src/api/contract";

const api: MatrizApi = {
  invoke: (method, input) => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: MatrizEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld("matriz", api);

/* ---- finance round trip ---- */
/**
 * Files dropped on the window: a sandboxed page cannot see where a file lives, so
 * the preload asks Electron for the paths and sends them on its own channel, which
 * the page cannot reach; the core grants them for import and asks the page to
 * preview them by handle. Only real drops count: a script can fire a synthetic
 * drop event (isTrusted false), and its made-up File objects have no path anyway.
 */
interface DroppedFiles {
  isTrusted?: boolean;
  dataTransfer?: { files?: ArrayLike<unknown> } | null;
}
const page = globalThis as unknown as { addEventListener?: (type: "drop", listener: (event: DroppedFiles) => void, capture: boolean) => void };
page.addEventListener?.(
  "drop",
  (event) => {
    if (event.isTrusted !== true) return;
    const files = Array.from(event.dataTransfer?.files ?? []);
    const paths = files.map((file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0])).filter((p) => p.length > 0);
    if (paths.length) void ipcRenderer.invoke(DROP_CHANNEL, paths);
  },
  true,
);
