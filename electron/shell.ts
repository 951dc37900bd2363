/**
 * The main process put together: one window, the menu, the native dialogs and
 * printing, and the core in its own utility process (electron/core-process.ts)
 * holding the open plan. The page's calls are forwarded to the core after the
 * sender check; the core asks back for dialogs and printing. Everything
 * Electron-specific is wired here; the decisions live in the small modules
 * beside it and in src/.
 */
import os from "node:os";
import { app, dialog, ipcMain, Menu, session, shell, utilityProcess, type BrowserWindow, type IpcMainInvokeEvent, type UtilityProcess } from "electron";
import { EVENT_CHANNEL } from "../src/api/channels";
import type { Input, MatrizEvent, Method, Result, Output } from "../src/api/contract";
import { CoreClient } from "../src/app/core-client";
import type { CoreInit, CorePort, ShellCommand } from "../src/app/core-protocol";
import { errorMessage, languageFromLocale, translate, type MessageKey } from "../src/i18n";
import { joinLinkInArgv } from "../src/sync/pairing";
import { createNativeDialogs } from "./dialogs";
import { registerDropHandler, registerInvokeHandler, type Dispatch } from "./ipc";
import { buildMenuTemplate, type MenuActions, type MenuState } from "./menu";
import { resolvePaths, type AppPaths } from "./paths";
import { Inbox } from "./inbox";
import { registerLinkScheme } from "./links";
import { planFileFromArgv } from "./plan-files";
import { hardenSession, hardenWebContents } from "./security";
import { isTrustedSender } from "./sender";
import { bringToFront, createMainWindow, createPrintWindow } from "./window";
import { createElectronPrinter } from "./printer";

export interface ShellOptions {
  /** The command line (defaults to process.argv); a .matriz file in it is opened, a matriz://join link offered in the Join dialog. */
  argv?: readonly string[];
  /** Electron started as `electron <script>` (development): matriz:// links are registered with the script. Defaults to process.defaultApp. */
  defaultApp?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Electron's process.resourcesPath (where a packaged app's resources/ folder sits). */
  resourcesPath?: string;
}

export interface Shell {
  readonly paths: AppPaths;
  /** What a call from the page becomes once its sender passed the check: a message to the core. */
  readonly dispatch: Dispatch;
  /** The core's client now (a new one if the core had to be restarted). */
  core(): CoreClient;
  window(): BrowserWindow | null;
  /** Closes the plan in the core (checkpointing its log) and stops the core process. */
  stop(): Promise<void>;
}

/** How often the core may be restarted after a crash before the app gives up and quits. */
const MAX_CORE_RESTARTS = 3;
/** How long quitting waits for the core to close the plan. */
const STOP_TIMEOUT_MS = 5000;

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
  const argv = options.argv ?? process.argv;
  const inbox = new Inbox();
  const links = new Inbox();
  registerLinkScheme(app, { defaultApp: options.defaultApp ?? Boolean(process.defaultApp), execPath: process.execPath, argv });
  // Registered before `ready`: macOS may hand over the file or link that launched the app early.
  app.on("open-file", (event, file) => {
    event.preventDefault();
    inbox.receive(file);
  });
  app.on("open-url", (event, url) => {
    event.preventDefault();
    links.receive(url);
  });
  // Windows and Linux start a second instance with the file or link; this one takes them.
  app.on("second-instance", (_event, secondArgv, workingDirectory) => {
    if (window && !window.isDestroyed()) bringToFront(window);
    const file = planFileFromArgv(secondArgv.slice(1), workingDirectory);
    if (file) inbox.receive(file);
    const link = joinLinkInArgv(secondArgv.slice(1));
    if (link) links.receive(link);
  });
  app.on("web-contents-created", (_event, contents) => hardenWebContents(contents));

  await app.whenReady();

  const paths = resolvePaths(app, options.env ?? process.env, options.resourcesPath ?? process.resourcesPath);
  hardenSession(session.defaultSession);
  const init: CoreInit = {
    resourcesDir: paths.resourcesDir,
    examplesDir: paths.examplesDir,
    settingsFile: paths.settingsFile,
    locale: app.getLocale(),
    defaultUserName: defaultUserName(),
    version: app.getVersion(),
    platform: process.platform,
  };
  // The core reports the language with its state; until then, the system's.
  const language = () => client?.state?.language ?? languageFromLocale(init.locale);
  const t = (key: MessageKey) => translate(language(), key);

  const sendEvent = (event: MatrizEvent) => {
    if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  };
  const dialogs = createNativeDialogs({ dialog, shell, window: () => window, language, defaultDir: () => app.getPath("documents") });
  const printer = createElectronPrinter(createPrintWindow);

  const showError = async (message: string) => {
    if (window && !window.isDestroyed()) {
      await dialog.showMessageBox(window, { type: "error", title: t("dialog.error.title"), message });
    } else {
      dialog.showErrorBox(t("dialog.error.title"), message);
    }
  };

  /* ---- the core's utility process ---- */
  let child: UtilityProcess | null = null;
  let client: CoreClient | null = null;
  let restarts = 0;
  let stopping: Promise<void> | null = null;

  function launchCore(): CoreClient {
    const launched = utilityProcess.fork(paths.coreEntry, [], { serviceName: "Matriz core", stdio: "inherit" });
    const port: CorePort = {
      postMessage: (message) => launched.postMessage(message),
      onMessage: (listener) => void launched.on("message", listener),
    };
    const next = new CoreClient(port, { dialogs, printer, language, onEvent: sendEvent, onState: () => refreshMenu() });
    launched.on("exit", (code) => {
      next.stopped(`exit code ${code}`);
      if (stopping || launched !== child) return;
      void recover(next.state?.planPath ?? null, code);
    });
    child = launched;
    client = next;
    return next;
  }

  async function startCore(): Promise<CoreClient> {
    const started = launchCore();
    const answer = await started.init(init);
    if (!answer.ok) throw new Error(answer.error.message);
    return started;
  }

  /** The core crashed: start a new one, reopen the plan that was open, and say so. */
  async function recover(planPath: string | null, code: number): Promise<void> {
    const message = errorMessage(language(), "core_stopped", { detail: `exit code ${code}` });
    if (restarts >= MAX_CORE_RESTARTS) {
      await showError(message);
      app.quit();
      return;
    }
    restarts++;
    let restarted: CoreClient;
    try {
      restarted = await startCore();
    } catch (error) {
      await showError(`${message}\n${error instanceof Error ? error.message : String(error)}`);
      app.quit();
      return;
    }
    const reopened = planPath ? await restarted.command({ name: "openFile", file: planPath }) : null;
    if (!reopened?.ok) sendEvent({ type: "plan-changed", plan: null });
    refreshMenu();
    await showError(message);
  }

  const dispatch: Dispatch = (method, input) => client!.invoke(method, input);

  /** Menu actions go through the same contract as the page; a failure is shown in a dialog. */
  async function run<M extends Method>(method: M, input?: Input<M>): Promise<Result<Output<M>>> {
    const result = (await dispatch(method, input)) as Result<Output<M>>;
    refreshMenu();
    if (!result.ok) await showError(result.error.message);
    return result;
  }

  /** The shell's own commands: files from the operating system, the recent menu, drops. */
  async function command(cmd: ShellCommand): Promise<Result<unknown>> {
    const result = await client!.command(cmd);
    refreshMenu();
    if (!result.ok) await showError(result.error.message);
    return result;
  }

  const actions: MenuActions = {
    newPlan: (template) => void run("dialog.create", { template }),
    open: () => void run("dialog.open"),
    // The menu shows the core's recent list as paths: the shell is trusted with them.
    openRecent: (file) => void command({ name: "openFile", file }),
    clearRecent: () => void run("recent.clear"),
    openExample: (example) => void run("plan.openExample", { example }),
    saveCopy: () => void run("dialog.saveCopy"),
    // The page starts it, with a task id, so it can show the progress and offer Cancel.
    exportNational: (format) => sendEvent({ type: "export", format }),
    closePlan: () => void run("plan.close"),
    setLanguage: (choice) => void run("settings.update", { language: choice }),
    command: (editorCommand) => sendEvent({ type: "command", command: editorCommand }),
    finance: (financeCommand) => sendEvent({ type: "finance", command: financeCommand }),
    live: (liveCommand) => sendEvent({ type: "live-command", command: liveCommand }),
    about: () => {
      const about = { type: "info" as const, title: t("menu.help.about"), message: `${t("app.name")} ${app.getVersion()}`, detail: t("app.tagline") };
      void (window ? dialog.showMessageBox(window, about) : dialog.showMessageBox(about));
    },
  };

  let shownMenu = "";
  function refreshMenu(): void {
    const core = client?.state;
    const state: MenuState = {
      language: language(),
      languagePreference: core?.languagePreference ?? "system",
      recent: core?.recent ?? [],
      hasPlan: core?.hasPlan ?? false,
      readOnly: core?.planReadOnly ?? false,
      isPackaged: app.isPackaged,
      isMac: process.platform === "darwin",
    };
    // Rebuilt only when something shown in it changed: this runs after every API call.
    const key = JSON.stringify(state);
    if (key === shownMenu) return;
    shownMenu = key;
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(state, actions)));
  }

  await startCore();

  const isTrusted = (event: IpcMainInvokeEvent) =>
    window !== null && !window.isDestroyed() && isTrustedSender(event.senderFrame, window.webContents.mainFrame, paths.renderer);
  registerInvokeHandler(ipcMain, { isTrusted, dispatch, language, afterCall: refreshMenu });
  registerDropHandler(ipcMain, { isTrusted, dropped: (files) => void command({ name: "dropped", files }) });

  // Later files (a second instance, macOS open-file) open one after the other.
  let opening = Promise.resolve();
  const openFile = (file: string) => {
    opening = opening.then(() => command({ name: "openFile", file }).then(() => undefined));
  };
  // Only one plan is open at a time, so of the files that arrived while starting the last one wins.
  const arrivedEarly = inbox.deliverTo(openFile).at(-1);
  const startupFile = arrivedEarly ?? planFileFromArgv(argv.slice(1), options.cwd ?? process.cwd());

  // Sent before the window exists: the core answers in order, so the page's first question finds the plan.
  const startup = client!.command({ name: "startup", file: startupFile });

  window = createMainWindow({ preloadFile: paths.preloadFile, renderer: paths.renderer, title: t("app.name"), isPackaged: app.isPackaged });
  window.on("closed", () => {
    window = null;
  });
  refreshMenu();
  const started = await startup;
  refreshMenu();
  if (!started.ok) void showError(started.error.message);

  // A join link is checked by the core and offered in the Join dialog, where the person decides; a bad one is said in a dialog.
  let offering = Promise.resolve();
  const offerInvitation = (link: string) => {
    offering = offering.then(() => command({ name: "invitation", link }).then(() => undefined));
  };
  const startupLink = links.deliverTo(offerInvitation).at(-1) ?? joinLinkInArgv(argv.slice(1));
  if (startupLink) offerInvitation(startupLink);

  /** Closing the plan checkpoints its write-ahead log, leaving one self-contained file. */
  function stop(): Promise<void> {
    stopping ??= (async () => {
      const core = client;
      if (!core) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)));
      await Promise.race([core.command({ name: "dispose" }).then(() => undefined), timeout]);
      clearTimeout(timer);
      child?.kill();
    })();
    return stopping;
  }
  let stopped = false;
  app.on("before-quit", (event) => {
    if (stopped) return;
    // Quit once the core has closed the plan.
    event.preventDefault();
    void stop().then(() => {
      stopped = true;
      app.quit();
    });
  });
  app.on("window-all-closed", () => app.quit());

  return { paths, dispatch, core: () => client!, window: () => window, stop };
}
