/**
 * The core's Dialogs port, served by the operating system's file dialogs.
 */
import fs from "node:fs";
import path from "node:path";
import type { BrowserWindow, Dialog, FileFilter, Shell } from "electron";
import type { Dialogs } from "../src/app/workspace";
import { translate, type Language } from "../src/i18n";

export const PLAN_EXTENSION = ".matriz";

/** What a returned finance workbook may have been saved as. */
export const SPREADSHEET_EXTENSIONS = ["xlsx", "xls", "ods", "csv"] as const;

export function withPlanExtension(file: string): string {
  return file.toLowerCase().endsWith(PLAN_EXTENSION) ? file : `${file}${PLAN_EXTENSION}`;
}

export interface NativeDialogsOptions {
  dialog: Pick<Dialog, "showOpenDialog" | "showSaveDialog">;
  window(): BrowserWindow | null;
  language(): Language;
  /** Folder the save dialog starts in. */
  defaultDir(): string;
  exists?(file: string): boolean;
  /** Electron's shell, for showing an exported file in its folder. */
  shell?: Pick<Shell, "showItemInFolder">;
}

export function createNativeDialogs(options: NativeDialogsOptions): Dialogs {
  const exists = options.exists ?? fs.existsSync;
  const filters = (): FileFilter[] => [{ name: translate(options.language(), "dialog.filter.plan"), extensions: ["matriz"] }];

  return {
    async pickPlanToOpen() {
      const parent = options.window();
      const settings = {
        title: translate(options.language(), "dialog.open.title"),
        filters: filters(),
        properties: ["openFile" as const],
      };
      const result = parent ? await options.dialog.showOpenDialog(parent, settings) : await options.dialog.showOpenDialog(settings);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },

    async pickPlanToSave(suggestedName, purpose) {
      const title = translate(options.language(), purpose === "create" ? "dialog.new.title" : "dialog.saveCopy.title");
      let defaultPath = path.join(options.defaultDir(), suggestedName);
      for (;;) {
        const parent = options.window();
        const settings = {
          title,
          defaultPath,
          filters: filters(),
          properties: ["createDirectory" as const, "showOverwriteConfirmation" as const],
        };
        const result = parent ? await options.dialog.showSaveDialog(parent, settings) : await options.dialog.showSaveDialog(settings);
        if (result.canceled || !result.filePath) return null;
        const chosen = withPlanExtension(result.filePath);
        // The dialog only asked about replacing the name the user typed; if adding the
        // extension lands on an existing file, ask again with that name so the
        // operating system asks about replacing it.
        if (chosen === result.filePath || !exists(chosen)) return chosen;
        defaultPath = chosen;
      }
    },

    async pickExportPath(suggestedName, extension) {
      const parent = options.window();
      const settings = {
        title: translate(options.language(), "dialog.export.title"),
        defaultPath: path.join(options.defaultDir(), suggestedName),
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
        properties: ["createDirectory" as const, "showOverwriteConfirmation" as const],
      };
      const result = parent ? await options.dialog.showSaveDialog(parent, settings) : await options.dialog.showSaveDialog(settings);
      if (result.canceled || !result.filePath) return null;
      return result.filePath.toLowerCase().endsWith(`.${extension}`) ? result.filePath : `${result.filePath}.${extension}`;
    },

    showInFolder(file) {
      options.shell?.showItemInFolder(file);
    },

    /* ---- finance round trip ---- */
    async pickSpreadsheetsToImport() {
      const parent = options.window();
      const settings = {
        title: translate(options.language(), "dialog.import.title"),
        filters: [{ name: translate(options.language(), "dialog.filter.spreadsheets"), extensions: [...SPREADSHEET_EXTENSIONS] }],
        properties: ["openFile" as const, "multiSelections" as const],
      };
      const result = parent ? await options.dialog.showOpenDialog(parent, settings) : await options.dialog.showOpenDialog(settings);
      return result.canceled ? [] : result.filePaths;
    },

    /* ---- regional consolidation ---- */
    async pickRegionalSources() {
      const parent = options.window();
      const settings = {
        title: translate(options.language(), "dialog.regional.title"),
        filters: [{ name: translate(options.language(), "dialog.filter.regional"), extensions: ["matriz", "xlsx", "xls", "ods"] }],
        properties: ["openFile" as const, "multiSelections" as const],
      };
      const result = parent ? await options.dialog.showOpenDialog(parent, settings) : await options.dialog.showOpenDialog(settings);
      return result.canceled ? [] : result.filePaths;
    },
  };
}
