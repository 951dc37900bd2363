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
    const wrongType = await dispatch("plan.open", { handle: 42 });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) {
      expect(wrongType.error.code).toBe("invalid_input");
      // What was being done and which field, in words: not "plan.open", not "handle".
      expect(wrongType.error.message).toMatch(/^No se pudo abrir el plan: archivo: /);
      expect(wrongType.error.message).not.toMatch(/plan\.open|handle/);
    }
    settings.update({ language: "en" });
    const extra = await dispatch("dialog.create", { template: "guatemala", evil: true });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error.message).toMatch(/^Could not create the plan: .*evil/);
    const badTemplate = await dispatch("dialog.create", { template: "atlantis" });
    expect(badTemplate.ok).toBe(false);
    // A path where a file handle belongs is refused by its shape.
    const aPath = await dispatch("plan.open", { handle: "/tmp/a.matriz" });
    expect(aPath.ok).toBe(false);
    if (!aPath.ok) expect(aPath.error.message).toContain("file handle");
  });

  it("says what is wrong with an input in the user's language, field by field", async () => {
    const { dispatch, settings } = setup();
    const message = async (method: string, input: unknown) => {
      const result = await dispatch(method, input);
      if (result.ok) throw new Error(`${method} accepted ${JSON.stringify(input)}`);
      expect(result.error.code).toBe("invalid_input");
      return result.error.message;
    };
    const rates = { sources: ["A".repeat(24)], currency: "usd", rates: { GTQ: { rate: 0.13, date: "2 de enero" } }, extra: 1 };
    expect(await message("regional.consolidate", rates)).toBe(
      "No se pudo consolidar los planes nacionales: moneda: debe ser un código ISO 4217 de tres letras, como USD o GTQ; " +
        "tasas de cambio › GTQ › fecha: debe ser una fecha escrita AAAA-MM-DD; (los datos): campos que esta orden no acepta: extra.",
    );
    expect(await message("plan.open", { handle: "/tmp/a.matriz" })).toBe("No se pudo abrir el plan: archivo: debe ser un identificador de archivo dado por Matriz, no una ruta.");
    expect(await message("task.cancel", {})).toBe("No se pudo cancelar la tarea: tarea: falta: se esperaba un texto.");
    expect(await message("finance.resolve", { take: "plan" })).toContain("(los datos): indique los conflictos o «todos», no ambos");
    settings.update({ language: "en" });
    expect(await message("regional.consolidate", rates)).toBe(
      "Could not consolidate the national plans: currency: must be a three-letter ISO 4217 code such as USD or GTQ; " +
        "exchange rates › GTQ › date: must be a date written YYYY-MM-DD; (the input): fields this call does not take: extra.",
    );
    const paste = await message("edit.paste", { anchor: { actionId: "a", column: "text" }, rows: Array.from({ length: 30_000 }, () => Array(40).fill("x")) });
    expect(paste).toContain("a paste holds at most");
    expect(paste).not.toMatch(/pasteTooLarge/);
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
    const { dispatch, dir, workspace, settings } = setup();
    await dispatch("plan.openExample", { example: "honduras" });
    const junk = path.join(dir, "junk.matriz");
    fs.writeFileSync(junk, "not a plan at all, just some text that is long enough ".repeat(4));
    // It is in the recent list (say it was replaced on disk since), so the page has a handle for it.
    settings.addRecent(junk);
    const handle = workspace.settingsView().recent.find((r) => r.path === junk)!.handle;
    const before = sha256(junk);
    const result = await dispatch("plan.open", { handle });
    expect(result).toMatchObject({ ok: false, error: { code: "not_sqlite" } });
    expect(sha256(junk)).toBe(before);
    expect(workspace.current?.info().country).toBe("Honduras");
  });

  it("creates from a template, saves a copy, closes, and remembers recent plans, reopened by handle", async () => {
    const answers: { save?: string | null } = {};
    const { dispatch, dir } = setup(answers);
    const target = path.join(dir, "nuevo.matriz");
    answers.save = target;
    const created = await dispatch("dialog.create", { template: "honduras" });
    expect(created).toMatchObject({ ok: true, value: { template: "honduras", language: "es", path: target } });
    answers.save = path.join(dir, "copia.matriz");
    const copy = await dispatch("dialog.saveCopy", undefined);
    expect(copy).toEqual({ ok: true, value: { path: path.join(dir, "copia.matriz") } });
    expect(fs.existsSync(path.join(dir, "copia.matriz"))).toBe(true);
    expect((await dispatch("plan.close", undefined)).ok).toBe(true);
    expect(await dispatch("plan.current", undefined)).toEqual({ ok: true, value: null });
    const settings = await dispatch("settings.get", undefined);
    const recent = settings.ok ? (settings.value as { recent: Array<{ handle: string; name: string; path: string }> }).recent : [];
    expect(recent[0]).toMatchObject({ name: "nuevo.matriz", path: target });
    expect(await dispatch("plan.open", { handle: recent[0]!.handle })).toMatchObject({ ok: true, value: { path: target } });
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
