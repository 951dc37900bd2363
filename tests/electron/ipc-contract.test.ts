import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("./fake-electron"));

import { EVENT_CHANNEL } from "../../src/api/channels";
import { METHODS, contract, type Input, type Method } from "../../src/api/contract";
import { dialog } from "./fake-electron";
import { settle, startTestShell, type TestShell } from "./harness";

/**
 * Valid inputs for the methods the shell itself depends on (files, settings,
 * dialogs), in the order they run. Every other method gets the generic check
 * below, so the contract can grow without this table.
 */
function shellInputs(t: TestShell): Partial<{ [M in Method]: () => Input<M> | Promise<Input<M>> }> {
  return {
    "app.info": () => undefined,
    "settings.get": () => undefined,
    "settings.update": () => ({ userName: "Ana Pérez" }),
    "recent.clear": () => undefined,
    "templates.list": () => undefined,
    "examples.list": () => undefined,
    "plan.current": () => undefined,
    "plan.document": () => undefined,
    // A plan from the recent list, by the handle the page got with the settings.
    "plan.open": async () => {
      await t.invoke("plan.openExample", { example: "belize" });
      const settings = await t.invoke("settings.get");
      if (!settings.ok || !settings.value.recent[0]) throw new Error("no recent plan");
      return { handle: settings.value.recent[0].handle };
    },
    "plan.openExample": () => ({ example: "honduras" }),
    "plan.close": () => undefined,
    "dialog.open": () => undefined,
    "dialog.create": () => ({ template: "panama" }),
    "dialog.saveCopy": () => undefined,
  };
}

/** Answers that mean the call never reached a handler of the core. */
const NOT_WIRED = ["unknown_method", "forbidden", "internal"];

describe("every contract method through the IPC handler", () => {
  it("the shell's own methods answer with outputs that match the contract", async () => {
    const t = await startTestShell();
    // The OS dialogs answer as a user would: pick the first-start example; save without typing the extension.
    dialog.showOpenDialog.mockImplementation(async () => ({ canceled: false, filePaths: [path.join(t.shell.paths.examplesDir, "guatemala-mirps-2017.matriz")] }));
    let saves = 0;
    dialog.showSaveDialog.mockImplementation(async () => ({ canceled: false, filePath: path.join(t.dir, `saved-${++saves}`) }));

    const inputs = shellInputs(t);
    const methods = METHODS.filter((m) => inputs[m]);
    expect(methods).toHaveLength(Object.keys(inputs).length);
    for (const method of methods) {
      const answer = await t.invoke(method, (await inputs[method]!()) as never);
      expect(answer, method).toMatchObject({ ok: true });
      if (answer.ok) expect(contract[method].output.safeParse(answer.value).success, method).toBe(true);
    }
    // The dialogs really were used, and the missing extension was added.
    expect(dialog.showOpenDialog).toHaveBeenCalled();
    expect(fs.existsSync(path.join(t.dir, "saved-1.matriz"))).toBe(true);
    expect(fs.existsSync(path.join(t.dir, "saved-2.matriz"))).toBe(true);
  });

  it("every other method reaches a handler of the core", async () => {
    const t = await startTestShell();
    const covered = shellInputs(t);
    const missing: string[] = [];
    for (const method of METHODS) {
      if (typeof (t.workspace().handlers as Record<string, unknown>)[method] !== "function") missing.push(`${method}: no handler`);
      if (covered[method]) continue;
      // No valid input here: methods that take none run, the others stop at validation.
      const answer = await t.invoke(method, undefined);
      if (!answer.ok && NOT_WIRED.includes(answer.error.code)) missing.push(`${method}: ${answer.error.code} ${answer.error.message}`);
    }
    expect(missing).toEqual([]);
  });

  it("opens a 2017 example and tells the renderer", async () => {
    const t = await startTestShell();
    const answer = await t.invoke("plan.openExample", { example: "mexico" });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.value.iso3).toBe("MEX");
    expect(answer.value.counts.actions).toBeGreaterThan(0);
    expect(answer.value.path).toBe(path.join(t.shell.paths.examplesDir, "mexico-mirps-2017.matriz"));
    expect(fs.existsSync(answer.value.path)).toBe(true);
    const events = t.window.webContents.sent.filter((m) => m.channel === EVENT_CHANNEL).map((m) => m.payload);
    expect(events.at(-1)).toEqual({ type: "plan-changed", plan: answer.value });
  });

  it("reports unknown methods and bad input with localized messages", async () => {
    const t = await startTestShell();
    const unknown = await t.invokeRaw("shell.exec", { command: "rm -rf /" });
    expect(unknown).toMatchObject({ ok: false, error: { code: "unknown_method" } });
    const bad = await t.invoke("plan.openExample", { example: "atlantis" } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    // The fake system locale is es-GT.
    expect(!bad.ok && bad.error.message).toMatch(/^No se pudo abrir el ejemplo: ejemplo: /);
  });
});

describe("first start", () => {
  it("opens the Guatemala example, and only the first time", async () => {
    const t = await startTestShell();
    const current = await t.invoke("plan.current");
    expect(current.ok && current.value?.iso3).toBe("GTM");
    expect(current.ok && current.value?.path).toBe(path.join(t.shell.paths.examplesDir, "guatemala-mirps-2017.matriz"));
    const settings = JSON.parse(fs.readFileSync(t.shell.paths.settingsFile, "utf8"));
    expect(settings.examplesOffered).toBe(true);
  });

  it("opens a plan named on the command line instead", async () => {
    const first = await startTestShell();
    first.workspace().createPlan({ path: path.join(first.dir, "mine.matriz"), template: "belize" });
    first.workspace().dispose();

    const t = await startTestShell({ argv: ["electron", ".", "--no-sandbox-nonsense", path.join(first.dir, "mine.matriz")] });
    const current = await t.invoke("plan.current");
    expect(current.ok && current.value?.path).toBe(path.join(first.dir, "mine.matriz"));
  });

  it("shows a localized error when the plan on the command line cannot be opened", async () => {
    const t = await startTestShell({ argv: ["electron", "missing.matriz"] });
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
    const options = dialog.showMessageBox.mock.calls[0]?.[1] as { type: string; message: string };
    expect(options.type).toBe("error");
    expect(options.message).toContain(path.join(t.dir, "missing.matriz"));
    expect(options.message).toMatch(/^No se encuentra/);
  });

  it("closes the plan in the core, then stops the core, when the app quits", async () => {
    const t = await startTestShell();
    expect(t.workspace().current).not.toBeNull();
    const { app, FakeEvent } = await import("./fake-electron");
    const quitting = new FakeEvent();
    app.emit("before-quit", quitting);
    // Quitting waits for the core to close the plan, then quits again.
    expect(quitting.defaultPrevented).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    await settle();
    expect(t.workspace().current).toBeNull();
    expect(t.coreProcess().exited).toBe(true);
    expect(app.quit).toHaveBeenCalledTimes(1);
    // The second before-quit goes through.
    const again = new FakeEvent();
    app.emit("before-quit", again);
    expect(again.defaultPrevented).toBe(false);
  });
});
