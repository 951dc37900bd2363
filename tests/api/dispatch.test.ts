import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { METHODS, contract } from "../../src/api/contract";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace, type Dialogs } from "../../src/app/workspace";
import { RESOURCES_DIR, sha256, tempDir } from "../helpers/temp";

function setup(dialogAnswers: { open?: string | null; save?: string | null } = {}) {
  const dir = tempDir();
  const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Tester");
  const events: unknown[] = [];
  const dialogs: Dialogs = {
    pickPlanToOpen: async () => dialogAnswers.open ?? null,
    pickPlanToSave: async () => dialogAnswers.save ?? null,
  };
  const workspace = new Workspace({
    resourcesDir: RESOURCES_DIR,
    examplesDir: path.join(dir, "examples"),
    settings,
    version: "test",
    dialogs,
    notify: (event) => events.push(event),
  });
  const dispatch = createDispatcher(workspace.handlers, () => settings.language);
  return { dir, settings, workspace, dispatch, events };
}

describe("API boundary", () => {
  it("has a handler for every method of the contract and nothing else", () => {
    const { workspace } = setup();
    expect(Object.keys(workspace.handlers).sort()).toEqual([...METHODS].sort());
  });

  it("refuses an unknown method with a clear message", async () => {
    const { dispatch } = setup();
    const result = await dispatch("plan.destroyEverything", {});
    expect(result).toMatchObject({ ok: false, error: { code: "unknown_method" } });
    if (!result.ok) expect(result.error.message).toContain("plan.destroyEverything");
  });

  it("refuses malformed input, naming the field, in the user's language", async () => {
    const { dispatch, settings } = setup();
    const wrongType = await dispatch("plan.open", { path: 42 });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) {
      expect(wrongType.error.code).toBe("invalid_input");
      expect(wrongType.error.message).toContain("plan.open");
      expect(wrongType.error.message).toContain("path");
      expect(wrongType.error.message).toMatch(/^Datos no válidos/);
    }
    settings.update({ language: "en" });
    const extra = await dispatch("plan.create", { path: "/tmp/a.matriz", template: "guatemala", evil: true });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error.message).toMatch(/^Invalid input for “plan.create”.*evil/);
    const badTemplate = await dispatch("plan.create", { path: "/tmp/a.matriz", template: "atlantis" });
    expect(badTemplate.ok).toBe(false);
    const badExtension = await dispatch("plan.create", { path: "/tmp/a.xlsx", template: "guatemala" });
    expect(badExtension.ok).toBe(false);
    if (!badExtension.ok) expect(badExtension.error.message).toContain(".matriz");
  });

  it("answers with the plan when there is one and says so when there is none", async () => {
    const { dispatch } = setup();
    const none = await dispatch("plan.document", undefined);
    expect(none).toMatchObject({ ok: false, error: { code: "no_plan_open" } });
    const opened = await dispatch("plan.openExample", { example: "guatemala" });
    expect(opened).toMatchObject({ ok: true, value: { country: "Guatemala", counts: { pillars: 4, needs: 8, actions: 32 } } });
    const doc = await dispatch("plan.document", {});
    expect(doc.ok).toBe(true);
    // Every answer is what the contract says it is.
    if (doc.ok) expect(contract["plan.document"].output.safeParse(doc.value).success).toBe(true);
  });

  it("opens the Guatemala example on first start, and the last plan after that", async () => {
    const first = setup();
    const summary = first.workspace.openStartupPlan();
    expect(summary?.country).toBe("Guatemala");
    expect(first.events).toContainEqual(expect.objectContaining({ type: "plan-changed" }));
    first.workspace.dispose();
    const again = new Workspace({ ...first.workspace.options });
    expect(again.openStartupPlan()?.path).toBe(summary?.path);
    again.dispose();
  });

  it("opening a bad file keeps the open plan open and the bad file untouched", async () => {
    const { dispatch, dir, workspace } = setup();
    await dispatch("plan.openExample", { example: "honduras" });
    const junk = path.join(dir, "junk.matriz");
    fs.writeFileSync(junk, "not a plan at all, just some text that is long enough ".repeat(4));
    const before = sha256(junk);
    const result = await dispatch("plan.open", { path: junk });
    expect(result).toMatchObject({ ok: false, error: { code: "not_sqlite" } });
    expect(sha256(junk)).toBe(before);
    expect(workspace.current?.info().country).toBe("Honduras");
  });

  it("creates from a template, saves a copy, closes, and remembers recent plans", async () => {
    const { dispatch, dir, settings } = setup();
    const target = path.join(dir, "nuevo.matriz");
    const created = await dispatch("plan.create", { path: target, template: "honduras", title: "Plan MIRPS Honduras 2018" });
    expect(created).toMatchObject({ ok: true, value: { title: "Plan MIRPS Honduras 2018", template: "honduras", language: "es" } });
    const copy = await dispatch("plan.saveCopy", { path: path.join(dir, "copia.matriz") });
    expect(copy.ok).toBe(true);
    expect(fs.existsSync(path.join(dir, "copia.matriz"))).toBe(true);
    expect((await dispatch("plan.close", undefined)).ok).toBe(true);
    expect(await dispatch("plan.current", undefined)).toEqual({ ok: true, value: null });
    expect(settings.snapshot().recent[0]).toBe(target);
  });

  it("goes through the shell's dialogs, and does nothing when the user cancels", async () => {
    const cancelled = setup();
    expect(await cancelled.dispatch("dialog.open", undefined)).toEqual({ ok: true, value: null });
    expect(await cancelled.dispatch("dialog.create", { template: "mexico" })).toEqual({ ok: true, value: null });

    const dir = tempDir();
    const chosen = setup({ save: path.join(dir, "mx.matriz") });
    const made = await chosen.dispatch("dialog.create", { template: "mexico" });
    expect(made).toMatchObject({ ok: true, value: { template: "mexico" } });
    const reopen = setup({ open: path.join(dir, "mx.matriz") });
    expect(await reopen.dispatch("dialog.open", {})).toMatchObject({ ok: true, value: { template: "mexico" } });
  });

  it("keeps settings in a file and survives a damaged one", async () => {
    const { dispatch, dir } = setup();
    const updated = await dispatch("settings.update", { language: "en", userName: "María" });
    expect(updated).toMatchObject({ ok: true, value: { language: "en", resolvedLanguage: "en", userName: "María" } });
    const reread = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Tester");
    expect(reread.snapshot()).toMatchObject({ language: "en", userName: "María" });
    fs.writeFileSync(path.join(dir, "settings.json"), "{ not json");
    const fallback = new SettingsStore(path.join(dir, "settings.json"), "en-US", "Tester");
    expect(fallback.snapshot()).toMatchObject({ language: "system", resolvedLanguage: "en", userName: "Tester" });
  });

  it("lists templates and examples", async () => {
    const { dispatch } = setup();
    const templates = await dispatch("templates.list", undefined);
    expect(templates.ok && (templates.value as Array<{ id: string }>).map((t) => t.id)).toContain("crrf-blank");
    const examples = await dispatch("examples.list", undefined);
    expect(examples.ok && (examples.value as Array<{ id: string; actions: number }>).find((e) => e.id === "mexico")?.actions).toBe(39);
  });
});
