/**
 * Files dropped on the window: the preload resolves their paths (the sandboxed
 * page cannot) and hands them to the core as the contract's finance.dropped call,
 * exposing nothing more to the page.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", async () => ({
  ...(await import("./fake-electron")),
  webUtils: { getPathForFile: (file: { where: string }) => file.where },
}));

import { INVOKE_CHANNEL } from "../../src/api/channels";
import { exposed, ipcRenderer } from "./fake-electron";

type DropListener = (event: { dataTransfer?: { files?: ArrayLike<unknown> } | null }) => void;
const listeners: Array<{ type: string; listener: DropListener; capture: boolean }> = [];
(globalThis as unknown as { addEventListener: unknown }).addEventListener = (type: string, listener: DropListener, capture: boolean) =>
  listeners.push({ type, listener, capture });
await import("../../electron/preload");

describe("the preload's drop handling", () => {
  it("listens for drops before the page does and sends the dropped files' paths to the core", () => {
    const drop = listeners.find((l) => l.type === "drop");
    expect(drop?.capture).toBe(true);
    drop!.listener({ dataTransfer: { files: [{ where: "/home/ana/dgm.xlsx" }, { where: "/home/ana/sbs.ods" }] } });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE_CHANNEL, "finance.dropped", { paths: ["/home/ana/dgm.xlsx", "/home/ana/sbs.ods"] });
  });

  it("ignores drops without files (text dragged inside the page)", () => {
    ipcRenderer.invoke.mockClear();
    listeners.find((l) => l.type === "drop")!.listener({ dataTransfer: { files: [] } });
    listeners.find((l) => l.type === "drop")!.listener({ dataTransfer: null });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it("still exposes only window.matriz", () => {
    expect([...exposed.keys()]).toEqual(["matriz"]);
  });
});
