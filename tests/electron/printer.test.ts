import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { BrowserWindow } from "./fake-electron";
import { tempDir } from "../helpers/temp";

vi.mock("electron", () => import("./fake-electron"));

const { createElectronPrinter } = await import("../../electron/printer");
const { createPrintWindow } = await import("../../electron/window");

describe("printing the chapter to PDF in Electron", () => {
  it("prints in a hidden, sandboxed window without JavaScript, writes the PDF and destroys the window", async () => {
    const printer = createElectronPrinter(createPrintWindow as never);
    const out = path.join(tempDir(), "capitulo.pdf");
    await printer.print("<h1>Pilar 1</h1>", { headerTemplate: "<div>t</div>", footerTemplate: "<div>p</div>" }, { paper: "Letter" }, out);
    const window = BrowserWindow.instances.at(-1)!;
    expect(window.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    expect(window.options.webPreferences.preload).toBeUndefined();
    expect(decodeURIComponent(window.loadedUrl!)).toContain("<h1>Pilar 1</h1>");
    expect(window.webContents.printToPDF).toHaveBeenCalledWith(
      expect.objectContaining({ landscape: true, pageSize: "Letter", displayHeaderFooter: true, footerTemplate: "<div>p</div>" }),
    );
    expect(fs.readFileSync(out, "utf8")).toContain("%PDF");
    expect(window.isDestroyed()).toBe(true);
  });

  it("refuses navigation and new windows from the print window too", () => {
    const window = createPrintWindow({}) as unknown as BrowserWindow;
    expect(window.webContents.windowOpenHandler?.({ url: "https://example.invalid" })).toEqual({ action: "deny" });
  });
});
