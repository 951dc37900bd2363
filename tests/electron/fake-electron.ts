/**
 * A stand-in for the parts of the `electron` module the shell uses, recording
 * what the shell asked for so tests can check it. Used through
 * `vi.mock("electron", () => import("./fake-electron"))`; `resetFakeElectron()`
 * gives each test a fresh app.
 */
import { EventEmitter } from "node:events";
import { pathToFileURL } from "node:url";
import { vi } from "vitest";
import { serveCore, type CoreHost } from "../../src/app/core-host";
import { portPair } from "../helpers/ports";

let nextFrameToken = 1;

export class FakeFrame {
  readonly frameToken = `frame-${nextFrameToken++}`;
  constructor(
    public url: string,
    public processId = 7,
    public parent: FakeFrame | null = null,
  ) {}
}

/** An event as Electron hands it to listeners: records preventDefault. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  mainFrame = new FakeFrame("");
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  isDestroyed() {
    return false;
  }
  /** Records what was asked and answers a tiny PDF, as Electron would answer its bytes. */
  readonly printToPDF = vi.fn(async (_options: Record<string, unknown>) => Buffer.from("%PDF-1.4\n%fake\n"));
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedFile: string | null = null;
  loadedUrl: string | null = null;
  minimized = false;
  readonly restore = vi.fn(() => {
    this.minimized = false;
  });
  readonly show = vi.fn();
  readonly focus = vi.fn();
  constructor(readonly options: Record<string, any>) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadFile(file: string) {
    this.loadedFile = file;
    this.webContents.mainFrame.url = pathToFileURL(file).href;
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  destroyed = false;
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
}

/**
 * The core's utility process, faked: the real core host runs in the test's own process
 * behind an in-memory port whose messages are structured clones arriving on a later
 * turn, as they would from another process. Tests reach its workspace through `host`.
 */
export class FakeUtilityProcess extends EventEmitter {
  static instances: FakeUtilityProcess[] = [];
  readonly pid = 4242;
  readonly host: CoreHost;
  private readonly toCore: (message: unknown) => void;
  exited = false;
  constructor(
    readonly modulePath: string,
    readonly options: Record<string, unknown>,
  ) {
    super();
    const ports = portPair({ clone: true });
    this.host = serveCore(ports.core);
    ports.shell.onMessage((message) => {
      if (!this.exited) this.emit("message", message);
    });
    this.toCore = (message) => {
      if (!this.exited) ports.shell.postMessage(message);
    };
    FakeUtilityProcess.instances.push(this);
  }
  postMessage(message: unknown) {
    this.toCore(message);
  }
  /** Stops the fake process: the plan is closed (as the OS would release it) and "exit" is emitted. */
  kill() {
    this.crash(0);
    return true;
  }
  /** The process ending on its own (a crash): nothing more is answered. */
  crash(code = 1) {
    if (this.exited) return;
    this.exited = true;
    this.host.workspace?.dispose();
    setImmediate(() => this.emit("exit", code));
  }
}

export const utilityProcess = {
  fork: vi.fn((modulePath: string, _args?: string[], options: Record<string, unknown> = {}) => new FakeUtilityProcess(modulePath, options)),
};

type Invoke = (event: { senderFrame: FakeFrame | null }, ...args: unknown[]) => Promise<unknown>;

export const fake = {
  singleInstanceLock: true,
  paths: {} as Record<string, string>,
  appPath: "",
  locale: "es-GT",
  invokeHandlers: new Map<string, Invoke>(),
  menus: [] as Array<{ template: any[] }>,
  /** When set, `app.whenReady()` waits for it (to send events before the app is ready). */
  ready: null as Promise<void> | null,
};

class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  requestSingleInstanceLock() {
    return fake.singleInstanceLock;
  }
  readonly setAsDefaultProtocolClient = vi.fn((_scheme: string, _path?: string, _args?: string[]) => true);
  whenReady() {
    return fake.ready ?? Promise.resolve();
  }
  getPath(name: string) {
    const found = fake.paths[name];
    if (!found) throw new Error(`fake app has no path "${name}"`);
    return found;
  }
  getAppPath() {
    return fake.appPath;
  }
  getLocale() {
    return fake.locale;
  }
  getVersion() {
    return "0.1.0";
  }
}
export const app = new FakeApp();

export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  },
};

export const ipcMain = {
  handle: vi.fn((channel: string, handler: Invoke) => {
    fake.invokeHandlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => {
    fake.invokeHandlers.delete(channel);
  }),
};

export const Menu = {
  buildFromTemplate: vi.fn((template: any[]) => ({ template })),
  setApplicationMenu: vi.fn((menu: { template: any[] }) => {
    fake.menus.push(menu);
  }),
};

export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: "" })),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  showErrorBox: vi.fn(),
};

/** The renderer-side half, for the preload. */
class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null }));
}
export const shell = {
  showItemInFolder: vi.fn((_file: string) => {}),
};

export const ipcRenderer = new FakeIpcRenderer();
export const exposed = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    exposed.set(key, api);
  }),
};

export function resetFakeElectron(options: { appPath: string; userData: string; documents: string }) {
  app.removeAllListeners();
  app.isPackaged = false;
  fake.singleInstanceLock = true;
  fake.locale = "es-GT";
  fake.appPath = options.appPath;
  fake.paths = { userData: options.userData, documents: options.documents };
  fake.invokeHandlers.clear();
  fake.menus.length = 0;
  fake.ready = null;
  BrowserWindow.instances.length = 0;
  // A core left from an earlier start ends (its shell was told to stop first: see tests/electron/harness.ts).
  for (const core of FakeUtilityProcess.instances) core.kill();
  FakeUtilityProcess.instances.length = 0;
  vi.clearAllMocks();
}
