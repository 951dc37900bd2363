import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import type { PlanDocument } from "../../src/domain/document";
import { RESOURCES_DIR, tempDir } from "../helpers/temp";

async function setup() {
  const dir = tempDir();
  const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Tester");
  const workspace = new Workspace({ resourcesDir: RESOURCES_DIR, examplesDir: dir, settings, version: "test" });
  const raw = createDispatcher(workspace.handlers, () => settings.language);
  const call = async (method: string, input?: unknown): Promise<any> => {
    const result = await raw(method, input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  await call("plan.openExample", { example: "guatemala" });
  const doc = (): Promise<PlanDocument> => call("plan.document");
  return { call, raw, doc, settings };
}

describe("editing through the API", () => {
  it("records the user's name and the current consultation round with each edit, and shows a row's history", async () => {
    const { call, doc } = await setup();
    await call("settings.update", { userName: "Facilitadora MINEX" });
    const rounds = await call("rounds.create", { date: "2017-10-18", participants: "CONARE, SBS, PGN", objectives: "Validar la parte financiera" });
    expect(rounds.rounds).toHaveLength(1);
    expect(rounds.current).toBe(rounds.rounds[0].id);
    const action = (await doc()).pillars[0]!.needs[0]!.actions[0]!;
    const edit = await call("edit.cell", { kind: "action", id: action.id, field: "schedule", value: "Durante 2018" });
    expect(edit.years).toEqual([2018]);
    expect(edit.history.undo.label).toBe("action schedule");
    await call("edit.institutions", { actionId: action.id, institutions: [{ label: "DGM/IGM", lead: true }, { label: "IGM" }] });
    const history = await call("history.row", { entity: "action", id: action.id });
    expect(history[0]).toMatchObject({ author: "Facilitadora MINEX", round: 1, source: "typed", entity: "action_institution" });
    expect(history.find((h: any) => h.field === "schedule")).toMatchObject({ oldValue: null, newValue: "Durante 2018", round: 1 });
  });

  it("undoes and redoes through the API and says when there is nothing to undo", async () => {
    const { call, doc } = await setup();
    expect((await call("history.state")).undo).toBeNull();
    expect((await call("edit.undo")).done).toBe(false);
    const pillar = (await doc()).pillars[2]!;
    const inserted = await call("edit.insertNeed", { pillarId: pillar.id, placement: { end: true }, title: "Apoyar a comunidades de acogida" });
    expect((await doc()).pillars[2]!.needs.map((n) => n.id)).toEqual([inserted.id]);
    expect((await call("edit.undo")).done).toBe(true);
    expect((await doc()).pillars[2]!.needs).toEqual([]);
    expect((await call("edit.redo")).done).toBe(true);
    expect((await doc()).pillars[2]!.needs[0]!.title).toBe("Apoyar a comunidades de acogida");
  });

  it("refuses an empty action text and a malformed budget line, changing nothing", async () => {
    const { raw, call, doc } = await setup();
    const before = await doc();
    const action = before.pillars[0]!.needs[0]!.actions[0]!;
    const empty = await raw("edit.cell", { kind: "action", id: action.id, field: "text", value: "   " });
    expect(empty.ok).toBe(false);
    const badCurrency = await raw("edit.budgetLine", { actionId: action.id, line: { institution: "DGM/IGM", year: 2018, amount: 5, currency: "quetzales" } });
    expect(badCurrency.ok).toBe(false);
    if (!badCurrency.ok) expect(badCurrency.error.message).toContain("currency");
    expect((await call("plan.document")).revision).toBe(before.revision);
  });

  it("offers the institutions directory and the standard commitments", async () => {
    const { call } = await setup();
    const directory = await call("directory.list");
    expect(directory.institutions[0].label).toBe("DGM/IGM");
    expect(directory.commitments.map((c: any) => c.label)).toContain("Cartagena Declaration (1984)");
  });
});
