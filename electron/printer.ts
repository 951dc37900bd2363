/**
 * The core's PdfPrinter port, served by Electron: the chapter's HTML is loaded
 * into a hidden, sandboxed window with JavaScript off, printed with printToPDF
 * (page numbers in the margins), and the window is destroyed.
 */
import fs from "node:fs";
import type { BrowserWindow, BrowserWindowConstructorOptions } from "electron";
import type { PdfPrinter } from "../src/app/exports";

export function createElectronPrinter(makeWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow): PdfPrinter {
  return {
    async print(html, margins, options, outFile) {
      const window = makeWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
      });
      try {
        // A data URL: nothing is read from or written to disk but the PDF itself.
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
        const pdf = await window.webContents.printToPDF({
          landscape: true,
          pageSize: options.paper,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: margins.headerTemplate,
          footerTemplate: margins.footerTemplate,
          margins: { top: 0.7, bottom: 0.65, left: 0.47, right: 0.47 },
        });
        fs.writeFileSync(outFile, pdf);
      } finally {
        window.destroy();
      }
    },
  };
}
