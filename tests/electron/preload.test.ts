import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("./fake-electron"));

import { EVENT_CHANNEL, INVOKE_CHANNEL } from "../../src/api/channels";
import type { MatrizApi, MatrizEvent } from "../../src/api/contract";
import { contextBridge, exposed, ipcRenderer } from "./fake-electron";

// Loading the preload is what exposes the API, as in the sandboxed page.
await import("../../electron/preload");
const api = exposed.get("matriz") as MatrizApi;

describe("the preload", () => {
  it("exposes exactly window.matriz, with exactly invoke and onEvent", () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...exposed.keys()]).toEqual(["matriz"]);
    expect(Object.keys(api).sort()).toEqual(["invoke", "onEvent"]);
    expect(typeof api.invoke).toBe("function");
    expect(typeof api.onEvent).toBe("function");
    // Nothing of ipcRenderer leaks through.
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it("forwards invoke to the invoke channel and returns the main process's answer", async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { name: "Matriz", version: "9", schema: 1 } });
    const answer = await api.invoke("app.info");
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE_CHANNEL, "app.info", undefined);
    expect(answer).toEqual({ ok: true, value: { name: "Matriz", version: "9", schema: 1 } });

    await api.invoke("plan.openExample", { example: "belize" });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE_CHANNEL, "plan.openExample", { example: "belize" });
  });

  it("passes events to listeners without the IPC event object, until unsubscribed", () => {
    const listener = vi.fn();
    const unsubscribe = api.onEvent(listener);
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(1);

    const event: MatrizEvent = { type: "plan-changed", plan: null };
    ipcRenderer.emit(EVENT_CHANNEL, { sender: ipcRenderer, ports: [] }, event);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([event]);

    unsubscribe();
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
    ipcRenderer.emit(EVENT_CHANNEL, { sender: ipcRenderer, ports: [] }, event);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("keeps separate subscriptions apart", () => {
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = api.onEvent(first);
    const stopSecond = api.onEvent(second);
    stopFirst();
    ipcRenderer.emit(EVENT_CHANNEL, {}, { type: "plan-changed", plan: null });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    stopSecond();
  });
});
