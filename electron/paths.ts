/**
 * Where things live, derived from the app's state so the rest of the shell
 * never guesses: bundled resources, the user's data, the built renderer.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The part of Electron's `app` these paths depend on (kept small so tests can fake it). */
export interface AppLocations {
  readonly isPackaged: boolean;
  getAppPath(): string;
  getPath(name: "documents" | "userData"): string;
}

/** Where the renderer comes from: the built file, or electron-vite's dev server. */
export type RendererSource = { kind: "file"; file: string; href: string } | { kind: "dev"; url: string; origin: string };

export interface AppPaths {
  /** Holds examples/*.json, the six MIRPS 2017 plans. */
  resourcesDir: string;
  examplesDir: string;
  settingsFile: string;
  preloadFile: string;
  /** The core's entry, run in a utility process (built from electron/core-process.ts). */
  coreEntry: string;
  renderer: RendererSource;
}

export function resolvePaths(app: AppLocations, env: NodeJS.ProcessEnv, resourcesPath: string): AppPaths {
  const appPath = app.getAppPath();
  const rendererFile = path.join(appPath, "out", "renderer", "index.html");
  // A packaged app never takes its page from an environment variable.
  const devUrl = app.isPackaged ? undefined : env["ELECTRON_RENDERER_URL"];
  return {
    // Packaged builds ship resources/ beside app.asar (electron-builder extraResources).
    resourcesDir: app.isPackaged ? path.join(resourcesPath, "resources") : path.join(appPath, "resources"),
    examplesDir: path.join(app.getPath("documents"), "Matriz", "MIRPS 2017"),
    settingsFile: path.join(app.getPath("userData"), "settings.json"),
    preloadFile: path.join(appPath, "out", "preload", "index.cjs"),
    coreEntry: path.join(appPath, "out", "main", "core.js"),
    renderer: devUrl
      ? { kind: "dev", url: devUrl, origin: new URL(devUrl).origin }
      : { kind: "file", file: rendererFile, href: pathToFileURL(rendererFile).href },
  };
}
