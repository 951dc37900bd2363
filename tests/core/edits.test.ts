import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile, templateDocument } from "../../src/app/plans";
import type { MatrizError } from "../../src/domain/errors";
import { errorMessage } from "../../src/i18n";
import { PlanEditor } from "../../src/storage/edits";
import { historyState, redo, undo } from "../../src/storage/history";
import { PlanStore } from "../../src/storage/plan-store";
import { fixturePath, tempDir } from "../helpers/temp";

const meta = (label: string) => ({ author: "Ana", source: "typed" as const, label });

function guatemala() {
  const file = path.join(tempDir(), "gt.matriz");
  const store = createPlanFromDocument(file, readDocumentFile(fixturePath("guatemala")), { author: "x", source: "example" }, { language: "en" });
  return { store, file, editor: new PlanEditor(store, meta) };
}

function blank() {
  const file = path.join(tempDir(), "blank.matriz");
  const store = createPlanFromDocument(file, templateDocument("guatemala", { language: "es" }), { author: "x", source: "typed" });
  return { store, file, editor: new PlanEditor(store, meta) };
}

const actionTexts = (store: PlanStore, pillar = 0) => store.document().pillars[pillar]!.needs.map((n) => n.actions.map((a) => a.text));

describe("matrix edits", () => {
  it("edits cells and records each as one undoable step", () => {
    const { store, editor } = guatemala();
    const action = store.document().pillars[0]!.needs[0]!.actions[0]!;
    editor.setActionText(action.id!, "Fortalecer la DGM/IGM");
    const years = editor.setActionSchedule(action.id!, "2018 - 2019");
    expect(years).toEqual([2018, 2019]);
    editor.setActionInstitutions(action.id!, [{ label: "DGM/IGM", lead: true }, { label: "MINEX" }, { label: "Nueva Institución" }]);
    editor.setActionCommitments(action.id!, ["San José Action Statement", "Brazil Plan of Action"]);
    const after = store.document().pillars[0]!.needs[0]!.actions[0]!;
    expect(after).toMatchObject({
      text: "Fortalecer la DGM/IGM",
      schedule: "2018 - 2019",
      schedule_years: [2018, 2019],
      institutions: ["DGM/IGM", "MINEX", "Nueva Institución"],
      lead: "DGM/IGM",
      commitments: ["San José Action Statement", "Brazil Plan of Action"],
    });
    // The new institution joined the directory.
    expect(store.document().institutions!.map((i) => i.label)).toContain("Nueva Institución");
    expect(historyState(store.db).undo?.label).toBe("action commitments");
  });

  it("undoes and redoes every kind of change, structure included", () => {
    const { store, editor } = guatemala();
    const original = store.document();
    const [needA, needB] = original.pillars[0]!.needs;
    const newNeed = editor.insertNeed(original.pillars[0]!.id!, { after: needA!.id! }, "Nueva necesidad");
    const newAction = editor.insertAction(newNeed, { end: true }, "Nueva acción");
    editor.moveTo("action", needB!.actions[0]!.id!, newNeed, null);
    editor.setActionText(newAction, "Acción editada");
    editor.delete("need", needA!.id!);
    const edited = store.document();
    expect(edited.pillars[0]!.needs.map((n) => n.title)).toEqual(["Nueva necesidad", ...original.pillars[0]!.needs.slice(1).map((n) => n.title)]);

    const who = { author: "Ana" };
    for (let i = 0; i < 5; i++) expect(undo(store.db, who)).not.toBeNull();
    expect(undo(store.db, who)).toBeNull(); // creating the plan is not undone
    const { revision: _a, ...back } = store.document();
    const { revision: _b, ...orig } = original;
    expect(back).toEqual(orig);

    for (let i = 0; i < 5; i++) expect(redo(store.db, who)).not.toBeNull();
    expect(redo(store.db, who)).toBeNull();
    const { revision: _c, ...again } = store.document();
    const { revision: _d, ...edit } = edited;
    expect(again).toEqual(edit);
  });

  it("a new edit after undo clears the redo stack", () => {
    const { store, editor } = guatemala();
    const action = store.document().pillars[0]!.needs[0]!.actions[0]!;
    editor.setActionText(action.id!, "uno");
    editor.setActionText(action.id!, "dos");
    undo(store.db, { author: "Ana" });
    expect(historyState(store.db).redo?.label).toBe("action text");
    editor.setActionText(action.id!, "tres");
    expect(historyState(store.db).redo).toBeNull();
    undo(store.db, { author: "Ana" });
    expect(store.document().pillars[0]!.needs[0]!.actions[0]!.text).toBe("uno");
  });

  it("moves actions with Alt+arrows across need boundaries, and needs across pillars", () => {
    const { store, editor } = guatemala();
    const before = actionTexts(store);
    const firstOfSecondNeed = store.document().pillars[0]!.needs[1]!.actions[0]!;
    expect(editor.move("action", firstOfSecondNeed.id!, "up")).toBe(true);
    const after = actionTexts(store);
    expect(after[0]![after[0]!.length - 1]).toBe(firstOfSecondNeed.text);
    expect(after[1]).toEqual(before[1]!.slice(1));
    expect(editor.move("action", firstOfSecondNeed.id!, "down")).toBe(true);
    expect(actionTexts(store)).toEqual(before);

    const firstAction = store.document().pillars[0]!.needs[0]!.actions[0]!;
    expect(editor.move("action", firstAction.id!, "up")).toBe(false);

    const lastNeedOfPillar1 = store.document().pillars[0]!.needs.at(-1)!;
    editor.move("need", lastNeedOfPillar1.id!, "down");
    expect(store.document().pillars[1]!.needs[0]!.title).toBe(lastNeedOfPillar1.title);
  });

  it("keeps order through many inserts at the same place", () => {
    const { store, editor } = blank();
    const pillar = store.document().pillars[0]!.id!;
    const need = editor.insertNeed(pillar, { end: true }, "N");
    const first = editor.insertAction(need, { end: true }, "A0");
    const last = editor.insertAction(need, { end: true }, "Z");
    let anchor = first;
    for (let i = 1; i <= 80; i++) anchor = editor.insertAction(need, { after: anchor }, `A${i}`);
    const texts = store.document().pillars[0]!.needs[0]!.actions.map((a) => a.text);
    expect(texts).toEqual([...Array.from({ length: 81 }, (_, i) => `A${i}`), "Z"]);
    void last;
  });

  it("previews what a delete takes with it", () => {
    const { store, editor } = guatemala();
    const need = store.document().pillars[0]!.needs[0]!;
    expect(editor.deletePreview("need", need.id!)).toMatchObject({ kind: "need", title: need.title, actions: need.actions.length, budgetLines: 0 });
  });

  it("pastes a 5×3 block, adding actions past the end of the plan", () => {
    const { store, editor } = blank();
    const pillar = store.document().pillars[0]!.id!;
    const need = editor.insertNeed(pillar, { end: true }, "Identificar personas");
    const a1 = editor.insertAction(need, { end: true }, "primera");
    const a2 = editor.insertAction(need, { end: true }, "segunda");
    const rows = Array.from({ length: 5 }, (_, r) => [`Acción ${r + 1}`, r === 0 ? "*DGM/IGM, MINEX" : "SBS", r % 2 ? "2018, 2019" : "Durante 2020"]);
    const result = editor.pasteBlock({ actionIds: [a1, a2], columns: ["action", "institutions", "schedule"], rows, appendToNeed: need });
    expect(result.added).toHaveLength(3);
    const actions = store.document().pillars[0]!.needs[0]!.actions;
    expect(actions.map((a) => a.text)).toEqual(["Acción 1", "Acción 2", "Acción 3", "Acción 4", "Acción 5"]);
    expect(actions[0]).toMatchObject({ institutions: ["DGM/IGM", "MINEX"], lead: "DGM/IGM", schedule_years: [2020] });
    expect(actions[1]).toMatchObject({ institutions: ["SBS"], schedule: "2018, 2019", schedule_years: [2018, 2019] });
    // One paste, one undo.
    undo(store.db, { author: "Ana" });
    expect(store.document().pillars[0]!.needs[0]!.actions.map((a) => a.text)).toEqual(["primera", "segunda"]);
  });

  it("pastes statuses written in Spanish or English or as stored codes, dated today; an empty cell changes nothing", () => {
    const { store, editor } = guatemala();
    const need = store.document().pillars[0]!.needs[0]!;
    const ids = need.actions.slice(0, 5).map((a) => a.id!);
    editor.setActionStatus(ids[4]!, "delayed", "2018-06-30");
    const before = store.revision();
    editor.pasteBlock({ actionIds: ids, columns: ["action", "status"], rows: [["", "Cumplida"], ["", "in progress"], ["", "CANCELLED"], ["", "no iniciada"], ["", ""]], appendToNeed: need.id! });
    const actions = store.document().pillars[0]!.needs[0]!.actions;
    expect(actions.slice(0, 5).map((a) => a.status)).toEqual(["done", "in_progress", "cancelled", "planned", "delayed"]);
    const today = new Date().toISOString().slice(0, 10);
    expect(actions[0]!.status_date).toBe(today);
    expect(actions[4]!.status_date).toBe("2018-06-30");
    // One paste, one undo.
    expect(store.revision()).toBe(before + 1);
    undo(store.db, { author: "Ana" });
    expect(store.document().pillars[0]!.needs[0]!.actions.slice(0, 4).map((a) => a.status ?? "planned")).toEqual(["planned", "planned", "planned", "planned"]);
    editor.pasteBlock({ actionIds: ids.slice(0, 2), columns: ["status"], rows: [["in_progress"], ["En Curso"]], appendToNeed: need.id! });
    expect(store.document().pillars[0]!.needs[0]!.actions.slice(0, 2).map((a) => a.status)).toEqual(["in_progress", "in_progress"]);
  });

  it("refuses a paste with a word that is not a status, naming it and its row, and pastes nothing", () => {
    const { store, editor } = guatemala();
    const need = store.document().pillars[0]!.needs[0]!;
    const ids = need.actions.slice(0, 2).map((a) => a.id!);
    const before = store.revision();
    const paste = () => editor.pasteBlock({ actionIds: ids, columns: ["action", "status"], rows: [["Texto nuevo", "Cumplida"], ["Otro", "terminado"]], appendToNeed: need.id! });
    expect(paste).toThrow(expect.objectContaining({ code: "paste_bad_status", params: expect.objectContaining({ row: 2, found: "terminado" }) }));
    expect(store.revision()).toBe(before);
    expect(store.document().pillars[0]!.needs[0]!.actions[0]!.text).toBe(need.actions[0]!.text);
  });

  it("attaches budget lines only for responsible institutions, exactly to the cent", () => {
    const { store, editor } = guatemala();
    const action = store.document().pillars[0]!.needs[0]!.actions[0]!;
    const id = editor.saveBudgetLine(action.id!, { institution: "DGM/IGM", year: 2018, amount: 1250000.5, currency: "GTQ", funding_source: "national_budget", pei: "PEI 3.2", poa: "POA 2018-14" });
    expect(store.document().pillars[0]!.needs[0]!.actions[0]!.budget_lines).toEqual([
      { id, institution: "DGM/IGM", year: 2018, amount: 1250000.5, currency: "GTQ", funding_source: "national_budget", pei: "PEI 3.2", poa: "POA 2018-14", budget_code: null, note: null },
    ]);
    // Said in the user's language, detail included.
    const said = (work: () => unknown, lang: "es" | "en") => {
      try {
        work();
      } catch (error) {
        return errorMessage(lang, (error as MatrizError).code, (error as MatrizError).params);
      }
      return "no error";
    };
    const stranger = () => editor.saveBudgetLine(action.id!, { institution: "MINEX", year: 2018, amount: 1, currency: "GTQ" });
    expect(said(stranger, "en")).toContain("MINEX is not responsible for this action");
    expect(said(stranger, "es")).toContain("MINEX no es responsable de esta acción");
    // An institution that carries budget cannot be dropped silently.
    const drop = () => editor.setActionInstitutions(action.id!, [{ label: "National Migration Authority" }]);
    expect(said(drop, "en")).toMatch(/has 1 budget line on this action/);
    expect(said(drop, "es")).toMatch(/tiene 1 línea de presupuesto en esta acción/);
  });
});
