/** The core as the renderer reaches it, for API tests: a Workspace behind the dispatcher. */
import path from "node:path";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import { RESOURCES_DIR, tempDir } from "./temp";

export type RawDispatch = ReturnType<typeof createDispatcher>;

/** Calls a contract method and answers its value; a refusal throws naming the method, the code and the message. */
export function callerOf(raw: RawDispatch) {
  return async (method: string, input?: unknown): Promise<any> => {
    const result = await raw(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };
}

/** A workspace with its settings (and examples) in `dir`, a fresh folder unless given; no plan open yet. */
export function apiWorkspace(options: { dir?: string; locale?: string } = {}) {
  const dir = options.dir ?? tempDir();
  const settings = new SettingsStore(path.join(dir, "settings.json"), options.locale ?? "es-GT", "Tester");
  const workspace = new Workspace({ resourcesDir: RESOURCES_DIR, examplesDir: dir, settings, version: "test" });
  const raw = createDispatcher(workspace.handlers, () => settings.language);
  return { settings, workspace, raw, call: callerOf(raw) };
}
