/**
 * The layering rules, checked in CI (`npm run layers`): the core in src/ knows
 * nothing of the shell or the UI; the UI reaches the core only through the API
 * contract and pure shared modules; the shell never reaches into the UI.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-imports-shell-or-ui",
      comment: "src/ is the core: it must not import electron/ or renderer/.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(electron|renderer)/" },
    },
    {
      name: "core-imports-ui-or-electron-packages",
      comment: "src/ runs under plain Node: no electron, react or zustand.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "node_modules/(electron|react|react-dom|zustand)/" },
    },
    {
      name: "renderer-imports-node",
      comment: "renderer/ runs in a sandboxed page: no Node built-ins.",
      severity: "error",
      from: { path: "^renderer/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "renderer-imports-electron-or-native",
      comment: "renderer/ talks to the core only through window.matriz.",
      severity: "error",
      from: { path: "^renderer/" },
      to: { path: "(^electron/|node_modules/(electron|better-sqlite3|exceljs|xlsx|@e965)/)" },
    },
    {
      name: "renderer-imports-core-internals",
      comment: "renderer/ may use the API contract, the domain types and i18n from src/, never storage, app, cli or the dispatcher.",
      severity: "error",
      from: { path: "^renderer/" },
      to: { path: "^src/", pathNot: "^src/(api/contract|api/channels|domain/(document|templates|schedule|errors|money|numbers|clipboard|matrix-rows|grid|paper|change-labels|custom-columns|periods|pairing-code)|i18n/)" },
    },
    {
      name: "shell-imports-ui",
      comment: "electron/ must not import renderer/.",
      severity: "error",
      from: { path: "^electron/" },
      to: { path: "^renderer/" },
    },
    {
      name: "app-reaches-dev-tools",
      comment:
        "The packaged app is built from electron/ (main process, core process, preload): nothing it reaches may import a development tool. devDependencies are not packaged, and the bundler would copy them into out/ (playwright-core once went in whole, 6 MB). The CLI's Chromium printer (src/reports/pdf.ts) is handed in by the CLI for that reason.",
      severity: "error",
      from: { path: "^electron/" },
      to: { path: "node_modules/(playwright-core|playwright|vitest|vite|@vitejs|electron-vite|electron-builder|tsx|typescript|dependency-cruiser|fast-check|daff)/", reachable: true },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
    exclude: { path: "(^|/)(out|dist)/" },
  },
};
