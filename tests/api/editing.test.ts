import { describe, expect, it } from "vitest";
import type { PlanDocument } from "../../src/domain/document";
import { apiWorkspace } from "../helpers/api";

async function setup() {
  const { settings, raw, call } = apiWorkspace();
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
    if (!badCurrency.ok) expect(badCurrency.error.message).toContain("línea de presupuesto › moneda: debe ser un código ISO 4217");
    expect((await call("plan.document")).revision).toBe(before.revision);
  });

  it("offers the institutions directory and the standard commitments", async () => {
    const { call } = await setup();
    const directory = await call("directory.list");
    expect(directory.institutions[0].label).toBe("DGM/IGM");
    expect(directory.commitments.map((c: any) => c.label)).toContain("Cartagena Declaration (1984)");
  });
});

describe("pasting into the plan's own columns", () => {
  /** Guatemala with four columns of its own, one of each kind, and the first need's first three actions. */
  async function withColumns() {
    const app = await setup();
    for (const [heading_es, heading_en, kind, options] of [
      ["Observaciones", "Remarks", "text", undefined],
      ["Meta numérica", "Numeric target", "number", undefined],
      ["Fecha de aprobación", "Approval date", "date", undefined],
      ["Prioridad", "Priority", "list", ["Alta", "Media", "Baja"]],
    ] as const) {
      await app.call("edit.column", { op: "add", heading_es, heading_en, kind, ...(options ? { options } : {}) });
    }
    const keys = (await app.doc()).custom_columns!.map((c) => c.key);
    const need = (await app.doc()).pillars[0]!.needs[0]!;
    const ids = need.actions.slice(0, 3).map((a) => a.id!);
    const custom = async () => (await app.doc()).pillars[0]!.needs[0]!.actions.slice(0, 3).map((a) => keys.map((k) => a.custom?.[k] ?? null));
    return { ...app, keys, need, ids, custom, columns: ["action", ...keys.map((k) => `custom:${k}`)] };
  }

  it("writes a block that spans them, each cell read as if typed there, in one undoable change set", async () => {
    const { call, doc, need, ids, custom, columns } = await withColumns();
    const rows = [
      ["Texto 1", "Con ACNUR", "1.250.000,5", "31/03/2018", "alta"],
      ["Texto 2", "", "7", "2018-12-01", "Baja"],
      ["Texto 3", "Sin cambios", "", "", ""],
    ];
    const pasted = await call("edit.paste", { actionIds: ids, columns, rows, appendToNeed: need.id, numberLocale: "es" });
    expect(pasted.updated).toBe(3);
    expect(await custom()).toEqual([
      ["Con ACNUR", "1250000.5", "2018-03-31", "Alta"],
      [null, "7", "2018-12-01", "Baja"],
      ["Sin cambios", null, null, null],
    ]);
    expect((await doc()).pillars[0]!.needs[0]!.actions[0]!.text).toBe("Texto 1");
    // One paste, one undo: the texts and every column's values go back together.
    expect(pasted.history.undo.label).toBe("paste");
    await call("edit.undo");
    expect(await custom()).toEqual([Array(4).fill(null), Array(4).fill(null), Array(4).fill(null)]);
    expect((await doc()).pillars[0]!.needs[0]!.actions[0]!.text).toBe(need.actions[0]!.text);
    await call("edit.redo");
    expect((await custom())[0]).toEqual(["Con ACNUR", "1250000.5", "2018-03-31", "Alta"]);
    // In English style, 1,250.5 is a thousand two hundred and fifty and a half.
    await call("edit.paste", { actionIds: ids.slice(0, 1), columns: columns.slice(2, 3), rows: [["1,250.5"]], appendToNeed: need.id, numberLocale: "en" });
    expect((await custom())[0]![1]).toBe("1250.5");
  });

  it("refuses a block with a value that does not fit, naming row, column and what was expected, and pastes nothing", async () => {
    const { raw, call, settings, need, ids, custom, columns, doc } = await withColumns();
    await call("edit.paste", { actionIds: ids.slice(0, 1), columns, rows: [["Antes", "Nota", "5", "2018-01-01", "Media"]], appendToNeed: need.id });
    const before = await custom();
    const revision = (await call("plan.current")).revision;
    const attempt = (row: string[], numberLocale: "es" | "en" = "es"): Promise<any> =>
      raw("edit.paste", { actionIds: ids, columns, rows: [["Texto A", "x", "1", "2018-02-02", "Alta"], row, ["Texto C", "", "", "", ""], ["Texto D", "", "", "", ""]], appendToNeed: need.id, numberLocale });
    const number = await attempt(["Texto B", "", "mucho", "", ""]);
    expect(number).toMatchObject({ ok: false, error: { code: "paste_bad_value" } });
    expect(number.error!.message).toBe("No se pegó nada: «mucho» (fila 2 de lo pegado, columna «Meta numérica») no cabe en esa columna: se esperaba un número como 1250000,5.");
    // Written as this person writes numbers.
    expect((await attempt(["Texto B", "", "1..2", "", ""], "en")).error!.message).toContain("se esperaba un número como 1250000.5.");
    const date = await attempt(["Texto B", "", "", "31/02/2018", ""]);
    expect(date.error!.message).toBe("No se pegó nada: «31/02/2018» (fila 2 de lo pegado, columna «Fecha de aprobación») no cabe en esa columna: se esperaba una fecha como 2018-03-31 o 31/03/2018.");
    await call("settings.update", { language: "en" });
    expect(settings.language).toBe("en");
    const choice = await attempt(["Texto B", "", "", "", "Urgente"], "en");
    expect(choice.error!.message).toBe("Nothing was pasted: “Urgente” (row 2 of what was pasted, column “Priority”) does not fit that column: expected one of these choices: Alta, Media, Baja.");
    // Nothing of any of them was applied: no text, no value, no new action, no change set.
    expect(await custom()).toEqual(before);
    expect((await doc()).pillars[0]!.needs[0]!.actions.map((a) => a.text)).toEqual(["Antes", ...need.actions.slice(1).map((a) => a.text)]);
    expect((await call("plan.current")).revision).toBe(revision);
  });

  it("refuses a column the plan does not have", async () => {
    const { raw, need, ids } = await withColumns();
    const result: any = await raw("edit.paste", { actionIds: ids.slice(0, 1), columns: ["custom:no_such_column"], rows: [["1"]], appendToNeed: need.id });
    expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(result.error!.message).toContain("la columna «no_such_column»");
  });
});
