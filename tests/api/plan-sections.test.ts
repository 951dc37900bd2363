/**
 * The whole plan editable through the contract: title, period and base currency;
 * stocktaking rows; gaps; overarching recommendations; consultation rounds; action
 * status and need description/theme; the plan's own columns. Every edit is undone
 * and redone through the dispatcher, and each says what it did in its grid delta.
 */
import { describe, expect, it } from "vitest";
import type { PlanDocument } from "../../src/domain/document";
import type { GridDelta } from "../../src/domain/grid";
import { apiWorkspace } from "../helpers/api";

async function setup(example: "guatemala" | "belize" | "panama" = "guatemala", locale = "es-GT") {
  const { settings, workspace, raw, call } = apiWorkspace({ locale });
  const refused = async (method: string, input: unknown): Promise<string> => {
    const result = await raw(method, input);
    if (result.ok) throw new Error(`${method} was accepted`);
    return result.error.message;
  };
  await call("plan.openExample", { example });
  const doc = async (): Promise<PlanDocument> => {
    const { revision: _r, ...rest } = await call("plan.document");
    return rest as PlanDocument;
  };
  /** Runs an edit, then undoes and redoes it, checking the plan each way; answers the edit's result. */
  const roundTrip = async (method: string, input: unknown): Promise<any> => {
    const before = await doc();
    const answer = await call(method, input);
    const after = await doc();
    expect(after).not.toEqual(before);
    expect((await call("edit.undo")).done).toBe(true);
    expect(await doc()).toEqual(before);
    expect((await call("edit.redo")).done).toBe(true);
    expect(await doc()).toEqual(after);
    return answer;
  };
  return { call, raw, refused, doc, roundTrip, settings, workspace };
}

const delta = (answer: { grid: string }): GridDelta => JSON.parse(answer.grid);

describe("plan settings", () => {
  it("edits the title, period and base currency, each undone and redone, and tells the grid without a full reload", async () => {
    const { roundTrip, doc, call } = await setup();
    const answer = await roundTrip("edit.plan", { title: "Plan nacional de respuesta — Guatemala 2018" });
    expect(answer.history.undo.label).toBe("plan title");
    const d = delta(answer);
    expect(d.full).toBe(false);
    expect(d.sections?.title).toBe("Plan nacional de respuesta — Guatemala 2018");
    expect((await call("plan.current")).title).toBe("Plan nacional de respuesta — Guatemala 2018");

    await roundTrip("edit.plan", { period: { start: 2019, end: 2022 }, base_currency: "USD" });
    expect((await doc()).period).toEqual({ start: 2019, end: 2022 });
    expect((await doc()).base_currency).toBe("USD");
  });

  it("re-reads schedules that depend on the period in the same step", async () => {
    const { call, doc } = await setup();
    const action = (await doc()).pillars[0]!.needs[0]!.actions[0]!;
    await call("edit.cell", { kind: "action", id: action.id, field: "schedule", value: "Para 2020" });
    expect((await doc()).pillars[0]!.needs[0]!.actions[0]!.schedule_years).toEqual([2018, 2019, 2020]);
    const answer = await call("edit.plan", { period: { start: 2019, end: 2021 } });
    expect((await doc()).pillars[0]!.needs[0]!.actions[0]!.schedule_years).toEqual([2019, 2020]);
    expect(delta(answer).actions.map((a) => a.id)).toEqual([action.id]);
    await call("edit.undo");
    expect((await doc()).pillars[0]!.needs[0]!.actions[0]!.schedule_years).toEqual([2018, 2019, 2020]);
  });

  it("refuses an empty title, a period that ends before it starts and an unknown currency, changing nothing", async () => {
    const { refused, doc } = await setup();
    const before = await doc();
    expect(await refused("edit.plan", { title: "  " })).toContain("título: no puede estar vacío");
    expect(await refused("edit.plan", { period: { start: 2020, end: 2018 } })).toContain("2018");
    expect(await refused("edit.plan", { base_currency: "XYZ" })).toContain("XYZ");
    expect(await refused("edit.plan", {})).toBeTruthy();
    expect(await doc()).toEqual(before);
  });

  it("gives an example opened in Spanish a Spanish title, and in English an English one", async () => {
    const es = await setup("guatemala", "es-GT");
    expect((await es.doc()).title).toBe("Plan de acción nacional MIRPS — Guatemala");
    const en = await setup("panama", "en-US");
    expect((await en.doc()).title).toBe("MIRPS national plan of action — Panama");
    const mx = await setup("belize", "es-GT");
    expect((await mx.doc()).title).toBe("Plan de acción nacional MIRPS — Belice");
  });
});

describe("stocktaking", () => {
  it("adds a row at the end of its pillar, edits it, moves it and deletes it, each undone and redone", async () => {
    const { roundTrip, doc } = await setup();
    const inserted = await roundTrip("edit.stocktaking", {
      op: "insert",
      row: { pillar: 1, activity: "Mesa técnica de protección", supervisors: "MINEX, SBS", commitments: ["Cartagena 84", "SJAS"] },
    });
    let rows = (await doc()).stocktaking;
    const pillarOne = rows.filter((r) => r.pillar === 1);
    expect(pillarOne[pillarOne.length - 1]).toMatchObject({ id: inserted.id, activity: "Mesa técnica de protección", commitments: ["Cartagena 84", "SJAS"] });
    // The document keeps the pillars' groups together.
    expect(rows.map((r) => r.pillar)).toEqual([...rows.map((r) => r.pillar)].sort((a, b) => a - b));
    expect(delta(inserted).sections?.stocktaking?.some((r) => r.id === inserted.id)).toBe(true);

    await roundTrip("edit.stocktaking", { op: "update", id: inserted.id, row: { activity: "Mesa técnica de protección y asilo", supervisors: null } });
    expect((await doc()).stocktaking.find((r) => r.id === inserted.id)).toMatchObject({ activity: "Mesa técnica de protección y asilo", supervisors: null });

    const moved = await roundTrip("edit.stocktaking", { op: "move", id: inserted.id, direction: "up" });
    expect(moved.moved).toBe(true);
    rows = (await doc()).stocktaking.filter((r) => r.pillar === 1);
    expect(rows[rows.length - 2]!.id).toBe(inserted.id);

    // Another pillar: the row goes to the end of that pillar's group.
    await roundTrip("edit.stocktaking", { op: "update", id: inserted.id, row: { pillar: 4 } });
    rows = (await doc()).stocktaking;
    expect(rows[rows.length - 1]).toMatchObject({ id: inserted.id, pillar: 4 });

    await roundTrip("edit.stocktaking", { op: "remove", id: inserted.id });
    expect((await doc()).stocktaking.some((r) => r.id === inserted.id)).toBe(false);
  });

  it("says when a row cannot move further, and refuses a pillar the plan does not have", async () => {
    const { call, refused, doc } = await setup();
    const first = (await doc()).stocktaking[0]!;
    expect((await call("edit.stocktaking", { op: "move", id: first.id, direction: "up" })).moved).toBe(false);
    expect(await refused("edit.stocktaking", { op: "insert", row: { pillar: 9, activity: "x", supervisors: null, commitments: [] } })).toContain("9");
    expect(await refused("edit.stocktaking", { op: "update", id: first.id, row: { activity: " " } })).toBeTruthy();
  });
});

describe("gaps", () => {
  it("adds, edits, moves between pillars and deletes a gap, each undone and redone", async () => {
    const { roundTrip, doc } = await setup();
    const added = await roundTrip("edit.gap", { op: "insert", row: { pillar: 2, text: "Falta de albergues en la frontera" } });
    expect((await doc()).gap_records!.find((g) => g.id === added.id)).toMatchObject({ pillar: 2, text: "Falta de albergues en la frontera" });
    expect((await doc()).gaps).toContain("Falta de albergues en la frontera");
    await roundTrip("edit.gap", { op: "update", id: added.id, row: { text: "Falta de albergues", pillar: null } });
    expect((await doc()).gap_records!.find((g) => g.id === added.id)).toMatchObject({ pillar: null, text: "Falta de albergues" });
    const second = await roundTrip("edit.gap", { op: "insert", row: { pillar: null, text: "Datos desagregados" } });
    await roundTrip("edit.gap", { op: "move", id: second.id, direction: "up" });
    const general = (await doc()).gap_records!.filter((g) => g.pillar === null).map((g) => g.id);
    expect(general.indexOf(second.id)).toBeLessThan(general.indexOf(added.id));
    await roundTrip("edit.gap", { op: "remove", id: added.id });
  });
});

describe("overarching recommendations", () => {
  it("shows Belize's six, and adds, edits, moves and deletes them, each undone and redone", async () => {
    const { roundTrip, doc } = await setup("belize");
    const list = (await doc()).overarching_recommendations!;
    expect(list).toHaveLength(6);
    expect(list[0]).toMatchObject({ institutions: [], lead: null, schedule: null, commitments: [] });
    expect(list[0]!.id).toBeTruthy();
    const added = await roundTrip("edit.recommendation", { op: "insert", text: "Belize will publish an annual progress report" });
    expect((await doc()).overarching_recommendations![6]).toMatchObject({ id: added.id, text: "Belize will publish an annual progress report", institutions: [] });
    await roundTrip("edit.recommendation", { op: "update", id: list[1]!.id, text: "A next round of consultations in the first quarter of 2018" });
    await roundTrip("edit.recommendation", { op: "move", id: added.id, direction: "up" });
    expect((await doc()).overarching_recommendations![5]!.id).toBe(added.id);
    await roundTrip("edit.recommendation", { op: "remove", id: list[0]!.id });
    expect((await doc()).overarching_recommendations).toHaveLength(6);
  });

  it("can be started in a plan that had none", async () => {
    const { roundTrip, doc } = await setup();
    expect((await doc()).overarching_recommendations).toBeUndefined();
    await roundTrip("edit.recommendation", { op: "insert", text: "Seguimiento semestral del plan" });
    expect((await doc()).overarching_recommendations!.map((r) => r.text)).toEqual(["Seguimiento semestral del plan"]);
  });
});

describe("consultation rounds", () => {
  it("records date, place, attendance by institution or sector and by sex, objectives and outcome; each change undone and redone", async () => {
    const { call, roundTrip, doc } = await setup();
    const created = await call("rounds.create", { date: "2017-10-18", place: "Ciudad de Guatemala", objectives: "Validar la parte financiera" });
    expect(created.current).toBe(created.id);
    // Opening a round is not an undo step of its own.
    expect(created.history.undo).toBeNull();
    const fields = {
      place: "Antigua Guatemala",
      attendance: [
        { name: "SBS", kind: "institution", total: 4, women: 3, men: 1 },
        { name: "Sociedad civil", kind: "sector", total: 12, women: null, men: null },
      ],
      participants: "CONARE, SBS, PGN y sociedad civil",
      progress: "Se validaron las acciones del pilar 1",
    };
    const answer = await roundTrip("edit.round", { op: "update", id: created.id, fields });
    expect(answer.rounds[0]).toMatchObject({ number: 1, date: "2017-10-18", objectives: "Validar la parte financiera", ...fields });
    expect(delta(answer).directory?.consultation_rounds?.[0]?.place).toBe("Antigua Guatemala");
    expect((await doc()).consultation_rounds![0]!.attendance).toEqual(fields.attendance);
  });

  it("refuses more women and men than the total, a name listed twice, and removing a round that has changes recorded in it", async () => {
    const { call, refused, doc } = await setup();
    const created = await call("rounds.create", { date: null });
    expect(await refused("edit.round", { op: "update", id: created.id, fields: { attendance: [{ name: "SBS", kind: "institution", total: 2, women: 2, men: 1 }] } })).toContain("total");
    expect(
      await refused("edit.round", {
        op: "update",
        id: created.id,
        fields: { attendance: [{ name: "SBS", kind: "institution", total: 2 }, { name: "sbs", kind: "institution", total: 1 }] },
      }),
    ).toBe("No se guardó: una institución o un sector aparece dos veces en la asistencia.");
    const action = (await doc()).pillars[0]!.needs[0]!.actions[0]!;
    await call("edit.cell", { kind: "action", id: action.id, field: "text", value: "Texto revisado en la consulta" });
    // Said in the user's language, with its plural: never "change(s)".
    expect(await refused("edit.round", { op: "remove", id: created.id })).toBe("No se guardó: la consulta 1 ya tiene 1 cambio registrado y queda en el historial del plan.");
  });

  it("removes a round opened by mistake, and undo brings it back", async () => {
    const { call, doc } = await setup();
    const created = await call("rounds.create", { date: "2018-01-15", makeCurrent: true });
    const removed = await call("edit.round", { op: "remove", id: created.id });
    expect(removed.rounds).toEqual([]);
    expect(removed.current).toBeNull();
    await call("edit.undo");
    expect((await doc()).consultation_rounds!.map((r) => r.date)).toEqual(["2018-01-15"]);
  });
});

describe("action status and need description and theme", () => {
  it("are edited through edit.cell, each undone and redone", async () => {
    const { roundTrip, doc } = await setup();
    const need = (await doc()).pillars[0]!.needs[0]!;
    await roundTrip("edit.cell", { kind: "action", id: need.actions[0]!.id, field: "status", value: "in_progress" });
    expect((await doc()).pillars[0]!.needs[0]!.actions[0]!.status).toBe("in_progress");
    await roundTrip("edit.cell", { kind: "need", id: need.id, field: "description", value: "Personas en tránsito por el territorio" });
    await roundTrip("edit.cell", { kind: "need", id: need.id, field: "theme", value: "Protección" });
    expect((await doc()).pillars[0]!.needs[0]).toMatchObject({ description: "Personas en tránsito por el territorio", theme: "Protección" });
  });
});

describe("the plan's own columns", () => {
  it("adds a list column, takes only its choices, renames, reorders and removes it with its values; each undone and redone", async () => {
    const { roundTrip, call, refused, doc } = await setup();
    const added = await roundTrip("edit.column", {
      op: "add",
      heading_es: "Prioridad",
      heading_en: "Priority",
      kind: "list",
      options: ["Alta", "Media", "Baja"],
      open: true,
    });
    expect(added.key).toBe("priority");
    expect((await doc()).custom_columns).toEqual([
      { id: expect.any(String), key: "priority", heading_es: "Prioridad", heading_en: "Priority", kind: "list", options: ["Alta", "Media", "Baja"], open: true },
    ]);
    expect(delta(added).sections?.custom_columns?.map((c) => c.key)).toEqual(["priority"]);

    const action = (await doc()).pillars[0]!.needs[0]!.actions[0]!;
    await roundTrip("edit.custom", { actionId: action.id, column: "priority", value: "Alta" });
    expect(await refused("edit.custom", { actionId: action.id, column: "priority", value: "Urgente" })).toContain("Urgente");
    // A choice still in use cannot be taken away.
    expect(await refused("edit.column", { op: "update", key: "priority", options: ["Media", "Baja"] })).toContain("Alta");

    await roundTrip("edit.column", { op: "add", heading_es: "Fecha de aprobación", heading_en: "Approval date", kind: "date" });
    expect(await refused("edit.custom", { actionId: action.id, column: "approval_date", value: "31/03/2018" })).toBe("No se guardó: se esperaba una fecha escrita AAAA-MM-DD, no «31/03/2018».");
    await roundTrip("edit.custom", { actionId: action.id, column: "approval_date", value: "2018-03-31" });
    await roundTrip("edit.column", { op: "update", key: "priority", heading_es: "Prioridad acordada", heading_en: "Agreed priority" });
    const moved = await roundTrip("edit.column", { op: "move", key: "approval_date", direction: "left" });
    expect(moved.moved).toBe(true);
    expect((await doc()).custom_columns!.map((c) => c.key)).toEqual(["approval_date", "priority"]);

    const removed = await roundTrip("edit.column", { op: "remove", key: "priority" });
    expect(removed.values).toBe(1);
    expect((await doc()).pillars[0]!.needs[0]!.actions[0]!.custom).toEqual({ approval_date: "2018-03-31" });
    await call("edit.undo");
    expect((await doc()).pillars[0]!.needs[0]!.actions[0]!.custom).toEqual({ approval_date: "2018-03-31", priority: "Alta" });
  });

  it("refuses a list without choices, a heading the plan already has, and a number column given words", async () => {
    const { call, refused, doc } = await setup();
    expect(await refused("edit.column", { op: "add", heading_es: "Tipo", heading_en: "Type", kind: "list", options: [] })).toBe("No se guardó: una columna de lista necesita al menos una opción.");
    expect(await refused("edit.column", { op: "add", heading_es: "Instituciones responsables", heading_en: "Responsible", kind: "text" })).toContain("Instituciones");
    await call("edit.column", { op: "add", heading_es: "Personas alcanzadas", heading_en: "People reached", kind: "number" });
    const action = (await doc()).pillars[0]!.needs[0]!.actions[0]!;
    expect(await refused("edit.custom", { actionId: action.id, column: "people_reached", value: "mil" })).toBe("No se guardó: se esperaba un número como 1250000,5, no «mil».");
    await call("edit.custom", { actionId: action.id, column: "people_reached", value: "1250.5" });
    expect((await doc()).pillars[0]!.needs[0]!.actions[0]!.custom).toEqual({ people_reached: "1250.5" });
  });

  it("puts a plan column's values in the row's history, filled, changed and emptied, with the column's headings, also once it is removed", async () => {
    const { call, doc } = await setup();
    await call("edit.column", { op: "add", heading_es: "Prioridad", heading_en: "Priority", kind: "list", options: ["Alta", "Media", "Baja"] });
    const action = (await doc()).pillars[0]!.needs[0]!.actions[0]!;
    await call("edit.custom", { actionId: action.id, column: "priority", value: "Alta" });
    await call("edit.custom", { actionId: action.id, column: "priority", value: "Media" });
    await call("edit.custom", { actionId: action.id, column: "priority", value: "" });
    await call("edit.custom", { actionId: action.id, column: "priority", value: "Baja" });
    await call("edit.column", { op: "remove", key: "priority" });
    const history = (await call("history.row", { entity: "action", id: action.id })).filter((h: any) => h.entity === "custom_value");
    const said = history.map((h: any) => [h.op, h.op === "update" ? h.newValue : (h.newValue ?? h.oldValue).value, h.column]);
    const priority = { es: "Prioridad", en: "Priority" };
    expect(said).toEqual([
      ["delete", "Baja", priority],
      ["insert", "Baja", priority],
      ["delete", "Media", priority],
      ["update", "Media", priority],
      ["insert", "Alta", priority],
    ]);
  });
});
