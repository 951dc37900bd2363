/**
 * Starts the real shell (electron/shell.ts) against the fake electron module,
 * with the real core on a temp folder: settings in <tmp>/user, examples in
 * <tmp>/docs, the repository's resources/examples.
 */
import path from "node:path";
import { afterEach } from "vitest";
import { INVOKE_CHANNEL } from "../../src/api/channels";
import type { Input, Method, Result, Output } from "../../src/api/contract";
import { startShell, type Shell, type ShellOptions } from "../../electron/shell";
import { REPO_ROOT, tempDir } from "../helpers/temp";
import { BrowserWindow, fake, resetFakeElectron, type FakeFrame } from "./fake-electron";

const started: Shell[] = [];

afterEach(() => {
  // Close the SQLite plan before the temp folder is removed.
  while (started.length) started.pop()!.workspace.dispose();
});

export interface TestShell {
  shell: Shell;
  dir: string;
  window: BrowserWindow;
  /** Calls the registered IPC handler as a renderer frame would. */
  invoke<M extends Method>(method: M, input?: Input<M>, frame?: FakeFrame | null): Promise<Result<Output<M>>>;
  /** The same, with an arbitrary method name and input (as a hostile page could send). */
  invokeRaw(method: unknown, input: unknown, frame?: FakeFrame | null): Promise<Result<unknown>>;
}

export function prepareFakeApp(): string {
  const dir = tempDir("matriz-shell-");
  resetFakeElectron({ appPath: REPO_ROOT, userData: path.join(dir, "user"), documents: path.join(dir, "docs") });
  return dir;
}

export function wrap(shell: Shell, dir: string): TestShell {
  started.push(shell);
  const window = BrowserWindow.instances.at(-1);
  if (!window) throw new Error("the shell created no window");
  const invokeRaw = async (method: unknown, input: unknown, frame: FakeFrame | null = window.webContents.mainFrame) => {
    const handler = fake.invokeHandlers.get(INVOKE_CHANNEL);
    if (!handler) throw new Error(`nothing handles ${INVOKE_CHANNEL}`);
    return (await handler({ senderFrame: frame }, method, input)) as Result<unknown>;
  };
  return {
    shell,
    dir,
    window,
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

/** Lets queued promise callbacks (menu actions, second-instance opens) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
