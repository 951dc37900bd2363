import fs from "node:fs";
import path from "node:path";
import type { MenuItemConstructorOptions } from "electron";
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("./fake-electron"));

import { EVENT_CHANNEL } from "../../src/api/channels";
import { TEMPLATE_IDS } from "../../src/domain/templates";
import { translate } from "../../src/i18n";
import { buildMenuTemplate, type MenuActions, type MenuState } from "../../electron/menu";
import { dialog, fake } from "./fake-electron";
import { settle, startTestShell } from "./harness";

type Item = MenuItemConstructorOptions;

function fakeActions() {
  return {
    newPlan: vi.fn<MenuActions["newPlan"]>(),
    open: vi.fn<MenuActions["open"]>(),
    openRecent: vi.fn<MenuActions["openRecent"]>(),
    clearRecent: vi.fn<MenuActions["clearRecent"]>(),
    openExample: vi.fn<MenuActions["openExample"]>(),
    saveCopy: vi.fn<MenuActions["saveCopy"]>(),
    exportNational: vi.fn<MenuActions["exportNational"]>(),
    closePlan: vi.fn<MenuActions["closePlan"]>(),
    setLanguage: vi.fn<MenuActions["setLanguage"]>(),
    about: vi.fn<MenuActions["about"]>(),
    command: vi.fn<MenuActions["command"]>(),
    finance: vi.fn<MenuActions["finance"]>(),
    live: vi.fn<MenuActions["live"]>(),
  } satisfies MenuActions;
}

const state = (change: Partial<MenuState> = {}): MenuState => ({
  language: "es",
  languagePreference: "system",
  recent: [],
  hasPlan: true,
  isPackaged: true,
  isMac: false,
  ...change,
});

const submenu = (item: Item | undefined): Item[] => (item?.submenu ?? []) as Item[];
const labels = (items: Item[]) => items.filter((i) => i.type !== "separator").map((i) => i.label ?? i.role);
const find = (items: Item[], label: string) => {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`no menu item "${label}" in ${JSON.stringify(labels(items))}`);
  return found;
};
const click = (item: Item) => (item.click as unknown as () => void)();

describe("the menu template", () => {
  it("has the File items in Spanish", () => {
    const menu = buildMenuTemplate(state({ language: "es" }), fakeActions());
    expect(labels(menu)).toEqual(["Archivo", "Edición", "Ver", "Ayuda"]);
    expect(labels(submenu(menu[0]))).toEqual([
      "Nuevo plan desde plantilla…",
      "Abrir…",
      "Abrir reciente",
      "Abrir ejemplo MIRPS 2017",
      "Guardar una copia como…",
      "Exportar",
      "Importar archivos devueltos…",
      "Fusionar una copia…",
      "Ser anfitrión de este taller…",
      "Unirse a un taller…",
      "Cerrar plan",
      "Salir",
    ]);
  });

  it("has the File items in English", () => {
    const menu = buildMenuTemplate(state({ language: "en" }), fakeActions());
    expect(labels(menu)).toEqual(["File", "Edit", "View", "Help"]);
    expect(labels(submenu(menu[0]))).toEqual([
      "New plan from template…",
      "Open…",
      "Open recent",
      "Open MIRPS 2017 example",
      "Save a copy as…",
      "Export",
      "Import returned files…",
      "Merge a copy…",
      "Host this workshop…",
      "Join a workshop…",
      "Close plan",
      "Quit",
    ]);
  });

  it("offers one new plan per template, labelled from the catalogue", () => {
    const actions = fakeActions();
    const file = submenu(buildMenuTemplate(state({ language: "en" }), actions)[0]);
    const templates = submenu(find(file, "New plan from template…"));
    expect(labels(templates)).toEqual(TEMPLATE_IDS.map((id) => translate("en", `template.${id}`)));
    click(templates[2]!);
    expect(actions.newPlan).toHaveBeenCalledWith(TEMPLATE_IDS[2]);
  });

  it("offers the six 2017 examples with the country names in the menu's language", () => {
    const actions = fakeActions();
    const es = submenu(find(submenu(buildMenuTemplate(state(), actions)[0]), "Abrir ejemplo MIRPS 2017"));
    expect(labels(es)).toEqual(["Guatemala", "Costa Rica", "Honduras", "México", "Panamá", "Belice"]);
    const en = submenu(find(submenu(buildMenuTemplate(state({ language: "en" }), actions)[0]), "Open MIRPS 2017 example"));
    expect(labels(en)).toEqual(["Guatemala", "Costa Rica", "Honduras", "Mexico", "Panama", "Belize"]);
    click(find(en, "Belize"));
    expect(actions.openExample).toHaveBeenCalledWith("belize");
  });

  it("lists recent plans with a way to clear them, or says there are none", () => {
    const actions = fakeActions();
    const none = submenu(find(submenu(buildMenuTemplate(state(), actions)[0]), "Abrir reciente"));
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({ label: "(ninguno)", enabled: false });

    const some = submenu(find(submenu(buildMenuTemplate(state({ recent: ["/p/a.matriz", "/p/b.matriz"] }), actions)[0]), "Abrir reciente"));
    expect(some.map((i) => i.type ?? i.label)).toEqual(["/p/a.matriz", "/p/b.matriz", "separator", "Borrar la lista"]);
    click(some[1]!);
    expect(actions.openRecent).toHaveBeenCalledWith("/p/b.matriz");
    click(some[3]!);
    expect(actions.clearRecent).toHaveBeenCalled();
  });

  it("has the shortcuts, and disables plan items when no plan is open", () => {
    const file = submenu(buildMenuTemplate(state({ language: "en", hasPlan: false }), fakeActions())[0]);
    expect(find(file, "Open…").accelerator).toBe("CmdOrCtrl+O");
    expect(find(file, "Save a copy as…")).toMatchObject({ accelerator: "CmdOrCtrl+Shift+S", enabled: false });
    expect(find(file, "Close plan")).toMatchObject({ accelerator: "CmdOrCtrl+W", enabled: false });
    expect(find(file, "Quit").role).toBe("quit");
  });

  it("marks the chosen language and reloads only in development", () => {
    const actions = fakeActions();
    const view = (s: MenuState) => submenu(find(buildMenuTemplate(s, actions), s.language === "en" ? "View" : "Ver"));
    const languages = submenu(find(view(state({ language: "en", languagePreference: "es" })), "Language"));
    expect(languages.map((i) => [i.label, i.type, i.checked])).toEqual([
      ["System language", "radio", false],
      ["Español", "radio", true],
      ["English", "radio", false],
    ]);
    click(languages[2]!);
    expect(actions.setLanguage).toHaveBeenCalledWith("en");
    expect(view(state({ isPackaged: true })).some((i) => i.role === "reload")).toBe(false);
    expect(view(state({ isPackaged: false })).some((i) => i.role === "reload" && i.label === "Recargar")).toBe(true);
  });
});

describe("the menu in the running shell", () => {
  const latest = () => fake.menus.at(-1)!.template as Item[];

  it("starts in the system language and follows a language change made in the renderer", async () => {
    const t = await startTestShell();
    expect(latest()[0]?.label).toBe("Archivo");
    const answer = await t.invoke("settings.update", { language: "en" });
    expect(answer.ok).toBe(true);
    expect(latest()[0]?.label).toBe("File");
  });

  it("changes the language from the menu and tells the renderer", async () => {
    const t = await startTestShell();
    const languages = submenu(find(submenu(find(latest(), "Ver")), "Idioma"));
    click(find(languages, "English"));
    await settle();
    expect(latest()[0]?.label).toBe("File");
    const events = t.window.webContents.sent.filter((m) => m.channel === EVENT_CHANNEL).map((m) => m.payload);
    expect(events).toContainEqual(expect.objectContaining({ type: "settings-changed", settings: expect.objectContaining({ language: "en" }) }));
  });

  it("opens an example and closes the plan through the core", async () => {
    const t = await startTestShell();
    click(find(submenu(find(submenu(latest()[0]), "Abrir ejemplo MIRPS 2017")), "Honduras"));
    await settle();
    expect(t.workspace().current?.info().iso3).toBe("HND");
    // The recent list in the rebuilt menu now names the example.
    const recent = submenu(find(submenu(latest()[0]), "Abrir reciente"));
    expect(recent[0]?.label).toBe(path.join(t.shell.paths.examplesDir, "honduras-mirps-2017.matriz"));

    click(find(submenu(latest()[0]), "Cerrar plan"));
    await settle();
    expect(t.workspace().current).toBeNull();
    expect(find(submenu(latest()[0]), "Cerrar plan").enabled).toBe(false);
  });

  it("shows the core's localized message when a menu action fails", async () => {
    const t = await startTestShell();
    const gone = t.workspace().current!.path;
    t.workspace().closePlan();
    fs.rmSync(gone);
    // The recent entry is filtered once the file is gone, so open it the way a stale menu would.
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [gone] });
    click(find(submenu(latest()[0]), "Abrir…"));
    await settle();
    const options = dialog.showMessageBox.mock.calls.at(-1)?.[1] as { type: string; title: string; message: string };
    expect(options).toMatchObject({ type: "error", title: "Matriz" });
    expect(options.message).toBe(`No se encuentra el archivo «${gone}».`);
  });

  it("shows the name and version in About", async () => {
    await startTestShell();
    click(find(submenu(find(latest(), "Ayuda")), "Acerca de Matriz"));
    const options = dialog.showMessageBox.mock.calls.at(-1)?.[1] as { title: string; message: string };
    expect(options.title).toBe("Acerca de Matriz");
    expect(options.message).toBe("Matriz 0.1.0");
  });
});

describe("Edit menu", () => {
  const editMenu = (language: "es" | "en", hasPlan = true) =>
    buildMenuTemplate(state({ language, hasPlan }), fakeActions()).find((item) => item.label === (language === "es" ? "Edición" : "Edit"))!;

  it("is labelled in the user's language, not Electron's defaults", () => {
    const items = (editMenu("es").submenu as Array<{ label?: string; type?: string }>).filter((i) => i.type !== "separator");
    expect(items.map((i) => i.label)).toEqual([
      "Deshacer",
      "Rehacer",
      "Cortar",
      "Copiar",
      "Pegar",
      "Seleccionar todo",
      "Buscar y filtrar…",
      "Insertar acción debajo",
      "Insertar necesidad",
      "Eliminar fila…",
      "Detalles…",
      "Avance e indicadores…",
      "Columnas…",
    ]);
  });

  it("has the row's details, its progress and the plan's columns with the editor's shortcuts, sent to the editor", () => {
    const actions = fakeActions();
    const items = buildMenuTemplate(state({ language: "en" }), actions).find((item) => item.label === "Edit")!.submenu as Item[];
    const expected: Array<[string, string, string]> = [
      ["Details…", "CmdOrCtrl+I", "details"],
      ["Progress and indicators…", "CmdOrCtrl+Shift+M", "monitoring"],
      ["Columns…", "CmdOrCtrl+Shift+K", "columns"],
    ];
    for (const [label, accelerator, command] of expected) {
      const item = find(items, label);
      // The editor handles the keys itself (in the grid, on the row under the cursor): the menu shows them without taking them.
      expect(item).toMatchObject({ accelerator, registerAccelerator: false, enabled: true });
      click(item);
      expect(actions.command).toHaveBeenLastCalledWith(command);
    }
    const closed = buildMenuTemplate(state({ language: "en", hasPlan: false }), actions).find((item) => item.label === "Edit")!.submenu as Item[];
    for (const [label] of expected) expect(find(closed, label).enabled).toBe(false);
  });

  it("has the row's history under View, with its shortcut", () => {
    const actions = fakeActions();
    const view = submenu(find(buildMenuTemplate(state({ language: "es" }), actions), "Ver"));
    const history = find(view, "Historial de la fila");
    expect(history).toMatchObject({ accelerator: "CmdOrCtrl+Shift+H", registerAccelerator: false });
    click(history);
    expect(actions.command).toHaveBeenCalledWith("history");
  });

  it("sends Details… to the renderer as an editor command in the running shell", async () => {
    const t = await startTestShell();
    click(find(submenu(find(fake.menus.at(-1)!.template as Item[], "Edición")), "Detalles…"));
    const events = t.window.webContents.sent.filter((m) => m.channel === EVENT_CHANNEL).map((m) => m.payload);
    expect(events).toContainEqual({ type: "command", command: "details" });
  });

  it("forwards undo and redo to the editor without stealing the keys from it", () => {
    const actions = fakeActions();
    const menu = buildMenuTemplate(state({ language: "en" }), actions).find((item) => item.label === "Edit")!;
    const undo = (menu.submenu as Array<{ label?: string; registerAccelerator?: boolean; accelerator?: string; click?: () => void }>).find((i) => i.label === "Undo")!;
    expect(undo.accelerator).toBe("CmdOrCtrl+Z");
    expect(undo.registerAccelerator).toBe(false);
    undo.click!();
    expect(actions.command).toHaveBeenCalledWith("undo");
  });

  it("disables plan commands when no plan is open", () => {
    const find = (editMenu("en", false).submenu as Array<{ label?: string; enabled?: boolean }>).find((i) => i.label === "Find and filter…")!;
    expect(find.enabled).toBe(false);
  });
});

describe("File › Export", () => {
  it("offers the national workbook, the chapter as PDF, HXL and IATI, each going to the export dialog", () => {
    const actions = fakeActions();
    const file = buildMenuTemplate(state({ language: "en" }), actions)[0]!;
    const exportMenu = (file.submenu as Array<{ label?: string; submenu?: Array<{ label: string; click: () => void }> }>).find((i) => i.label === "Export")!;
    expect(exportMenu.submenu!.filter((i) => i.label).map((i) => i.label)).toEqual([
      "Consolidated national workbook (.xlsx)…",
      "National chapter (PDF)…",
      "HXL open data (.csv)…",
      "IATI 2.03 activities (.xml)…",
      "Export for an institution…",
      "Export the whole plan for planners…",
      "Monitoring for an institution…",
    ]);
    exportMenu.submenu![1]!.click();
    expect(actions.exportNational).toHaveBeenCalledWith("pdf");
  });
});

describe("File › finance round trip", () => {
  type Entry = { label?: string; type?: string; enabled?: boolean; click?: () => void; submenu?: Entry[] };
  const fileMenu = (language: "es" | "en", actions = fakeActions(), hasPlan = true) => buildMenuTemplate(state({ language, hasPlan }), actions)[0]!.submenu as Entry[];

  it("offers the per-institution and whole-plan workbooks under Export, in Spanish and English", () => {
    const es = fileMenu("es").find((i) => i.label === "Exportar")!.submenu!.filter((i) => i.label).map((i) => i.label);
    expect(es.slice(-3)).toEqual(["Exportar para una institución…", "Exportar el plan completo para planificación…", "Seguimiento para una institución…"]);
    const en = fileMenu("en").find((i) => i.label === "Export")!.submenu!.filter((i) => i.label).map((i) => i.label);
    expect(en.slice(-3)).toEqual(["Export for an institution…", "Export the whole plan for planners…", "Monitoring for an institution…"]);
  });

  it("asks the renderer to open its export dialog or import flow", () => {
    const actions = fakeActions();
    const file = fileMenu("en", actions);
    const exportMenu = file.find((i) => i.label === "Export")!.submenu!;
    exportMenu.find((i) => i.label === "Export for an institution…")!.click!();
    expect(actions.finance).toHaveBeenLastCalledWith("export");
    exportMenu.find((i) => i.label === "Export the whole plan for planners…")!.click!();
    expect(actions.finance).toHaveBeenLastCalledWith("exportPlan");
    exportMenu.find((i) => i.label === "Monitoring for an institution…")!.click!();
    expect(actions.finance).toHaveBeenLastCalledWith("exportMonitoring");
    file.find((i) => i.label === "Import returned files…")!.click!();
    expect(actions.finance).toHaveBeenLastCalledWith("import");
  });

  it("offers no editing, import or export for institutions on a read-only plan, and keeps the national exports", () => {
    const menu = buildMenuTemplate(state({ language: "en", readOnly: true }), fakeActions());
    const file = submenu(menu[0]);
    const exportMenu = submenu(find(file, "Export"));
    const enabled = (item: Item) => item.enabled !== false;
    expect(enabled(find(file, "Import returned files…"))).toBe(false);
    expect(enabled(find(exportMenu, "Export for an institution…"))).toBe(false);
    expect(exportMenu.filter((i) => /^(Consolidated national workbook|National chapter|HXL|IATI)/.test(i.label ?? "")).map(enabled)).toEqual([true, true, true, true]);
    expect(enabled(find(file, "Save a copy as…"))).toBe(true);
    const edit = submenu(menu[1]);
    for (const label of ["Undo", "Redo", "Insert action below", "Insert need", "Delete row…", "Details…", "Columns…"]) expect(enabled(find(edit, label)), label).toBe(false);
    expect(enabled(find(edit, "Find and filter…"))).toBe(true);
    // The progress panel reads too.
    expect(enabled(find(edit, "Progress and indicators…"))).toBe(true);
    // The same plan, writable: all on.
    const writable = submenu(buildMenuTemplate(state({ language: "en" }), fakeActions())[1]);
    expect(enabled(find(writable, "Insert action below"))).toBe(true);
  });

  it("disables import when no plan is open", () => {
    expect(fileMenu("es", fakeActions(), false).find((i) => i.label === "Importar archivos devueltos…")!.enabled).toBe(false);
  });

  it("forwards the click to the renderer as a finance event in the running shell", async () => {
    const t = await startTestShell();
    const file = submenu(fake.menus.at(-1)!.template[0] as Item);
    click(find(file, "Importar archivos devueltos…"));
    click(find(submenu(find(file, "Exportar")), "Exportar para una institución…"));
    const events = t.window.webContents.sent.filter((m) => m.channel === EVENT_CHANNEL).map((m) => m.payload);
    expect(events).toContainEqual({ type: "finance", command: "import" });
    expect(events).toContainEqual({ type: "finance", command: "export" });
  });

  it("hands a national export to the renderer, which runs it as a task it can show and cancel", async () => {
    const t = await startTestShell();
    const file = submenu(fake.menus.at(-1)!.template[0] as Item);
    click(find(submenu(find(file, "Exportar")), "Libro nacional consolidado (.xlsx)…"));
    const events = t.window.webContents.sent.filter((m) => m.channel === EVENT_CHANNEL).map((m) => m.payload);
    expect(events).toContainEqual({ type: "export", format: "xlsx" });
  });
});

describe("File › live workshop", () => {
  it("asks the renderer to merge a copy, host or join; joining needs no plan open", () => {
    const actions = fakeActions();
    const file = submenu(buildMenuTemplate(state({ language: "en" }), actions)[0]);
    click(find(file, "Merge a copy…"));
    expect(actions.live).toHaveBeenLastCalledWith("mergeCopy");
    click(find(file, "Host this workshop…"));
    expect(actions.live).toHaveBeenLastCalledWith("host");
    click(find(file, "Join a workshop…"));
    expect(actions.live).toHaveBeenLastCalledWith("join");
    const closed = submenu(buildMenuTemplate(state({ language: "en", hasPlan: false }), actions)[0]);
    expect(find(closed, "Merge a copy…").enabled).toBe(false);
    expect(find(closed, "Host this workshop…").enabled).toBe(false);
    expect(find(closed, "Join a workshop…").enabled).not.toBe(false);
  });

  it("forwards the click to the renderer as a live-command event in the running shell", async () => {
    const t = await startTestShell();
    const file = submenu(fake.menus.at(-1)!.template[0] as Item);
    click(find(file, "Fusionar una copia…"));
    const events = t.window.webContents.sent.filter((m) => m.channel === EVENT_CHANNEL).map((m) => m.payload);
    expect(events).toContainEqual({ type: "live-command", command: "mergeCopy" });
  });
});
