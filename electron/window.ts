/**
 * The one application window: hardened preferences, shown once painted, loading
 * only our own renderer.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions } from "electron";
import type { RendererSource } from "./paths";
import { hardenWebContents, hardenedWebPreferences } from "./security";

export interface MainWindowOptions {
  preloadFile: string;
  renderer: RendererSource;
  title: string;
  isPackaged: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: options.title,
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: hardenedWebPreferences(options.preloadFile, !options.isPackaged),
  });
  hardenWebContents(window.webContents);
  window.once("ready-to-show", () => window.show());
  const loading = options.renderer.kind === "dev" ? window.loadURL(options.renderer.url) : window.loadFile(options.renderer.file);
  // A page that fails to load is a broken build, not a user's mistake: tell the developer.
  loading.catch((error: unknown) => console.error("renderer failed to load", error));
  return window;
}

/** A hidden window for printing the chapter to PDF: no preload, no JavaScript, hardened like the main one. */
export function createPrintWindow(options: BrowserWindowConstructorOptions): BrowserWindow {
  const window = new BrowserWindow({ ...options, show: false });
  hardenWebContents(window.webContents);
  return window;
}

/** Brings the window to the front when the user starts the app a second time. */
export function bringToFront(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
