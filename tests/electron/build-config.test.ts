import path from "node:path";
import { describe, expect, it } from "vitest";
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

  it("ships resources/ (the 2017 examples) beside the app, where the shell looks for it", () => {
    expect(pkg.build.extraResources).toContainEqual(expect.objectContaining({ from: "resources", to: "resources" }));
    expect(pkg.main).toBe("out/main/index.js");
  });

  it("registers .matriz files with the operating system so they open in Matriz", () => {
    expect(pkg.build.fileAssociations).toContainEqual(expect.objectContaining({ ext: "matriz", role: "Editor" }));
  });
});
