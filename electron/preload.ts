/**
 * The sandboxed preload (bundled as CommonJS: a sandboxed preload may only
 * require "electron"). It exposes exactly `window.matriz`, the typed API
 * contract, and never the ipcRenderer or an IPC event object itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from "electron";
import { EVENT_CHANNEL, INVOKE_CHANNEL } from "../src/api/channels";
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
