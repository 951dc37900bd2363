import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePaths } from "../../electron/paths";
import { REPO_ROOT } from "../helpers/temp";

// Loaded by path so the type-checked test tree does not pull in the build config.
const configFile = path.join(REPO_ROOT, "electron.vite.config.mts");
const config = (await import(configFile)).default as Record<"main" | "preload" | "renderer", any>;

describe("electron.vite.config.mts", () => {
  it("builds the main process from electron/main.ts to out/main/index.js", () => {
    const build = config.main.build;
    expect(build.outDir).toBe("out/main");
    expect(build.rolldownOptions.input.index).toBe(path.join(REPO_ROOT, "electron", "main.ts"));
    expect(build.rolldownOptions.output.entryFileNames).toBe("[name].js");
  });

  it("builds the core's utility process from electron/core-process.ts to out/main/core.js, where the shell forks it", () => {
    const build = config.main.build;
    expect(build.rolldownOptions.input.core).toBe(path.join(REPO_ROOT, "electron", "core-process.ts"));
    const packaged = resolvePaths({ isPackaged: true, getAppPath: () => "/opt/Matriz/resources/app.asar", getPath: () => "/home/ana" }, {}, "/opt/Matriz/resources");
    expect(packaged.coreEntry).toBe(path.join("/opt/Matriz/resources/app.asar", build.outDir, "core.js"));
  });

  it("builds the preload as CommonJS out/preload/index.cjs, as a sandboxed preload must be", () => {
    const build = config.preload.build;
    expect(build.outDir).toBe("out/preload");
    expect(build.rolldownOptions.input.index).toBe(path.join(REPO_ROOT, "electron", "preload.ts"));
    expect(build.rolldownOptions.output).toMatchObject({ format: "cjs", entryFileNames: "[name].cjs" });
  });

  it("builds the renderer from renderer/ with React", () => {
    expect(config.renderer.root).toBe("renderer");
    expect(config.renderer.build.outDir).toBe("out/renderer");
    const plugins = (config.renderer.plugins as unknown[]).flat(Infinity) as Array<{ name?: string }>;
    expect(plugins.some((p) => p?.name?.includes("react"))).toBe(true);
  });
});

describe("electron-builder packaging", async () => {
  const pkg = JSON.parse((await import("node:fs")).readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

  it("is a configuration electron-builder itself accepts", async () => {
    const require = createRequire(path.join(REPO_ROOT, "package.json"));
    const { validateConfiguration } = require("app-builder-lib/out/util/config/config.js");
    await expect(validateConfiguration(pkg.build, { isEnabled: false, add() {} })).resolves.toBeUndefined();
    // And it would say so: an option it does not know is refused.
    await expect(validateConfiguration({ ...pkg.build, electronFuses: { ...pkg.build.electronFuses, runAsNodeTypo: false } }, { isEnabled: false, add() {} })).rejects.toThrow();
  });

  it("flips the fuses that close the packaged binary to other uses", () => {
    const fuses = pkg.build.electronFuses;
    // No ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect: the app binary cannot be turned into a Node shell.
    expect(fuses.runAsNode).toBe(false);
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses.enableNodeCliInspectArguments).toBe(false);
    // Only app.asar is loaded, and its contents are checked against the hash signed into the binary.
    expect(fuses.onlyLoadAppFromAsar).toBe(true);
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(pkg.build.asar).not.toBe(false);
    expect(pkg.build.asar?.disableIntegrity ?? false).toBe(false);
  });

  it("packages only the build and production dependencies: no development tool", () => {
    expect(pkg.build.files.filter((f: string) => !f.startsWith("!"))).toEqual(["out/**/*", "package.json"]);
    const devTools = ["playwright-core", "vitest", "vite", "electron-vite", "electron-builder", "tsx", "typescript", "dependency-cruiser", "fast-check", "daff"];
    for (const tool of devTools) {
      expect(Object.keys(pkg.dependencies), tool).not.toContain(tool);
      expect(Object.keys(pkg.devDependencies), tool).toContain(tool);
    }
    // The native module is unpacked beside app.asar, where a utility process can load it.
    expect(pkg.build.asarUnpack).toContainEqual(expect.stringContaining("better-sqlite3"));
  });

  it("ships resources/ (the 2017 examples) beside the app, where the shell looks for it", () => {
    expect(pkg.build.extraResources).toContainEqual(expect.objectContaining({ from: "resources", to: "resources" }));
    expect(pkg.main).toBe("out/main/index.js");
  });

  it("registers .matriz files with the operating system so they open in Matriz", () => {
    expect(pkg.build.fileAssociations).toContainEqual(expect.objectContaining({ ext: "matriz", role: "Editor" }));
  });

  it("registers matriz:// links (a workshop's QR code or invitation) so they open Matriz", () => {
    expect(pkg.build.protocols).toContainEqual(expect.objectContaining({ schemes: ["matriz"] }));
  });
});
