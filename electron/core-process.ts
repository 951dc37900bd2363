/**
 * Entry point of the core's utility process (built to out/main/core.js): the
 * Workspace, SQLite and every file the app reads or writes live here, so a long
 * import or export never freezes the window or the menus. All the logic is in
 * src/app/core-host.ts; this only connects it to Electron's parent port.
 */
import { serveCore } from "../src/app/core-host";

const parent = process.parentPort;
serveCore({
  postMessage: (message) => parent.postMessage(message),
  onMessage: (listener) => parent.on("message", (event) => listener(event.data)),
});
