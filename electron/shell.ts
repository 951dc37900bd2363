/**
 * The main process put together: one window, one IPC channel, the menu, and a
 * Workspace from the core holding the open plan. Everything Electron-specific
 * is wired here; the decisions live in the small modules beside it and in src/.
 */
import os from "node:os";
import { app, dialog, ipcMain, Menu, session, shell, type BrowserWindow } from "electron";
import { EVENT_CHANNEL } from "../src/api/channels";
import type { Input, MatrizEvent, Method, Result, Output } from "../src/api/contract";
import { createDispatcher, toApiError } from "../src/api/dispatch";
import { SettingsStore } from "../src/app/settings";
import { Workspace } from "../src/app/workspace";
import { translate, type MessageKey } from "../src/i18n";
import { createNativeDialogs } from "./dialogs";
import { registerInvokeHandler, type Dispatch } from "./ipc";
import { buildMenuTemplate, type MenuActions, type MenuState } from "./menu";
import { resolvePaths, type AppPaths } from "./paths";
import { PlanFileInbox, planFileFromArgv } from "./plan-files";
import { hardenSession, hardenWebContents } from "./security";
import { isTrustedSender } from "./sender";
import { bringToFront, createMainWindow, createPrintWindow } from "./window";
import { createElectronPrinter } from "./printer";

export interface ShellOptions {
  /** The command line (defaults to process.argv); a .matriz file in it is opened. */
  argv?: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Electron's process.resourcesPath (where a packaged app's resources/ folder sits). */
  resourcesPath?: string;
}

export interface Shell {
  readonly workspace: Workspace;
  readonly paths: AppPaths;
  readonly dispatch: Dispatch;
  window(): BrowserWindow | null;
}

function defaultUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // Some accounts have no passwd entry; the user can still type a name in the settings.
    return "";
  }
}

/** Returns null when another instance already runs (this one then quits). */
export async function startShell(options: ShellOptions = {}): Promise<Shell | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  let window: BrowserWindow | null = null;
  const inbox = new PlanFileInbox();
  // Registered before `ready`: macOS may hand over the file that launched the app early.
  app.on("open-file", (event, file) => {
    event.preventDefault();
    inbox.receive(file);
  });
  app.on("second-instance", (_event, argv, workingDirectory) => {
    if (window && !window.isDestroyed()) bringToFront(window);
    const file = planFileFromArgv(argv.slice(1), workingDirectory);
    if (file) inbox.receive(file);
  });
  app.on("web-contents-created", (_event, contents) => hardenWebContents(contents));

  await app.whenReady();

  const paths = resolvePaths(app, options.env ?? process.env, options.resourcesPath ?? process.resourcesPath);
  hardenSession(session.defaultSession);
  const settings = new SettingsStore(paths.settingsFile, app.getLocale(), defaultUserName());
  const language = () => settings.language;
  const t = (key: MessageKey) => translate(language(), key);

  const sendEvent = (event: MatrizEvent) => {
    if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  };

  const workspace = new Workspace({
    resourcesDir: paths.resourcesDir,
    examplesDir: paths.examplesDir,
    settings,
    version: app.getVersion(),
    dialogs: createNativeDialogs({ dialog, shell, window: () => window, language, defaultDir: () => app.getPath("documents") }),
    printer: createElectronPrinter(createPrintWindow),
    notify: (event) => {
      sendEvent(event);
      refreshMenu();
    },
  });
  const dispatch: Dispatch = createDispatcher(workspace.handlers, language);

  const showError = async (message: string) => {
    if (window && !window.isDestroyed()) {
      await dialog.showMessageBox(window, { type: "error", title: t("dialog.error.title"), message });
    } else {
      dialog.showErrorBox(t("dialog.error.title"), message);
    }
  };

  /** Menu actions and files from the OS go through the same dispatcher as the renderer. */
  async function run<M extends Method>(method: M, input?: Input<M>): Promise<Result<Output<M>>> {
    const result = (await dispatch(method, input)) as Result<Output<M>>;
    refreshMenu();
    if (!result.ok) await showError(result.error.message);
    return result;
  }

  const actions: MenuActions = {
    newPlan: (template) => void run("dialog.create", { template }),
    open: () => void run("dialog.open"),
    openRecent: (file) => void run("plan.open", { path: file }),
    clearRecent: () =>
      void run("recent.clear").then((result) => {
        // The core does not announce this one; the renderer's recent list must follow.
        if (result.ok) sendEvent({ type: "settings-changed", settings: result.value });
      }),
    openExample: (example) => void run("plan.openExample", { example }),
    saveCopy: () => void run("dialog.saveCopy"),
    exportNational: (format) => void run("dialog.exportNational", { format }),
    closePlan: () => void run("plan.close"),
    setLanguage: (choice) => void run("settings.update", { language: choice }),
    command: (command) => sendEvent({ type: "command", command }),
    finance: (command) => sendEvent({ type: "finance", command }),
    about: () => {
      const about = { type: "info" as const, title: t("menu.help.about"), message: `${t("app.name")} ${app.getVersion()}`, detail: t("app.tagline") };
      void (window ? dialog.showMessageBox(window, about) : dialog.showMessageBox(about));
    },
  };

  let shownMenu = "";
  function refreshMenu(): void {
    const snapshot = settings.snapshot();
    const state: MenuState = {
      language: snapshot.resolvedLanguage,
      languagePreference: snapshot.language,
      recent: snapshot.recent,
      hasPlan: workspace.current !== null,
      isPackaged: app.isPackaged,
      isMac: process.platform === "darwin",
    };
    // Rebuilt only when something shown in it changed: this runs after every API call.
    const key = JSON.stringify(state);
    if (key === shownMenu) return;
    shownMenu = key;
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(state, actions)));
  }

  registerInvokeHandler(ipcMain, {
    isTrusted: (event) =>
      window !== null && !window.isDestroyed() && isTrustedSender(event.senderFrame, window.webContents.mainFrame, paths.renderer),
    dispatch,
    language,
    afterCall: refreshMenu,
  });

  // Later files (a second instance, macOS open-file) open one after the other.
  let opening = Promise.resolve();
  const openFile = (file: string) => {
    opening = opening.then(() => run("plan.open", { path: file }).then(() => undefined));
  };
  // Only one plan is open at a time, so of the files that arrived while starting the last one wins.
  const arrivedEarly = inbox.deliverTo(openFile).at(-1);
  const startupFile = arrivedEarly ?? planFileFromArgv((options.argv ?? process.argv).slice(1), options.cwd ?? process.cwd());

  // The plan is opened before the page loads, so the renderer's first question finds it.
  let startupError: unknown = null;
  try {
    workspace.openStartupPlan(startupFile);
  } catch (error) {
    startupError = error;
  }

  window = createMainWindow({ preloadFile: paths.preloadFile, renderer: paths.renderer, title: t("app.name"), isPackaged: app.isPackaged });
  window.on("closed", () => {
    window = null;
  });
  refreshMenu();
  if (startupError) void showError(toApiError(startupError, language()).message);

  // Closing the plan checkpoints its write-ahead log, leaving one self-contained file.
  app.on("before-quit", () => workspace.dispose());
  app.on("window-all-closed", () => {
    workspace.dispose();
    app.quit();
  });

  return { workspace, paths, dispatch, window: () => window };
}
