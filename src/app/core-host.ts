/**
 * The core served over a message port: a Workspace and its dispatcher behind
 * the protocol of core-protocol.ts. Transport-agnostic, so the same host runs in
 * Electron's utility process (electron/core-process.ts), in a Node child process
 * or worker in the tests, or in-process beside a browser page (tests/e2e).
 *
 * Messages are handled as they arrive: a long call (an import of a hundred files)
 * yields between files, so a menu action or an edit sent meanwhile is answered
 * without waiting for it.
 */
import type { Result } from "../api/contract";
import { createDispatcher, toApiError } from "../api/dispatch";
import { MatrizError, type ErrorCode } from "../domain/errors";
import type { PdfPrinter } from "./exports";
import path from "node:path";
import { setLocalDevice } from "../storage/plan-store";
import { deviceInFolder } from "../sync/device";
import { SettingsStore } from "./settings";
import { Workspace, type Dialogs } from "./workspace";
import { isMessage, type AskPort, type CoreInit, type CorePort, type ShellCommand, type ShellState, type ToCore } from "./core-protocol";

export interface CoreHost {
  /** The workspace, once the shell sent "init" (tests look inside). */
  readonly workspace: Workspace | null;
}

type Pending = { resolve(value: unknown): void; reject(error: unknown): void };

/**
 * Serves the core on `port`. Given `init`, it starts at once (an in-process host,
 * whose workspace the caller may use straight away); otherwise it waits for the
 * shell's "init" message.
 */
export function serveCore(port: CorePort, init?: CoreInit): CoreHost {
  let workspace: Workspace | null = null;
  let dispatch: ReturnType<typeof createDispatcher> | null = null;
  let platform = "";
  const asked = new Map<number, Pending>();
  let nextAsk = 1;
  let shownState = "";

  const ask = (askPort: AskPort, method: string, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextAsk++;
      asked.set(id, { resolve, reject });
      port.postMessage({ type: "ask", id, port: askPort, method, args });
    });

  const dialogs: Required<Dialogs> = {
    pickPlanToOpen: () => ask("dialogs", "pickPlanToOpen", []) as Promise<string | null>,
    pickPlanToSave: (name, purpose) => ask("dialogs", "pickPlanToSave", [name, purpose]) as Promise<string | null>,
    pickExportPath: (name, extension) => ask("dialogs", "pickExportPath", [name, extension]) as Promise<string | null>,
    pickSpreadsheetsToImport: () => ask("dialogs", "pickSpreadsheetsToImport", []) as Promise<string[]>,
    pickRegionalSources: () => ask("dialogs", "pickRegionalSources", []) as Promise<string[]>,
    showInFolder: (file) => void ask("dialogs", "showInFolder", [file]).catch(() => {}),
  };
  const printer: PdfPrinter = {
    print: async (html, margins, options, outFile) => void (await ask("printer", "print", [html, margins, options, outFile])),
  };

  const language = () => workspace?.settings.language ?? "es";

  function postState(): void {
    if (!workspace) return;
    const state: ShellState = workspace.shellState();
    const key = JSON.stringify(state);
    if (key === shownState) return;
    shownState = key;
    port.postMessage({ type: "state", state });
  }

  function start(init: CoreInit): null {
    if (workspace) throw new MatrizError("internal", { detail: "the core was already started" });
    platform = init.platform;
    const settings = new SettingsStore(init.settingsFile, init.locale, init.defaultUserName);
    // This installation's device, beside its settings: every change set says on which laptop it was typed.
    const device = deviceInFolder(path.dirname(init.settingsFile));
    setLocalDevice(device);
    workspace = new Workspace({
      device,
      resourcesDir: init.resourcesDir,
      examplesDir: init.examplesDir,
      settings,
      version: init.version,
      dialogs,
      printer,
      notify: (event) => {
        port.postMessage({ type: "event", event });
        postState();
      },
    });
    dispatch = createDispatcher(workspace.handlers, language);
    return null;
  }

  function requireWorkspace(): Workspace {
    if (!workspace) throw new MatrizError("internal", { detail: "the core has not been started" });
    return workspace;
  }

  function command(cmd: ShellCommand): unknown {
    const ws = requireWorkspace();
    switch (cmd.name) {
      case "startup":
        return ws.openStartupPlan(cmd.file);
      case "openFile":
        return ws.openPlan(cmd.file);
      case "dropped":
        return ws.receiveDroppedFiles(cmd.files, platform);
      case "invitation":
        return ws.live.receiveInvitation(cmd.link);
      case "dispose":
        // A live session ends first, then the plan closes (checkpointing its log).
        return Promise.resolve(ws.dispose()).then(() => null);
    }
  }

  async function answer(message: ToCore): Promise<void> {
    let result: Result<unknown>;
    try {
      if (message.type === "init") result = { ok: true, value: start(message.init) };
      else if (message.type === "invoke") result = dispatch ? await dispatch(message.method, message.input) : { ok: false, error: toApiError(new MatrizError("internal", { detail: "the core has not been started" }), language()) };
      else result = { ok: true, value: await command((message as Extract<ToCore, { type: "command" }>).command) };
    } catch (error) {
      result = { ok: false, error: toApiError(error, language()) };
    }
    port.postMessage({ type: "result", id: message.id, result });
    postState();
  }

  if (init) start(init);
  port.onMessage((message) => {
    if (!isMessage<ToCore>(message, ["init", "invoke", "command", "answer"])) return;
    if (message.type === "answer") {
      const pending = asked.get(message.id);
      if (!pending) return;
      asked.delete(message.id);
      if (message.result.ok) pending.resolve(message.result.value);
      else pending.reject(new MatrizError(message.result.error.code as ErrorCode, message.result.error.params));
      return;
    }
    void answer(message);
  });

  return {
    get workspace() {
      return workspace;
    },
  };
}
