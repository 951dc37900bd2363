/**
 * End-to-end harness: the real renderer bundle, served over HTTP, in Debian's
 * Chromium, talking to a real core through the same `window.matriz` the preload
 * exposes. The core is served as in the app (src/app/core-host.ts behind a
 * message port, in-process here) and the page's calls reach it the way the
 * shell forwards them; only the operating system's dialogs are fake, and they
 * answer paths, as native dialogs do: the core grants the page handles for them.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import react from "@vitejs/plugin-react";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { MatrizEvent, Result } from "../../src/api/contract";
import { CoreClient } from "../../src/app/core-client";
import { serveCore } from "../../src/app/core-host";
import type { FileUse } from "../../src/app/file-grants";
import type { SettingsStore } from "../../src/app/settings";
import type { Dialogs, Workspace } from "../../src/app/workspace";
import { languageFromLocale } from "../../src/i18n";
import { chromiumPrinter } from "../../src/reports/pdf";
import { portPair } from "../helpers/ports";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, "test-results");
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Builds renderer/ exactly as the app ships it: relative asset paths so file:// works. */
export async function buildRenderer(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: path.join(REPO_ROOT, "renderer"),
    base: "./",
    plugins: [react()],
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** A tiny static server for the built folder, on 127.0.0.1 and a port the system picks. */
export async function serveFolder(root: string): Promise<StaticServer> {
  const server = http.createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const file = path.resolve(root, `.${urlPath === "/" ? "/index.html" : urlPath}`);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** What the fake dialogs answer next: a path, or null for "the user cancelled". */
export interface DialogAnswers {
  open: string | null;
  save: string | null;
}

export interface Core {
  dir: string;
  settings: SettingsStore;
  /** The core's workspace (in-process here: tests may look inside, or set up a plan directly). */
  workspace: Workspace;
  /** A call as the page makes it, through the shell's client to the core. */
  dispatch: (method: unknown, input: unknown) => Promise<Result<unknown>>;
  /** The shell's dialogs, faked: tests replace their methods to answer what a user would pick. */
  dialogs: Dialogs;
  dialogAnswers: DialogAnswers;
  /** Files the page asked to show in their folder (the file manager, faked). */
  shownInFolder: string[];
  /** How many times an export asked where to save. */
  exportDialogs: number;
  /** Files dropped on the window, as the shell hands them over from the preload. */
  drop(files: string[]): Promise<Result<unknown>>;
  /** A matriz://join link the operating system handed over, as the shell passes it to the core. */
  invite(link: string): Promise<Result<unknown>>;
  /** A file as if the user had just chosen it in a dialog: the handle the page would get. */
  choose(file: string, use: FileUse): string;
  /** Where the workspace's notifications go; the session points it at the page. */
  onEvent: (event: MatrizEvent) => void;
  /** Closes the plan (after its live session, if one runs). */
  dispose(): Promise<void> | void;
}

export function createCore(dir: string, systemLocale = "es-GT"): Core {
  const dialogAnswers: DialogAnswers = { open: null, save: null };
  const dialogs: Dialogs = {
    pickPlanToOpen: async () => dialogAnswers.open,
    pickPlanToSave: async () => dialogAnswers.save,
    pickExportPath: async () => {
      core.exportDialogs++;
      return dialogAnswers.save;
    },
    showInFolder: (file) => void core.shownInFolder.push(file),
  };
  const ports = portPair();
  const host = serveCore(ports.core, {
    resourcesDir: path.join(REPO_ROOT, "resources"),
    examplesDir: path.join(dir, "examples"),
    settingsFile: path.join(dir, "settings.json"),
    locale: systemLocale,
    defaultUserName: "Tester",
    version: "test",
    platform: process.platform,
  });
  const workspace = host.workspace!;
  // A live workshop in the tests listens on 127.0.0.1 only and never looks on the network (no multicast).
  workspace.live.network = { bind: "127.0.0.1", discovery: null };
  // The shell's side: the chapter PDF is printed here, as Electron's printToPDF does in the app.
  const client = new CoreClient(ports.shell, {
    dialogs,
    printer: chromiumPrinter,
    onEvent: (event) => core.onEvent(event),
    language: () => workspace.settings.language ?? languageFromLocale(systemLocale),
  });
  const core: Core = {
    dir,
    settings: workspace.settings,
    workspace,
    dispatch: (method, input) => client.invoke(method, input),
    dialogs,
    dialogAnswers,
    shownInFolder: [],
    exportDialogs: 0,
    drop: (files) => client.command({ name: "dropped", files }),
    invite: (link) => client.command({ name: "invitation", link }),
    choose: (file, use) => workspace.grants.grant(file, use),
    onEvent: () => {},
    dispose: () => workspace.dispose(),
  };
  return core;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen in the page. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * The same shape the preload exposes through contextBridge: invoke and onEvent,
 * nothing else. Kept as source text so no bundler helper (tsx's __name) leaks into the page.
 */
const BRIDGE_SCRIPT = `
(() => {
  const listeners = new Set();
  Object.defineProperty(window, "__matrizEmit", {
    value: (event) => {
      for (const listener of [...listeners]) listener(event);
    },
  });
  document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI));
  window.matriz = Object.freeze({
    invoke: async (method, input) => {
      const answer = await window.__matrizInvoke(method, input === undefined ? undefined : JSON.stringify(input));
      return answer === undefined ? undefined : JSON.parse(answer);
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
})();
`;

/** Opens the app in a fresh browser context wired to the core, as the preload would wire it. */
export async function openApp(browser: Browser, url: string, core: Core): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "es-GT" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    // The brief's CSP keeps frame-ancestors; Chromium only honours it as an HTTP header and says so. Nothing else is excused.
    if (/directive .frame-ancestors. is ignored when delivered via a <meta> element/.test(message.text())) return;
    problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`requestfailed: ${request.url()}`));

  // Requests and answers cross as JSON text: Playwright copies other values object by object in
  // script, far slower than the structured clone of Electron's IPC this stands in for, and
  // the 10,000-action plan's benchmarks would measure the stand-in instead of the app.
  await page.exposeFunction("__matrizInvoke", async (method: unknown, input: string | undefined) => {
    const answer = await core.dispatch(method, input === undefined ? undefined : JSON.parse(input));
    return answer === undefined ? undefined : JSON.stringify(answer);
  });
  await page.addInitScript(BRIDGE_SCRIPT);
  core.onEvent = (event) => {
    page.evaluate((e) => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit(e), event).catch(() => {
      // The page may be closing; an event it never sees is harmless then.
    });
  };
  await page.goto(`${url}/index.html`);
  return {
    context,
    page,
    problems,
    close: async () => {
      core.onEvent = () => {};
      await context.close();
    },
  };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, name);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * What every end-to-end file needs around its tests: the renderer built once,
 * served, one Chromium; the app's core and page closed after each test; the
 * temporary folders removed at the end.
 */
export function browserSuite(name: string) {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const tempDirs: string[] = [];
  const state: { core?: Core; session?: Session; more: Array<{ core: Core; session: Session }> } = { more: [] };
  const tempDir = (prefix = `matriz-e2e-${name}-`) => {
    const dir = makeTempDir(prefix);
    tempDirs.push(dir);
    return dir;
  };
  beforeAll(async () => {
    const buildDir = tempDir(`matriz-e2e-${name}-build-`);
    await buildRenderer(buildDir);
    server = await serveFolder(buildDir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await state.session?.close().catch(() => {});
    // A live session still running stops before its plan closes (dispose waits for it).
    await state.core?.workspace.live.stop().catch(() => {});
    await state.core?.dispose();
    state.session = undefined;
    state.core = undefined;
    for (const { core, session } of state.more.splice(0)) {
      await session.close().catch(() => {});
      await core.workspace.live.stop().catch(() => {});
      await core.dispose();
    }
  });
  return {
    tempDir,
    /** Opens the app on this core; both are closed after the test. */
    async open(core: Core): Promise<Session> {
      state.core = core;
      state.session = await openApp(browser!, server!.url, core);
      return state.session;
    },
    /** Another laptop in the same test (a live workshop): its own core and page, closed after the test too. */
    async openAnother(core: Core): Promise<Session> {
      const session = await openApp(browser!, server!.url, core);
      state.more.push({ core, session });
      return session;
    },
  };
}
