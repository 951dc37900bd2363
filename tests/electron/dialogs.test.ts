import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createNativeDialogs, withPlanExtension } from "../../electron/dialogs";

function setup(language: "es" | "en", existing: string[] = []) {
  const dialog = {
    showOpenDialog: vi.fn(),
    showSaveDialog: vi.fn(),
  };
  const dialogs = createNativeDialogs({
    dialog: dialog as never,
    window: () => null,
    language: () => language,
    defaultDir: () => "/home/ana/Documentos",
    exists: (file) => existing.includes(file),
  });
  return { dialog, dialogs };
}

describe("withPlanExtension", () => {
  it("adds .matriz only when it is missing", () => {
    expect(withPlanExtension("/p/plan")).toBe("/p/plan.matriz");
    expect(withPlanExtension("/p/plan.matriz")).toBe("/p/plan.matriz");
    expect(withPlanExtension("/p/PLAN.MATRIZ")).toBe("/p/PLAN.MATRIZ");
    expect(withPlanExtension("/p/plan.xlsx")).toBe("/p/plan.xlsx.matriz");
  });
});

describe("the native dialogs", () => {
  it("open a plan with a localized title and a .matriz filter", async () => {
    const { dialog, dialogs } = setup("es");
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ["/p/a.matriz"] });
    expect(await dialogs.pickPlanToOpen()).toBe("/p/a.matriz");
    expect(dialog.showOpenDialog.mock.calls[0]?.[0]).toMatchObject({
      title: "Abrir un plan",
      filters: [{ name: "Plan de Matriz", extensions: ["matriz"] }],
      properties: ["openFile"],
    });
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await dialogs.pickPlanToOpen()).toBeNull();
  });

  it("save with the title for the purpose, starting from the suggested name, adding the extension", async () => {
    const { dialog, dialogs } = setup("en");
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: "/p/nuevo" });
    expect(await dialogs.pickPlanToSave("guatemala.matriz", "create")).toBe("/p/nuevo.matriz");
    expect(dialog.showSaveDialog.mock.calls[0]?.[0]).toMatchObject({
      title: "Create a new plan",
      defaultPath: path.join("/home/ana/Documentos", "guatemala.matriz"),
      filters: [{ name: "Matriz plan", extensions: ["matriz"] }],
    });
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: "/p/copia.matriz" });
    expect(await dialogs.pickPlanToSave("x.matriz", "copy")).toBe("/p/copia.matriz");
    expect(dialog.showSaveDialog.mock.calls[1]?.[0].title).toBe("Save a copy of the plan");
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: "" });
    expect(await dialogs.pickPlanToSave("x.matriz", "copy")).toBeNull();
  });

  it("ask again rather than silently replace a file the added extension lands on", async () => {
    const { dialog, dialogs } = setup("es", ["/p/informe.matriz"]);
    dialog.showSaveDialog
      .mockResolvedValueOnce({ canceled: false, filePath: "/p/informe" })
      .mockResolvedValueOnce({ canceled: false, filePath: "/p/informe.matriz" });
    expect(await dialogs.pickPlanToSave("x.matriz", "copy")).toBe("/p/informe.matriz");
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(2);
    expect(dialog.showSaveDialog.mock.calls[1]?.[0].defaultPath).toBe("/p/informe.matriz");
  });
});

describe("the finance round trip's dialogs", () => {
  it("pick several returned spreadsheets at once, filtered to .xlsx .xls .ods .csv", async () => {
    const { dialog, dialogs } = setup("es");
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ["/p/dgm.xlsx", "/p/sbs.ods"] });
    expect(await dialogs.pickSpreadsheetsToImport!()).toEqual(["/p/dgm.xlsx", "/p/sbs.ods"]);
    expect(dialog.showOpenDialog.mock.calls[0]?.[0]).toMatchObject({
      title: "Importar archivos devueltos",
      filters: [{ name: "Hojas de cálculo", extensions: ["xlsx", "xls", "ods", "csv"] }],
      properties: ["openFile", "multiSelections"],
    });
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await dialogs.pickSpreadsheetsToImport!()).toEqual([]);
  });

  it("save the workbook where the user says, adding .xlsx", async () => {
    const { dialog, dialogs } = setup("en");
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: "/p/DGM" });
    expect(await dialogs.pickExportPath!("plan - DGM.xlsx", "xlsx")).toBe("/p/DGM.xlsx");
    expect(dialog.showSaveDialog.mock.calls[0]?.[0]).toMatchObject({ defaultPath: path.join("/home/ana/Documentos", "plan - DGM.xlsx"), filters: [{ extensions: ["xlsx"] }] });
  });

  it("show an exported file in its folder through Electron's shell", () => {
    const shell = { showItemInFolder: vi.fn() };
    const dialogs = createNativeDialogs({ dialog: {} as never, shell, window: () => null, language: () => "es", defaultDir: () => "/tmp" });
    dialogs.showInFolder!("/home/ana/Documentos/nacional.xlsx");
    expect(shell.showItemInFolder).toHaveBeenCalledWith("/home/ana/Documentos/nacional.xlsx");
  });
});
