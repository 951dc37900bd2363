/**
 * The application menu, built from the i18n catalogue. `buildMenuTemplate` is
 * pure (state in, template out) so tests read it in both languages; the shell
 * rebuilds it whenever the language, the recent list or the open plan changes.
 */
import type { MenuItemConstructorOptions } from "electron";
import { EXAMPLE_IDS, type EditorCommand, type FinanceCommand, type LiveCommand } from "../src/api/contract";
import { TEMPLATES, TEMPLATE_IDS, type TemplateId } from "../src/domain/templates";
import { translate, type Language, type MessageKey } from "../src/i18n";

export type ExampleId = (typeof EXAMPLE_IDS)[number];
export type LanguagePreference = "system" | "es" | "en";

export interface MenuState {
  language: Language;
  languagePreference: LanguagePreference;
  recent: readonly string[];
  hasPlan: boolean;
  /** A plan opened read-only: editing, importing and exporting for institutions (which records the export) are off. */
  readOnly?: boolean;
  isPackaged: boolean;
  isMac: boolean;
}

export interface MenuActions {
  newPlan(template: TemplateId): void;
  open(): void;
  openRecent(file: string): void;
  clearRecent(): void;
  openExample(example: ExampleId): void;
  saveCopy(): void;
  exportNational(format: "xlsx" | "hxl" | "iati" | "pdf"): void;
  closePlan(): void;
  setLanguage(language: LanguagePreference): void;
  about(): void;
  /** Work the editor does itself: the shell only forwards the menu click to the renderer. */
  command(command: EditorCommand): void;
  /** The finance round trip: the renderer opens its export dialog or import flow. */
  finance(command: FinanceCommand): void;
  /** The live workshop: the renderer opens the host panel, the join dialog, or merges a copy. */
  live(command: LiveCommand): void;
}

const LANGUAGE_LABELS: Record<LanguagePreference, MessageKey> = {
  system: "menu.view.language.system",
  es: "language.es",
  en: "language.en",
};

export function buildMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const t = (key: MessageKey) => translate(state.language, key);
  const editable = state.hasPlan && !state.readOnly;
  const editorItem = (label: MessageKey, accelerator: string, command: EditorCommand, disabled = false): MenuItemConstructorOptions => ({
    label: t(label),
    accelerator,
    registerAccelerator: false,
    enabled: !disabled,
    click: () => actions.command(command),
  });

  const recent: MenuItemConstructorOptions[] = state.recent.length
    ? [
        ...state.recent.map((file) => ({ label: file, click: () => actions.openRecent(file) })),
        { type: "separator" as const },
        { label: t("menu.file.openRecent.clear"), click: () => actions.clearRecent() },
      ]
    : [{ label: t("menu.file.openRecent.empty"), enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: t("menu.file"),
    submenu: [
      {
        label: t("menu.file.new"),
        submenu: TEMPLATE_IDS.map((id) => ({ label: t(`template.${id}`), click: () => actions.newPlan(id) })),
      },
      { label: t("menu.file.open"), accelerator: "CmdOrCtrl+O", click: () => actions.open() },
      { label: t("menu.file.openRecent"), submenu: recent },
      {
        label: t("menu.file.examples"),
        // The example ids are the country templates' ids, so the country name comes localized from there.
        submenu: EXAMPLE_IDS.map((id) => ({ label: TEMPLATES[id].country?.[state.language] ?? id, click: () => actions.openExample(id) })),
      },
      { type: "separator" },
      { label: t("menu.file.saveCopyAs"), accelerator: "CmdOrCtrl+Shift+S", enabled: state.hasPlan, click: () => actions.saveCopy() },
      {
        label: t("menu.file.export"),
        enabled: state.hasPlan,
        submenu: [
          ...(["xlsx", "pdf", "hxl", "iati"] as const).map((format) => ({
            label: t(`menu.file.export.${format}`),
            click: () => actions.exportNational(format),
          })),
          /* ---- finance round trip ---- */
          { type: "separator" as const },
          { label: t("menu.file.finance.export"), enabled: editable, click: () => actions.finance("export") },
          { label: t("menu.file.finance.exportPlan"), enabled: editable, click: () => actions.finance("exportPlan") },
          { label: t("menu.file.finance.exportMonitoring"), enabled: editable, click: () => actions.finance("exportMonitoring") },
        ],
      },
      { label: t("menu.file.finance.import"), enabled: editable, click: () => actions.finance("import") },
      { label: t("menu.file.mergeCopy"), enabled: editable, click: () => actions.live("mergeCopy") },
      { type: "separator" },
      { label: t("menu.file.hostWorkshop"), enabled: editable, click: () => actions.live("host") },
      // Joining works without a plan open: the host's plan is fetched.
      { label: t("menu.file.joinWorkshop"), click: () => actions.live("join") },
      { type: "separator" },
      { label: t("menu.file.close"), accelerator: "CmdOrCtrl+W", enabled: state.hasPlan, click: () => actions.closePlan() },
      { type: "separator" },
      { label: t("menu.file.quit"), role: "quit" },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: t("menu.edit"),
    submenu: [
      // The editor handles these keys itself (undo in the grid is the plan's undo, in a text
      // field the field's); registerAccelerator: false shows the shortcut without stealing it.
      editorItem("menu.edit.undo", "CmdOrCtrl+Z", "undo", Boolean(state.readOnly)),
      editorItem("menu.edit.redo", state.isMac ? "Shift+CmdOrCtrl+Z" : "CmdOrCtrl+Y", "redo", Boolean(state.readOnly)),
      { type: "separator" },
      { role: "cut", label: t("menu.edit.cut") },
      { role: "copy", label: t("menu.edit.copy") },
      { role: "paste", label: t("menu.edit.paste") },
      { role: "selectAll", label: t("menu.edit.selectAll") },
      { type: "separator" },
      editorItem("menu.edit.find", "CmdOrCtrl+F", "find", !state.hasPlan),
      editorItem("menu.edit.insertAction", "CmdOrCtrl+Enter", "insertAction", !editable),
      editorItem("menu.edit.insertNeed", "CmdOrCtrl+Alt+Enter", "insertNeed", !editable),
      editorItem("menu.edit.deleteRow", "CmdOrCtrl+Delete", "deleteRow", !editable),
      { type: "separator" },
      // The row's own dialogs: its details and the plan's own columns change the plan; its progress panel also reads.
      editorItem("menu.edit.details", "CmdOrCtrl+I", "details", !editable),
      editorItem("menu.edit.monitoring", "CmdOrCtrl+Shift+M", "monitoring", !state.hasPlan),
      editorItem("menu.edit.columns", "CmdOrCtrl+Shift+K", "columns", !editable),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: t("menu.view"),
    submenu: [
      {
        label: t("menu.view.language"),
        submenu: (["system", "es", "en"] as const).map((choice) => ({
          label: t(LANGUAGE_LABELS[choice]),
          type: "radio" as const,
          checked: state.languagePreference === choice,
          click: () => actions.setLanguage(choice),
        })),
      },
      { type: "separator" },
      editorItem("menu.view.projector", "F5", "projector", !state.hasPlan),
      editorItem("menu.view.history", "CmdOrCtrl+Shift+H", "history", !state.hasPlan),
      { type: "separator" },
      { label: t("menu.view.zoomIn"), role: "zoomIn" },
      { label: t("menu.view.zoomOut"), role: "zoomOut" },
      { label: t("menu.view.resetZoom"), role: "resetZoom" },
      { label: t("menu.view.fullscreen"), role: "togglefullscreen" },
      // Reloading and developer tools are for development builds only.
      ...(state.isPackaged
        ? []
        : [{ type: "separator" as const }, { label: t("menu.view.reload"), role: "reload" as const }, { label: t("menu.view.devtools"), role: "toggleDevTools" as const }]),
    ],
  };

  const help: MenuItemConstructorOptions = {
    label: t("menu.help"),
    submenu: [{ label: t("menu.help.about"), click: () => actions.about() }],
  };

  return [...(state.isMac ? [{ role: "appMenu" as const }] : []), file, edit, view, help];
}
