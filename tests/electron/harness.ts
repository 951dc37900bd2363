/**
 * Starts the real shell (electron/shell.ts) against the fake electron module,
 * with the real core (in the fake utility process) on a temp folder: settings in
 * <tmp>/user, examples in <tmp>/docs, the repository's resources/examples.
 */
import path from "node:path";
import { afterEach } from "vitest";
import { INVOKE_CHANNEL } from "../../src/api/channels";
import type { Input, Method, Result, Output } from "../../src/api/contract";
import type { Workspace } from "../../src/app/workspace";
import { startShell, type Shell, type ShellOptions } from "../../electron/shell";
import { REPO_ROOT, tempDir } from "../helpers/temp";
import { BrowserWindow, FakeUtilityProcess, fake, resetFakeElectron, type FakeFrame } from "./fake-electron";

const started: Shell[] = [];

afterEach(async () => {
  // Close the SQLite plan before the temp folder is removed.
  while (started.length) await started.pop()!.stop();
});

export interface TestShell {
  shell: Shell;
  dir: string;
  window: BrowserWindow;
  /** The core's workspace, inside the (fake) utility process. */
  workspace(): Workspace;
  /** The (fake) utility process the core runs in now. */
  coreProcess(): FakeUtilityProcess;
  /** Calls the registered IPC handler as a renderer frame would. */
  invoke<M extends Method>(method: M, input?: Input<M>, frame?: FakeFrame | null): Promise<Result<Output<M>>>;
  /** The same, with an arbitrary method name and input (as a hostile page could send). */
  invokeRaw(method: unknown, input: unknown, frame?: FakeFrame | null): Promise<Result<unknown>>;
  /** Calls any IPC channel's handler as a renderer frame would. */
  ipc(channel: string, args: unknown[], frame?: FakeFrame | null): Promise<unknown>;
}

export function prepareFakeApp(): string {
  // A shell started earlier in the same test stops first, so its core's end is expected, not a crash to recover from.
  for (const shell of started) void shell.stop();
  const dir = tempDir("matriz-shell-");
  resetFakeElectron({ appPath: REPO_ROOT, userData: path.join(dir, "user"), documents: path.join(dir, "docs") });
  return dir;
}

export function wrap(shell: Shell, dir: string): TestShell {
  started.push(shell);
  const window = BrowserWindow.instances.at(-1);
  if (!window) throw new Error("the shell created no window");
  const coreProcess = () => {
    const latest = FakeUtilityProcess.instances.at(-1);
    if (!latest) throw new Error("the shell started no core process");
    return latest;
  };
  const ipc = async (channel: string, args: unknown[], frame: FakeFrame | null = window.webContents.mainFrame) => {
    const handler = fake.invokeHandlers.get(channel);
    if (!handler) throw new Error(`nothing handles ${channel}`);
    return handler({ senderFrame: frame }, ...args);
  };
  const invokeRaw = async (method: unknown, input: unknown, frame: FakeFrame | null = window.webContents.mainFrame) =>
    (await ipc(INVOKE_CHANNEL, [method, input], frame)) as Result<unknown>;
  return {
    shell,
    dir,
    window,
    coreProcess,
    workspace: () => {
      const workspace = coreProcess().host.workspace;
      if (!workspace) throw new Error("the core was not started");
      return workspace;
    },
    ipc,
    invokeRaw,
    invoke: (method, input, frame) => invokeRaw(method, input, frame) as never,
  };
}

export async function startTestShell(options: ShellOptions = {}): Promise<TestShell> {
  const dir = prepareFakeApp();
  const shell = await startShell({ argv: ["electron"], cwd: dir, env: {}, ...options });
  if (!shell) throw new Error("the shell did not start");
  return wrap(shell, dir);
}

/** Lets queued work run: menu actions, files from the OS, and the messages to and from the core. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 40; i++) await new Promise((resolve) => setImmediate(resolve));
}
