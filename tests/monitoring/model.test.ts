/**
 * The monitoring model through the core: statuses with their date, progress notes,
 * indicators with targets and values reached, each an undoable edit in the change
 * log; the fixture JSON shape through new --from-json and show --json.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";
import { planDocumentSchema, type PlanDocument } from "../../src/domain/document";
import { PlanEditor } from "../../src/storage/edits";
import { historyState, redo, rowHistory, undo } from "../../src/storage/history";
import { MonitoringEditor } from "../../src/storage/monitoring-edits";
import type { PlanStore } from "../../src/storage/plan-store";
import { fixturePath, subsetDifferences, tempDir } from "../helpers/temp";
import { monitoringJson, monitoringPlan, typed } from "./fixture";

async function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: "en_US.UTF-8" }, cwd });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const withoutRevision = ({ revision: _r, ...rest }: PlanDocument) => rest;
const action = (doc: PlanDocument, id: string) => doc.pillars.flatMap((p) => p.needs.flatMap((n) => n.actions)).find((a) => a.id === id)!;

describe("the fixture JSON shape", () => {
  it("carries status and indicators through new --from-json and show --json, losslessly", async () => {
    const dir = tempDir();
    const source = JSON.parse(fs.readFileSync(monitoringJson(dir), "utf8"));
    expect(await cli(["new", "a.matriz", "--from-json", "monitoring.json"], dir)).toMatchObject({ code: 0, err: "" });
    const shown = await cli(["show", "a.matriz", "--json"], dir);
    const doc = JSON.parse(shown.out);
    expect(subsetDifferences(doc, source)).toEqual([]);
    expect(planDocumentSchema.safeParse(doc).success).toBe(true);
    const train = doc.pillars[0].needs[0].actions[0];
    expect(train.status).toBe("in_progress");
    expect(train.indicators[0]).toMatchObject({
      title: "Delegados capacitados",
      unit: "personas",
      baseline: { year: 2017, value: 0 },
      targets: [{ year: 2018, value: 120 }, { year: 2019, value: 60 }],
      actuals: [{ period: "2018", value: 60, note: "Talleres de junio y septiembre" }],
    });

    fs.writeFileSync(path.join(dir, "b.json"), shown.out);
    expect((await cli(["new", "b.matriz", "--from-json", "b.json"], dir)).code).toBe(0);
    const again = JSON.parse((await cli(["show", "b.matriz", "--json"], dir)).out);
    const { revision: _1, ...a } = doc;
    const { revision: _2, ...b } = again;
    expect(b).toEqual(a);
  });

  it("reads the issue's short form, 'not_started' and old files' 'planned' alike", async () => {
    const dir = tempDir();
    const doc = JSON.parse(fs.readFileSync(fixturePath("guatemala"), "utf8"));
    const [first, second] = doc.pillars[0].needs[0].actions;
    first.status = "in_progress";
    first.indicators = [{ title: "Delegados capacitados", unit: "personas", baseline: { year: 2017, value: 0 }, targets: [{ year: 2018, value: 120 }], actuals: [{ period: "2018", value: 60, note: "Dos talleres" }] }];
    second.status = "not_started";
    doc.pillars[0].needs[0].actions[2].status = "planned";
    fs.writeFileSync(path.join(dir, "gt.json"), JSON.stringify(doc));
    expect(await cli(["new", "gt.matriz", "--from-json", "gt.json"], dir)).toMatchObject({ code: 0, err: "" });
    const shown = JSON.parse((await cli(["show", "gt.matriz", "--json"], dir)).out);
    const actions = shown.pillars[0].needs[0].actions;
    expect(actions.map((a: { status: string }) => a.status).slice(0, 3)).toEqual(["in_progress", "planned", "planned"]);
    // In an English plan the one title is the English one.
    expect(actions[0].indicators[0]).toMatchObject({ title: "Delegados capacitados", title_en: "Delegados capacitados", targets: [{ year: 2018, value: 120 }] });
  });

  it("refuses a breakdown the indicator does not keep, and a period that is not one, naming the place", async () => {
    const dir = tempDir();
    const doc = JSON.parse(fs.readFileSync(monitoringJson(dir), "utf8"));
    doc.pillars[1].needs[0].actions[0].indicators[0].actuals = [{ period: "2018", value: 3, breakdown: [{ sex: "female", value: 2 }] }];
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify(doc));
    const refused = await cli(["new", "bad.matriz", "--from-json", "bad.json"], dir);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain("pillars[1].needs[0].actions[0].indicators[0].actuals[0].breakdown[0]: this indicator is not broken down by sex");
    expect(fs.existsSync(path.join(dir, "bad.matriz"))).toBe(false);

    doc.pillars[1].needs[0].actions[0].indicators[0].actuals = [{ period: "2018-S1", value: 3 }];
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify(doc));
    expect((await cli(["new", "bad.matriz", "--from-json", "bad.json"], dir)).err).toContain("actuals[0].period");
  });
});

/** Runs an edit, then checks that undo brings the document back and redo brings the edit back. */
function undoable(store: PlanStore, edit: () => void) {
  const before = withoutRevision(store.document());
  edit();
  const after = withoutRevision(store.document());
  expect(after).not.toEqual(before);
  expect(undo(store.db, { author: "Ana" })).not.toBeNull();
  expect(withoutRevision(store.document())).toEqual(before);
  expect(redo(store.db, { author: "Ana" })).not.toBeNull();
  expect(withoutRevision(store.document())).toEqual(after);
}

describe("monitoring edits", () => {
  it("sets a status with the date it changed; the same status again records nothing", () => {
    const { store } = monitoringPlan();
    const editor = new PlanEditor(store, typed);
    undoable(store, () => editor.setActionStatus("act-school", "in_progress", "2019-03-04"));
    expect(action(store.document(), "act-school")).toMatchObject({ status: "in_progress", status_date: "2019-03-04" });
    const revision = store.revision();
    editor.setActionStatus("act-school", "in_progress");
    expect(store.revision()).toBe(revision);
    // Without a date, the change is dated today.
    editor.setActionStatus("act-school", "done");
    expect(action(store.document(), "act-school").status_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    store.close();
  });

  it("adds, changes and removes progress notes, each one undo step", () => {
    const { store } = monitoringPlan();
    const editor = new MonitoringEditor(store, typed);
    let id = "";
    undoable(store, () => (id = editor.saveNote("act-offices", { period: "2019", note: "Local alquilado en Tecún Umán.", date: "2019-05-02" })));
    expect(action(store.document(), "act-offices").progress).toEqual([
      { id, period: "2019", status: "delayed", note: "Local alquilado en Tecún Umán.", author: "Ana", recorded_at: "2019-05-02" },
    ]);
    undoable(store, () => editor.saveNote("act-offices", { id, period: "2019", note: "Local alquilado; falta personal." }));
    undoable(store, () => editor.removeNote(id));
    expect(() => editor.saveNote("act-offices", { period: "2019", note: "  " })).toThrow(expect.objectContaining({ code: "edit_rule", params: { rule: "note_empty" } }));
    expect(() => editor.saveNote("act-offices", { period: "19", note: "x" })).toThrow(expect.objectContaining({ code: "bad_period", params: { value: "19" } }));
    store.close();
  });

  it("adds, changes and removes indicators on actions and needs with their values, each one undo step", () => {
    const { store } = monitoringPlan();
    const editor = new MonitoringEditor(store, typed);
    let id = "";
    undoable(store, () => {
      id = editor.saveIndicator(
        { action_id: "act-offices" },
        { title_es: "Oficinas abiertas", title_en: "Offices open", unit: "oficinas", baseline: { year: 2017, value: 0 }, by_sex: false, age_groups: [] },
      ).id;
    });
    undoable(store, () => editor.setValue({ indicatorId: id, kind: "target", period: "2019", value: 3 }));
    undoable(store, () => editor.setValue({ indicatorId: id, kind: "actual", period: "2019", value: 1, note: "Tecún Umán", source: "Acta de apertura" }));
    expect(action(store.document(), "act-offices").indicators![0]).toEqual({
      id,
      title: "Oficinas abiertas",
      title_es: "Oficinas abiertas",
      title_en: "Offices open",
      unit: "oficinas",
      baseline: { year: 2017, value: 0 },
      targets: [{ year: 2019, value: 3 }],
      actuals: [{ period: "2019", value: 1, note: "Tecún Umán", source: "Acta de apertura" }],
    });
    // A value emptied with no note left is removed.
    undoable(store, () => editor.setValue({ indicatorId: id, kind: "target", period: "2019", value: null }));
    // Narrowing the breakdown removes the parts that no longer fit, in the same step.
    undoable(store, () => {
      const saved = editor.saveIndicator(
        { action_id: "act-train" },
        { id: "ind-delegates", title_es: "Delegados capacitados", title_en: null, unit: "personas", baseline: { year: 2017, value: 0 }, by_sex: true, age_groups: [] },
      );
      expect(saved.removedValues).toBe(2);
    });
    undoable(store, () => editor.removeIndicator("ind-delegates"));
    undoable(store, () => editor.saveIndicator({ need_id: "need-school" }, { title_es: "Escuelas con cupos", title_en: null, unit: "escuelas", baseline: null, by_sex: false, age_groups: [] }));
    undoable(store, () => editor.setReporting("half"));
    expect(store.document().reporting).toBe("half");
    expect(() => editor.setValue({ indicatorId: "ind-protocol", kind: "actual", period: "2018", sex: "female", value: 1 })).toThrow(expect.objectContaining({ code: "edit_rule", params: { rule: "breakdown_sex" } }));
    expect(() => editor.setValue({ indicatorId: "ind-delegates-gone", kind: "actual", period: "2018", value: 1 })).toThrow();
    store.close();
  });

  it("removing an action or a need takes its indicators with it, and undo puts them back", () => {
    const { store } = monitoringPlan();
    const editor = new PlanEditor(store, typed);
    undoable(store, () => editor.delete("action", "act-train"));
    undoable(store, () => editor.delete("need", "need-identify"));
    // Redone: only the other need's indicator is left.
    expect(store.db.prepare("SELECT id FROM indicator").all()).toEqual([{ id: "ind-enrolled" }]);
    store.close();
  });

  it("shows monitoring changes in the row's history with who and when", () => {
    const { store } = monitoringPlan();
    const monitoring = new MonitoringEditor(store, typed);
    new PlanEditor(store, typed).setActionStatus("act-offices", "in_progress", "2019-06-01");
    monitoring.saveNote("act-offices", { period: "2019", note: "Abierta la primera." });
    const { id } = monitoring.saveIndicator({ action_id: "act-offices" }, { title_es: "Oficinas", title_en: null, unit: "oficinas", baseline: null, by_sex: false, age_groups: [] });
    monitoring.setValue({ indicatorId: id, kind: "actual", period: "2019", value: 1 });
    monitoring.setValue({ indicatorId: id, kind: "actual", period: "2019", value: 2 });
    monitoring.setValue({ indicatorId: "ind-need-referrals", kind: "actual", period: "2019", value: 210 });
    const history = rowHistory(store.db, "action", "act-offices");
    const seen = history.filter((h) => h.author === "Ana").map((h) => `${h.entity} ${h.op} ${h.field ?? ""}`.trim());
    expect(seen).toEqual([
      "indicator_value update value",
      "indicator_value insert",
      "indicator insert",
      "progress_note insert",
      "action update status_date",
      "action update status",
    ]);
    expect(rowHistory(store.db, "need", "need-identify").filter((h) => h.author === "Ana").map((h) => h.entity)).toEqual(["indicator_value"]);
    expect(historyState(store.db).undo?.label).toBe("indicator value");
    store.close();
  });
});
