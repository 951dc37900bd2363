import path from "node:path";
import { describe, expect, it } from "vitest";
import { mergeInstitutions } from "../../src/directory/institutions";
import { returnsTracker } from "../../src/directory/returns";
import { importReturnedFile } from "../../src/spreadsheet/apply";
import { listConflicts } from "../../src/spreadsheet/conflicts";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanEditor } from "../../src/storage/edits";
import { undo } from "../../src/storage/history";
import { editWorkbook } from "../spreadsheet/fixture";
import { VARIANT, idOf, spellingsPlan, typed } from "./fixture";

describe("returns tracker", () => {
  it("says for each institution what went out, what came back, who imported it and what is open", async () => {
    const { store, dir } = spellingsPlan();
    const db = store.db;
    const sent = path.join(dir, "SBS.xlsx");
    await exportFinanceWorkbook(db, sent, { institution: "SBS", at: "2026-11-02T10:00:00.000Z" });
    await exportFinanceWorkbook(db, path.join(dir, "PGN.xlsx"), { institution: "PGN", at: "2026-11-02T10:05:00.000Z" });

    let tracker = returnsTracker(db);
    expect(tracker.find((e) => e.label === "SBS")).toMatchObject({ status: "sent", lastSent: "2026-11-02T10:00:00.000Z", lastReturned: null, openConflicts: 0 });
    expect(tracker.find((e) => e.label === "MINEDUC")).toMatchObject({ status: "not_sent", sent: [] });

    // The plan moves on while SBS fills in its workbook: the same amount changed on both sides.
    new PlanEditor(store, (label) => ({ ...typed(), label })).saveBudgetLine("act-both", { id: "line-sbs", institution: "SBS", year: 2019, amount: 950000, currency: "GTQ" });
    const back = path.join(dir, "SBS-filled.xlsx");
    await editWorkbook(sent, back, [{ action: "act-both", key: "amount:2019", value: 1000000 }]);
    importReturnedFile(db, back, { author: "Luis", at: "2026-11-20T09:00:00.000Z" });

    tracker = returnsTracker(db);
    const sbs = tracker.find((e) => e.label === "SBS")!;
    expect(sbs.status).toBe("conflicts");
    expect(sbs.openConflicts).toBe(1);
    expect(sbs.sent[0]!.returns).toEqual([expect.objectContaining({ file: "SBS-filled.xlsx", at: "2026-11-20T09:00:00.000Z", by: "Luis", openConflicts: 1 })]);
    expect(sbs.lastReturned).toBe("2026-11-20T09:00:00.000Z");
    expect(tracker.find((e) => e.label === "PGN")!.status).toBe("sent");
    store.close();
  });

  it("counts a workbook exported for a spelling merged since under the surviving entry, and it still imports", async () => {
    const { store, dir } = spellingsPlan();
    const db = store.db;
    const sent = path.join(dir, "variant.xlsx");
    await exportFinanceWorkbook(db, sent, { institution: VARIANT });
    mergeInstitutions(db, typed(), idOf(store, VARIANT), idOf(store, "SBS"));

    const sbs = returnsTracker(db).find((e) => e.label === "SBS")!;
    expect(sbs.status).toBe("sent");
    expect(sbs.sent.map((s) => s.file)).toEqual(["variant.xlsx"]);
    expect(returnsTracker(db).some((e) => e.label === VARIANT)).toBe(false);

    // The ministry fills in the old-spelling workbook; it lands on the lines that moved to SBS.
    const back = path.join(dir, "variant-filled.xlsx");
    await editWorkbook(sent, back, [
      { action: "act-both", key: "amount:2019", value: 130000 },
      { action: "act-variant", key: "amount:2020", value: 42000 },
    ]);
    const outcome = importReturnedFile(db, back, { author: "Luis" });
    expect(outcome.status).toBe("applied");
    expect(outcome.preview.institution).toBe("SBS");
    const amount = (id: string) => (db.prepare("SELECT amount_minor, institution_id FROM budget_line WHERE id = ?").get(id) as { amount_minor: number; institution_id: string });
    expect(amount("line-variant")).toEqual({ amount_minor: 13000000, institution_id: idOf(store, "SBS") });
    expect(amount("line-tracing").amount_minor).toBe(4200000);
    // Untouched: the line SBS had before the merge was not in that workbook.
    expect(amount("line-sbs").amount_minor).toBe(90000000);
    expect(listConflicts(db)).toEqual([]);
    expect(returnsTracker(db).find((e) => e.label === "SBS")).toMatchObject({ status: "returned", openConflicts: 0 });
    store.close();
  });

  it("names the surviving entry in conflicts about a merged spelling, and undo of the merge gives them back", async () => {
    const { store, dir } = spellingsPlan();
    const db = store.db;
    const sent = path.join(dir, "variant.xlsx");
    await exportFinanceWorkbook(db, sent, { institution: VARIANT });
    new PlanEditor(store, (label) => ({ ...typed(), label })).saveBudgetLine("act-variant", { id: "line-tracing", institution: VARIANT, year: 2020, amount: 41000, currency: "GTQ" });
    const back = path.join(dir, "variant-filled.xlsx");
    await editWorkbook(sent, back, [{ action: "act-variant", key: "amount:2020", value: 43000 }]);
    importReturnedFile(db, back, { author: "Luis" });
    expect(listConflicts(db).map((c) => c.institution)).toEqual([VARIANT]);

    mergeInstitutions(db, typed(), idOf(store, VARIANT), idOf(store, "SBS"));
    expect(listConflicts(db).map((c) => [c.institution, c.institutionId])).toEqual([["SBS", idOf(store, "SBS")]]);
    undo(db, { author: "Ana" });
    expect(listConflicts(db).map((c) => c.institution)).toEqual([VARIANT]);
    store.close();
  });
});
