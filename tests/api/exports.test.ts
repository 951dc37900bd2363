import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import type { MatrizEvent } from "../../src/api/contract";
import { chromiumPrinter } from "../../src/reports/pdf";
import { callerOf } from "../helpers/api";
import { RESOURCES_DIR, tempDir } from "../helpers/temp";

async function setup(exportPath: string | null = null, locale = "es-ES") {
  const dir = tempDir();
  const events: MatrizEvent[] = [];
  const shown: string[] = [];
  /** What the save dialog answers next. */
  const answers = { exportPath };
  const settings = new SettingsStore(path.join(dir, "settings.json"), locale, "Tester");
  const workspace = new Workspace({
    resourcesDir: RESOURCES_DIR,
    examplesDir: dir,
    settings,
    version: "test",
    dialogs: { pickPlanToOpen: async () => null, pickPlanToSave: async () => null, pickExportPath: async () => answers.exportPath, showInFolder: (file) => void shown.push(file) },
    notify: (event) => void events.push(event),
    printer: chromiumPrinter,
  });
  const dispatch = createDispatcher(workspace.handlers, () => settings.language);
  const call = callerOf(dispatch);
  await call("plan.openExample", { example: "guatemala" });
  const doc = await call("plan.document");
  const action = doc.pillars[0].needs[0].actions[0];
  await call("edit.institutions", { actionId: action.id, institutions: [{ label: "DGM/IGM", lead: true }] });
  await call("edit.budgetLine", { actionId: action.id, line: { institution: "DGM/IGM", year: 2018, amount: 1250000.5, currency: "GTQ", funding_source: "to_be_mobilised" } });
  await call("edit.budgetLine", { actionId: action.id, line: { institution: "DGM/IGM", year: 2019, amount: 500, currency: "USD", funding_source: "national_budget" } });
  /** Exports as File › Export does: the save dialog answers `out`. */
  const exportTo = async (out: string, format: string, paper?: string) => {
    answers.exportPath = out;
    return call("dialog.exportNational", { format, ...(paper ? { paper } : {}) });
  };
  return { dir, call, dispatch, events, shown, exportTo };
}

describe("secretariat outputs through the API", () => {
  it("announces each national export with a handle, and shows only files it exported in their folder", async () => {
    const dir0 = tempDir();
    const out = path.join(dir0, "nacional.xlsx");
    const { dispatch, events, shown } = await setup(out);
    const made = await dispatch("dialog.exportNational", { format: "xlsx" });
    expect(made).toEqual({ ok: true, value: { handle: expect.any(String), name: "nacional.xlsx", path: out } });
    const handle = made.ok ? (made.value as { handle: string }).handle : "";
    expect(events.filter((e) => e.type === "exported")).toEqual([{ type: "exported", handle, path: out, format: "xlsx" }]);
    expect((await dispatch("file.showInFolder", { handle })).ok).toBe(true);
    expect(shown).toEqual([out]);
    // Anything else is refused: a path, a made-up handle. The page cannot open folders of its choosing.
    expect(await dispatch("file.showInFolder", { path: out })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await dispatch("file.showInFolder", { handle: "A".repeat(24) })).toMatchObject({ ok: false, error: { code: "file_not_granted" } });
    // Writing where the page says is not a method any more.
    expect(await dispatch("export.national", { path: path.join(dir0, "escrito.csv"), format: "hxl" })).toMatchObject({ ok: false, error: { code: "unknown_method" } });
    expect(shown).toEqual([out]);
  });

  it("refuses a file name that does not end as its format's, writing nothing", async () => {
    const dir = tempDir();
    const { dispatch } = await setup(path.join(dir, "inicio.bat"));
    const result = await dispatch("dialog.exportNational", { format: "hxl" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(".csv");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("prints on the paper of the user's region when none is chosen, as File › Export does", async () => {
    const guatemala = await setup(null, "es-GT");
    const spain = await setup(null, "es-ES");
    const dir = tempDir();
    const letter = (await guatemala.exportTo(path.join(dir, "gt.pdf"), "pdf")).path;
    const a4 = (await spain.exportTo(path.join(dir, "es.pdf"), "pdf")).path;
    expect(execFileSync("pdfinfo", [letter], { encoding: "utf8" })).toMatch(/Page size:\s+792 x 612 pts/);
    expect(execFileSync("pdfinfo", [a4], { encoding: "utf8" })).toMatch(/Page size:\s+84[12](\.\d+)? x 595(\.\d+)? pts/);
  }, 90_000);

  it("summarises the budget per currency, funded and to be mobilised, and follows a filter", async () => {
    const { call } = await setup();
    const summary = await call("reports.summary", { filter: {} });
    expect(summary.total).toEqual({ GTQ: 1250000.5, USD: 500 });
    expect(summary.fundedVersusToMobilise).toMatchObject({ funded: { USD: 500 }, toBeMobilised: { GTQ: 1250000.5 } });
    expect((await call("reports.summary", { filter: { year: 2019 } })).total).toEqual({ USD: 500 });
    expect((await call("reports.summary", { filter: { pillar: 4 } })).total).toEqual({});
  });

  it("summarises the plan as it is now: an edit, its undo and its redo all show at once", async () => {
    const { call } = await setup();
    expect((await call("reports.summary")).total).toEqual({ GTQ: 1250000.5, USD: 500 });
    const doc = await call("plan.document");
    const action = doc.pillars[0].needs[0].actions[0];
    await call("edit.budgetLine", { actionId: action.id, line: { institution: "DGM/IGM", year: 2020, amount: 100, currency: "USD" } });
    expect((await call("reports.summary")).total).toEqual({ GTQ: 1250000.5, USD: 600 });
    await call("edit.undo");
    expect((await call("reports.summary")).total).toEqual({ GTQ: 1250000.5, USD: 500 });
    await call("edit.redo");
    expect((await call("reports.summary")).total).toEqual({ GTQ: 1250000.5, USD: 600 });
  });

  it("exports the national workbook, HXL and IATI files where the save dialog says", async () => {
    const { exportTo, dir } = await setup();
    for (const [format, name] of [["xlsx", "n.xlsx"], ["hxl", "n.csv"], ["iati", "n.xml"]] as const) {
      const out = await exportTo(path.join(dir, name), format);
      expect(fs.statSync(out.path).size).toBeGreaterThan(100);
    }
    const book = XLSX.read(fs.readFileSync(path.join(dir, "n.xlsx")));
    expect(book.SheetNames[0]).toBe("Matriz");
    expect(fs.readFileSync(path.join(dir, "n.csv"), "utf8")).toContain('"1250000.50","GTQ"');
    expect(fs.readFileSync(path.join(dir, "n.xml"), "utf8")).toContain('<value currency="GTQ" value-date="2018-01-01">1250000.50</value>');
  });

  it("prints the chapter to PDF (here with the system's Chromium), in the user's locale", async () => {
    const { exportTo, dir } = await setup();
    const out = await exportTo(path.join(dir, "capitulo.pdf"), "pdf", "Letter");
    const text = execFileSync("pdftotext", ["-raw", out.path, "-"], { encoding: "utf8" });
    expect(text).toContain("1.250.000,50 GTQ");
  }, 60_000);

  it("reports an export as a task, and writes nothing when the task is cancelled before the file is written", async () => {
    const dir = tempDir();
    const { dispatch, events } = await setup(path.join(dir, "nacional.xlsx"));
    // Cancelled while the save dialog is still open: the export then stops before writing.
    const exporting = dispatch("dialog.exportNational", { format: "xlsx", task: "export-1" });
    expect(await dispatch("task.cancel", { task: "export-1" })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await exporting).toEqual({ ok: true, value: null });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(events.filter((e) => e.type === "exported")).toEqual([]);
    // Not cancelled, the same export reports its progress and writes the file.
    expect(await dispatch("dialog.exportNational", { format: "xlsx", task: "export-2" })).toMatchObject({ ok: true, value: { name: "nacional.xlsx" } });
    expect(events.filter((e) => e.type === "progress" && e.task === "export-2")).toEqual([
      { type: "progress", task: "export-2", done: 0, total: 1, label: "nacional.xlsx" },
      { type: "progress", task: "export-2", done: 1, total: 1, label: "nacional.xlsx" },
    ]);
    expect(fs.readdirSync(dir)).toEqual(["nacional.xlsx"]);
  });

  it("asks where to save through the shell's dialog, and does nothing when cancelled", async () => {
    const dir = tempDir();
    const chosen = await setup(path.join(dir, "elegido.xlsx"));
    expect(await chosen.call("dialog.exportNational", { format: "xlsx" })).toMatchObject({ path: path.join(dir, "elegido.xlsx"), name: "elegido.xlsx" });
    const cancelled = await setup(null);
    expect(await cancelled.call("dialog.exportNational", { format: "hxl" })).toBeNull();
  });
});
