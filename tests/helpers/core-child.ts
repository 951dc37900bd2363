/**
 * The core in a separate Node process, standing in for Electron's utility
 * process: the same host (src/app/core-host.ts) on the child-process IPC
 * channel instead of process.parentPort. Started by tests with
 * `fork(this file, { execArgv: ["--import", "tsx"], serialization: "advanced" })`.
 */
import { serveCore } from "../../src/app/core-host";

if (!process.send) throw new Error("start this file with child_process.fork");
serveCore({
  postMessage: (message) => void process.send!(message),
  onMessage: (listener) => void process.on("message", listener),
});
// The parent gone, nothing is left to serve.
process.on("disconnect", () => process.exit(0));
