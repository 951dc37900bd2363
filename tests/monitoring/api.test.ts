/** The monitoring contract methods through the dispatcher, as the app calls them. */
import { describe, expect, it } from "vitest";
import { apiWorkspace } from "../helpers/api";
import { tempDir } from "../helpers/temp";
import { monitoringPlan } from "./fixture";

async function setup() {
  const dir = tempDir();
  const { store, file } = monitoringPlan(dir);
  store.close();
  const { workspace, raw, call } = apiWorkspace({ dir });
  workspace.openPlan(file);
  return { call, raw, workspace };
}

describe("monitoring through the API", () => {
  it("reads a row's status, notes and indicators with the plan's periods", async () => {
    const { call } = await setup();
    const row = await call("monitoring.row", { kind: "action", id: "act-train" });
    expect(row).toMatchObject({ kind: "action", reporting: "year", periods: ["2018", "2019", "2020"], status: "in_progress", statusDate: "2018-09-30" });
    expect(row.notes).toHaveLength(1);
    expect(row.indicators[0]).toMatchObject({ id: "ind-delegates", by_sex: true, age_groups: ["18-29", "30+"] });
    const need = await call("monitoring.row", { kind: "need", id: "need-identify" });
    expect(need).toMatchObject({ status: null, notes: [], indicators: [{ id: "ind-need-referrals" }] });
    // Half-years once the plan says so.
    await call("monitoring.setReporting", { reporting: "half" });
    expect((await call("monitoring.row", { kind: "action", id: "act-train" })).periods).toEqual(["2018-H1", "2018-H2", "2019-H1", "2019-H2", "2020-H1", "2020-H2"]);
  });

  it("edits status with its date, notes, indicators and values, each one undo step with the user's name", async () => {
    const { call } = await setup();
    const status = await call("edit.cell", { kind: "action", id: "act-offices", field: "status", value: "in_progress", date: "2019-04-01" });
    expect(status.history.undo.label).toBe("action status");
    // The grid's answer carries the new status and its date.
    expect(JSON.parse(status.grid).actions[0]).toMatchObject({ id: "act-offices", status: "in_progress", status_date: "2019-04-01" });
    const note = await call("monitoring.saveNote", { actionId: "act-offices", note: { period: "2019", note: "Abierta en Tecún Umán", date: "2019-04-02" } });
    const indicator = await call("monitoring.saveIndicator", {
      owner: { kind: "action", id: "act-offices" },
      indicator: { title_es: "Oficinas abiertas", title_en: "Offices open", unit: "oficinas", baseline: null, by_sex: false, age_groups: [] },
    });
    await call("monitoring.setValue", { indicatorId: indicator.id, kind: "target", period: "2019", value: 3 });
    const value = await call("monitoring.setValue", { indicatorId: indicator.id, kind: "actual", period: "2019", value: 1, note: "Una de tres", source: "Acta" });
    expect(value.history.undo.label).toBe("indicator value");
    const row = await call("monitoring.row", { kind: "action", id: "act-offices" });
    expect(row.notes[0]).toMatchObject({ id: note.id, author: "Tester", status: "in_progress", recorded_at: "2019-04-02" });
    expect(row.indicators[0]).toMatchObject({ targets: [{ year: 2019, value: 3 }], actuals: [{ period: "2019", value: 1, note: "Una de tres", source: "Acta" }] });
    const progress = await call("reports.progress", { period: "2019" });
    expect(progress.indicators.find((i: any) => i.id === indicator.id)).toMatchObject({ target: 3, actual: 1, percent: 33.3 });

    for (let i = 0; i < 5; i++) expect((await call("edit.undo")).done).toBe(true);
    const back = await call("monitoring.row", { kind: "action", id: "act-offices" });
    expect(back).toMatchObject({ status: "delayed", statusDate: "2019-02-01", notes: [], indicators: [] });
    for (let i = 0; i < 5; i++) expect((await call("edit.redo")).done).toBe(true);
    expect((await call("monitoring.row", { kind: "action", id: "act-offices" })).indicators[0].actuals[0].value).toBe(1);
  });

  it("refuses bad input with a message that says what was expected, and changes nothing", async () => {
    const { raw, call } = await setup();
    const before = (await call("plan.current")).revision;
    const bad = async (method: string, input: unknown) => {
      const answer = await raw(method, input);
      expect(answer.ok).toBe(false);
      return (answer as { error: { message: string } }).error.message;
    };
    expect(await bad("monitoring.saveNote", { actionId: "act-offices", note: { period: "2019-Q1", note: "x" } })).toMatch(/2018-H1/);
    expect(await bad("monitoring.setValue", { indicatorId: "ind-protocol", kind: "actual", period: "2018", sex: "female", value: 2 })).toBe("No se guardó: este indicador no se desglosa por sexo.");
    expect(await bad("monitoring.setValue", { indicatorId: "ind-protocol", kind: "actual", period: "2018", value: "dos" })).toBe("No se pudo guardar el valor del indicador: valor: no es válido: se esperaba un número.");
    expect(await bad("edit.cell", { kind: "action", id: "act-offices", field: "status", value: "finished" })).toBe("No se pudo guardar la celda: valor: debe ser uno de: «No iniciada», «En curso», «Cumplida», «Retrasada» o «Cancelada».");
    // In the UI's language (Spanish here): the date's form as a Spanish reader writes it.
    expect(await bad("edit.cell", { kind: "action", id: "act-offices", field: "status", value: "done", date: "1/4/2019" })).toMatch(/fecha: debe ser una fecha escrita AAAA-MM-DD/);
    expect(await bad("monitoring.saveIndicator", { owner: { kind: "need", id: "need-school" }, indicator: { title_es: "", title_en: null, unit: "x", baseline: null, by_sex: false, age_groups: [] } })).toBe("No se guardó: un indicador necesita un título en español o en inglés.");
    expect(await bad("monitoring.row", { kind: "action", id: "no-such-action" })).toBe("No se encontró la acción «no-such-action»; quizá se borró.");
    expect((await call("plan.current")).revision).toBe(before);
  });
});
