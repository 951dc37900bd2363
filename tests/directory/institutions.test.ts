import { describe, expect, it } from "vitest";
import { acronymsOf, suggestDuplicates, wordKey } from "../../src/directory/duplicates";
import { editInstitution, findEntry, listDirectory, mergeInstitutions, renameInstitution, updateInstitution } from "../../src/directory/institutions";
import { readDocumentFile } from "../../src/app/plans";
import { createPlanFromDocument } from "../../src/app/plans";
import { PlanEditor } from "../../src/storage/edits";
import { redo, rowHistory, undo } from "../../src/storage/history";
import { fixturePath, tempDir } from "../helpers/temp";
import { FULL_NAME, VARIANT, idOf, snapshotTables, spellingsPlan, typed } from "./fixture";
import path from "node:path";

const actionOf = (store: ReturnType<typeof spellingsPlan>["store"], id: string) =>
  store
    .document()
    .pillars.flatMap((p) => p.needs.flatMap((n) => n.actions))
    .find((a) => a.id === id)!;

describe("institution directory", () => {
  it("lists every entry with its action, lead and budget-line counts", () => {
    const { store } = spellingsPlan();
    const entries = listDirectory(store.db);
    const sbs = entries.find((e) => e.label === "SBS")!;
    const variant = entries.find((e) => e.label === VARIANT)!;
    expect(sbs).toMatchObject({ actions: 1, leads: 0, budgetLines: 1, acronym: "SBS", merged: [] });
    expect(variant).toMatchObject({ actions: 2, leads: 2, budgetLines: 2 });
    expect(entries.map((e) => e.label)).toEqual([...entries.map((e) => e.label)].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
    store.close();
  });

  it("suggests the spellings of one body: shared acronym in brackets, leading acronym, an acronym's expansion", () => {
    const { store } = spellingsPlan();
    const groups = suggestDuplicates(listDirectory(store.db), { SBS: "Secretariat of Social Welfare (Secretaría de Bienestar Social)", MINEDUC: "Ministry of Education" });
    const sbs = groups.find((g) => g.labels.includes("SBS"))!;
    expect(new Set(sbs.labels)).toEqual(new Set(["SBS", VARIANT, FULL_NAME]));
    // The spelling that is the acronym itself is offered as the one to keep.
    expect(sbs.labels[0]).toBe("SBS");
    expect(sbs.into).toBe(idOf(store, "SBS"));
    expect(sbs.reasons).toContainEqual({ kind: "acronym", value: "SBS" });
    const education = groups.find((g) => g.labels.includes("MINEDUC"))!;
    expect(new Set(education.labels)).toEqual(new Set(["MINEDUC", "Ministry of Education"]));
    // PGN has one spelling only: no suggestion.
    expect(groups.some((g) => g.labels.includes("PGN"))).toBe(false);
    store.close();
  });

  it("finds the Guatemala example's variants among its 41 names", () => {
    const dir = tempDir();
    const doc = readDocumentFile(fixturePath("guatemala"));
    const store = createPlanFromDocument(path.join(dir, "gt.matriz"), doc, { author: "t", source: "example" }, { language: "en" });
    const groups = suggestDuplicates(listDirectory(store.db), doc.acronyms);
    const together = (...labels: string[]) => groups.some((g) => labels.every((l) => g.labels.includes(l)));
    expect(together("SBS", "SBS (unaccompanied MCA)", "Secretariat of Social Welfare (SBS)")).toBe(true);
    expect(together("PGN", "The Office of the Attorney General of the Nation (PGN)")).toBe(true);
    expect(together("the Judiciary", "the Judiciary (OJ)", "OJ")).toBe(true);
    expect(together("MINEDUC", "Ministry of Education")).toBe(true);
    expect(together("DGM/IGM", "General Directorate of Migration/Guatemalan Institute of Migration")).toBe(true);
    expect(together("Care and Protection Council and other [institutions]", "Care and Protection Council and other institutions", "Care and Protection Council")).toBe(true);
    expect(together("SBS", "PGN")).toBe(false);
    store.close();
  });

  it("reads acronyms and word keys as a person would", () => {
    expect(acronymsOf({ label: "SBS (unaccompanied MCA)", acronym: null }, new Map())).toEqual(["SBS"]);
    expect(acronymsOf({ label: "Human Rights Ombudsman (PDH)", acronym: null }, new Map())).toEqual(["PDH"]);
    expect(acronymsOf({ label: "the Business Sector", acronym: null }, new Map())).toEqual([]);
    expect(wordKey("Care and Protection Council and other [institutions]")).toBe(wordKey("care & protection council"));
  });

  it("renames an entry everywhere at once, and undo and redo put it back and again", () => {
    const { store } = spellingsPlan();
    const db = store.db;
    renameInstitution(db, typed(), idOf(store, "PGN"), "Procuraduría General de la Nación (PGN)");
    expect(actionOf(store, "act-both").institutions).toContain("Procuraduría General de la Nación (PGN)");
    expect(actionOf(store, "act-mineduc").institutions).toContain("Procuraduría General de la Nación (PGN)");
    undo(db, { author: "Ana" });
    expect(actionOf(store, "act-both").institutions).toContain("PGN");
    redo(db, { author: "Ana" });
    expect(actionOf(store, "act-mineduc").institutions).toContain("Procuraduría General de la Nación (PGN)");
    store.close();
  });

  it("refuses a rename onto another entry's name and leaves the plan as it was", () => {
    const { store } = spellingsPlan();
    const before = snapshotTables(store);
    const revision = store.revision();
    expect(() => renameInstitution(store.db, typed(), idOf(store, VARIANT), "SBS")).toThrow(/institution_exists/);
    expect(() => renameInstitution(store.db, typed(), idOf(store, VARIANT), "  ")).toThrow(/institution_name_empty/);
    expect(snapshotTables(store)).toEqual(before);
    expect(store.revision()).toBe(revision);
    store.close();
  });

  it("keeps acronym, full names in both languages, kind, focal point and level, in one undo step", () => {
    const { store } = spellingsPlan();
    const id = idOf(store, "SBS");
    updateInstitution(store.db, typed(), id, {
      name_es: "Secretaría de Bienestar Social",
      name_en: "Secretariat of Social Welfare",
      kind: "secretariat",
      focal_name: "María López",
      focal_email: "mlopez@sbs.gob.gt",
      focal_phone: "+502 2222 0000",
      level: "technical",
    });
    expect(listDirectory(store.db).find((e) => e.id === id)).toMatchObject({ kind: "secretariat", focal_email: "mlopez@sbs.gob.gt", level: "technical", name_es: "Secretaría de Bienestar Social" });
    expect(store.document().institutions!.find((i) => i.id === id)).toMatchObject({ focal_name: "María López", level: "technical" });
    undo(store.db, { author: "Ana" });
    expect(listDirectory(store.db).find((e) => e.id === id)).toMatchObject({ kind: null, focal_email: null, level: null, name_es: null });
    store.close();
  });

  it("saves a new name with new details as one change set: one undo takes both back, a refused name writes neither", () => {
    const { store } = spellingsPlan();
    const id = idOf(store, "PGN");
    const revision = store.revision();
    expect(() => editInstitution(store.db, typed(), id, { label: "SBS", details: { name_es: "Procuraduría" } })).toThrow(/institution_exists/);
    expect(store.revision()).toBe(revision);
    editInstitution(store.db, typed(), id, { label: "Procuraduría General de la Nación (PGN)", details: { name_es: "Procuraduría General de la Nación", kind: "autonomous" } });
    expect(store.revision()).toBe(revision + 1);
    expect(listDirectory(store.db).find((e) => e.id === id)).toMatchObject({ label: "Procuraduría General de la Nación (PGN)", name_es: "Procuraduría General de la Nación", kind: "autonomous" });
    undo(store.db, { author: "Ana" });
    expect(listDirectory(store.db).find((e) => e.id === id)).toMatchObject({ label: "PGN", name_es: null, kind: null });
    store.close();
  });
});

describe("merging spellings", () => {
  it("moves links and budget lines to the survivor; an action naming both keeps one link and the lead", () => {
    const { store } = spellingsPlan();
    const db = store.db;
    const sbs = idOf(store, "SBS");
    const variant = idOf(store, VARIANT);
    const outcome = mergeInstitutions(db, typed(), variant, sbs);
    expect(outcome).toEqual({ from: VARIANT, into: "SBS", links: 2, budgetLines: 2 });

    const both = actionOf(store, "act-both");
    expect(both.institutions).toEqual(["SBS", "PGN"]);
    expect(both.lead).toBe("SBS");
    expect(both.budget_lines!.map((l) => [l.id, l.institution, l.amount])).toEqual([
      ["line-sbs", "SBS", 900000],
      ["line-variant", "SBS", 125000],
    ]);
    expect(actionOf(store, "act-variant")).toMatchObject({ institutions: ["SBS"], lead: "SBS" });
    const entries = listDirectory(db);
    expect(entries.find((e) => e.label === VARIANT)).toBeUndefined();
    expect(entries.find((e) => e.id === sbs)).toMatchObject({ actions: 2, leads: 2, budgetLines: 3, merged: [VARIANT] });
    // The directory the document lists no longer has the spelling as an entry of its own.
    expect(store.document().institutions!.some((i) => i.label === VARIANT)).toBe(false);
    store.close();
  });

  it("is one undo step that restores every link, lead and budget line; redo merges again", () => {
    const { store } = spellingsPlan();
    const db = store.db;
    const before = snapshotTables(store);
    mergeInstitutions(db, typed(), idOf(store, VARIANT), idOf(store, "SBS"));
    const merged = snapshotTables(store);
    undo(db, { author: "Ana" });
    expect(snapshotTables(store)).toEqual(before);
    redo(db, { author: "Ana" });
    expect(snapshotTables(store)).toEqual(merged);
    store.close();
  });

  it("sends a name typed in the old spelling to the survivor, and finds the survivor by it", () => {
    const { store } = spellingsPlan();
    const db = store.db;
    const sbs = idOf(store, "SBS");
    mergeInstitutions(db, typed(), idOf(store, VARIANT), sbs);
    expect(findEntry(db, VARIANT)).toEqual({ id: sbs, label: "SBS" });
    const editor = new PlanEditor(store, (label) => ({ ...typed(), label }));
    editor.setActionInstitutions("act-full", [{ label: FULL_NAME }, { label: VARIANT, lead: true }]);
    expect(actionOf(store, "act-full")).toMatchObject({ institutions: [FULL_NAME, "SBS"], lead: "SBS" });
    expect(listDirectory(db).filter((e) => e.label === VARIANT)).toEqual([]);
    store.close();
  });

  it("follows merges made one after the other, and lets the survivor take a merged spelling as its name", () => {
    const { store } = spellingsPlan();
    const db = store.db;
    const sbs = idOf(store, "SBS");
    const full = idOf(store, FULL_NAME);
    mergeInstitutions(db, typed(), idOf(store, VARIANT), full);
    mergeInstitutions(db, typed(), full, sbs);
    expect(findEntry(db, VARIANT).id).toBe(sbs);
    expect(listDirectory(db).find((e) => e.id === sbs)!.merged.sort()).toEqual([FULL_NAME, VARIANT].sort());
    renameInstitution(db, typed(), sbs, FULL_NAME);
    expect(actionOf(store, "act-both").institutions[0]).toBe(FULL_NAME);
    // Another entry's merged spelling is that entry's name: refused.
    expect(() => renameInstitution(db, typed(), idOf(store, "PGN"), VARIANT)).toThrow(/institution_exists/);
    store.close();
  });

  it("refuses unknown names, itself, and merged entries, writing nothing", () => {
    const { store } = spellingsPlan();
    const db = store.db;
    const revision = store.revision();
    expect(() => findEntry(db, "Ministry of Magic")).toThrow(/unknown_institution/);
    expect(() => mergeInstitutions(db, typed(), idOf(store, "SBS"), idOf(store, "SBS"))).toThrow(/institution_into_itself/);
    mergeInstitutions(db, typed(), idOf(store, VARIANT), idOf(store, "SBS"));
    const after = store.revision();
    expect(after).toBeGreaterThan(revision);
    expect(() => mergeInstitutions(db, typed(), idOf(store, VARIANT), idOf(store, "PGN"))).toThrow(/unknown_institution/);
    expect(store.revision()).toBe(after);
    store.close();
  });

  it("lets the history of the merged rows show their earlier entries under the surviving name", () => {
    const { store } = spellingsPlan();
    const db = store.db;
    const editor = new PlanEditor(store, (label) => ({ ...typed(), label }));
    editor.saveBudgetLine("act-variant", { id: "line-tracing", institution: VARIANT, year: 2020, amount: 45000, currency: "GTQ" });
    mergeInstitutions(db, typed(), idOf(store, VARIANT), idOf(store, "SBS"));
    const history = rowHistory(db, "action", "act-variant");
    const amount = history.find((e) => e.entity === "budget_line" && e.field === "amount_minor")!;
    expect(amount).toMatchObject({ oldValue: 40000, newValue: 45000, institution: "SBS", line: { year: 2020, amount: 45000, currency: "GTQ" } });
    const moved = history.find((e) => e.entity === "budget_line" && e.field === "institution_id")!;
    expect(moved).toMatchObject({ oldValue: VARIANT, newValue: "SBS", label: `merge institutions ${VARIANT} → SBS` });
    // The entry's own history takes in the spelling merged into it.
    const own = rowHistory(db, "institution", idOf(store, "SBS"));
    expect(own.some((e) => e.entityId === idOf(store, VARIANT) && e.field === "merged_into")).toBe(true);
    store.close();
  });
});
