/**
 * Files dropped on the window: the preload resolves their paths (the sandboxed
 * page cannot) and sends them on its own drop channel, which the page cannot
 * reach, exposing nothing more to the page.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", async () => ({
  ...(await import("./fake-electron")),
  webUtils: { getPathForFile: (file: { where: string }) => file.where },
}));

import { DROP_CHANNEL } from "../../src/api/channels";
import { exposed, ipcRenderer } from "./fake-electron";

type DropListener = (event: { isTrusted?: boolean; dataTransfer?: { files?: ArrayLike<unknown> } | null }) => void;
const listeners: Array<{ type: string; listener: DropListener; capture: boolean }> = [];
(globalThis as unknown as { addEventListener: unknown }).addEventListener = (type: string, listener: DropListener, capture: boolean) =>
  listeners.push({ type, listener, capture });
await import("../../electron/preload");

describe("the preload's drop handling", () => {
  it("listens for drops before the page does and sends the dropped files' paths on the drop channel", () => {
    const drop = listeners.find((l) => l.type === "drop");
    expect(drop?.capture).toBe(true);
    drop!.listener({ isTrusted: true, dataTransfer: { files: [{ where: "/home/ana/dgm.xlsx" }, { where: "/home/ana/sbs.ods" }] } });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(DROP_CHANNEL, ["/home/ana/dgm.xlsx", "/home/ana/sbs.ods"]);
  });

  it("ignores drops without files (text dragged inside the page)", () => {
    ipcRenderer.invoke.mockClear();
    listeners.find((l) => l.type === "drop")!.listener({ isTrusted: true, dataTransfer: { files: [] } });
    listeners.find((l) => l.type === "drop")!.listener({ isTrusted: true, dataTransfer: null });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it("ignores a drop event a script made up (not a person's drop)", () => {
    ipcRenderer.invoke.mockClear();
    listeners.find((l) => l.type === "drop")!.listener({ isTrusted: false, dataTransfer: { files: [{ where: "/home/ana/.ssh/id_rsa" }] } });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it("still exposes only window.matriz", () => {
    expect([...exposed.keys()]).toEqual(["matriz"]);
  });
});
