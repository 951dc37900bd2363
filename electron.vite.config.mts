import path from "node:path";
import { defineConfig } from "electron-vite";
import react from "@vitejs/plugin-react";

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: "out/main",
      // Dependencies (better-sqlite3, a native module; zod) stay in node_modules.
      externalizeDeps: true,
      rolldownOptions: {
        // index: the main process (window, menu, dialogs); core: the utility process holding the plan.
        input: { index: path.join(root, "electron/main.ts"), core: path.join(root, "electron/core-process.ts") },
        output: { format: "es", entryFileNames: "[name].js" },
      },
    },
  },
  preload: {
    build: {
      outDir: "out/preload",
      rolldownOptions: {
        input: { index: path.join(root, "electron/preload.ts") },
        // A sandboxed preload is loaded as a CommonJS script that may only require "electron".
        output: { format: "cjs", entryFileNames: "[name].cjs" },
      },
    },
  },
  renderer: {
    root: "renderer",
    plugins: [react()],
    build: {
      outDir: "out/renderer",
      rolldownOptions: {
        input: { index: path.join(root, "renderer/index.html") },
      },
    },
  },
});
