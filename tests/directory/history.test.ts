import { describe, expect, it } from "vitest";
import { wordDiff } from "../../src/domain/word-diff";
import { PlanEditor } from "../../src/storage/edits";
import { rowHistory } from "../../src/storage/history";
import { spellingsPlan, typed } from "./fixture";

const LONG =
  "Strengthen the shelters run by the Secretariat of Social Welfare for unaccompanied migrant children and adolescents, with trained staff, psychosocial care, " +
  "legal counselling on international protection and coordination with the consulates of the countries of origin, in Guatemala City and Quetzaltenango";

describe("word diff", () => {
  it("shows the words changed at the end of a long text, with a few words of context and the rest cut", () => {
    const parts = wordDiff(LONG, `${LONG} and Tecún Umán`)!;
    expect(parts[0]).toEqual({ kind: "gap", text: "…" });
    expect(parts.filter((p) => p.kind === "added").map((p) => p.text.trim())).toEqual(["and Tecún Umán"]);
    expect(parts.some((p) => p.kind === "removed")).toBe(false);
    const shown = parts.filter((p) => p.kind === "same").map((p) => p.text).join("");
    expect(shown.trim().split(/\s+/).length).toBeLessThanOrEqual(6);
    expect(shown).toContain("Quetzaltenango");
  });

  it("shows a word replaced in the middle as removed and added, keeping context on both sides", () => {
    const after = LONG.replace("psychosocial care", "mental health care");
    const parts = wordDiff(LONG, after)!;
    expect(parts.filter((p) => p.kind === "removed").map((p) => p.text.trim())).toEqual(["psychosocial"]);
    expect(parts.filter((p) => p.kind === "added").map((p) => p.text.trim())).toEqual(["mental health"]);
    expect(parts.filter((p) => p.kind === "gap")).toHaveLength(2);
    // What is kept reads back as the text around the change.
    const rebuilt = parts.map((p) => (p.kind === "removed" ? "" : p.text)).join("");
    expect(rebuilt).toContain("with trained staff, mental health care legal".replace(" legal", ", legal"));
  });

  it("answers null for equal texts", () => {
    expect(wordDiff("same", "same")).toBeNull();
  });
});

describe("a row's history", () => {
  it("gives long text edits their changed words, and short ones whole", () => {
    const { store } = spellingsPlan();
    const editor = new PlanEditor(store, (label) => ({ ...typed(), label }));
    editor.setActionText("act-both", LONG);
    editor.setActionText("act-both", `${LONG} and Tecún Umán`);
    const [latest, first] = rowHistory(store.db, "action", "act-both").filter((e) => e.field === "text");
    expect(latest!.diff!.filter((p) => p.kind === "added").map((p) => p.text.trim())).toEqual(["and Tecún Umán"]);
    // The first edit replaced a short text: the whole of it is there to show.
    expect(first!.newValue).toBe(LONG);
    store.close();
  });

  it("gives budget lines their year, amount and currency, added, changed and removed", () => {
    const { store } = spellingsPlan();
    const editor = new PlanEditor(store, (label) => ({ ...typed(), label }));
    const id = editor.saveBudgetLine("act-mineduc", { institution: "MINEDUC", year: 2019, amount: 125000, currency: "GTQ" });
    editor.saveBudgetLine("act-mineduc", { id, institution: "MINEDUC", year: 2019, amount: 130000.5, currency: "GTQ" });
    editor.removeBudgetLine(id);
    const lines = rowHistory(store.db, "action", "act-mineduc").filter((e) => e.entity === "budget_line");
    expect(lines.map((e) => [e.op, e.field, e.line, e.institution])).toEqual([
      ["delete", null, { year: 2019, amount: 130000.5, currency: "GTQ" }, "MINEDUC"],
      ["update", "amount_minor", { year: 2019, amount: 130000.5, currency: "GTQ" }, "MINEDUC"],
      ["insert", null, { year: 2019, amount: 125000, currency: "GTQ" }, "MINEDUC"],
    ]);
    // The amount update speaks in currency units, not hundredths.
    expect(lines[1]).toMatchObject({ oldValue: 125000, newValue: 130000.5 });
    store.close();
  });
});
