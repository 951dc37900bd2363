/**
 * The migration that makes the whole plan editable, on a file made by the
 * version before it: Belize's overarching recommendations (kept then as one JSON
 * text in the plan row) become rows, rounds gain a place and an attendance list,
 * and the plan's own columns their choices and workbook access.
 */
import Database from "better-sqlite3";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readDocumentFile } from "../../src/app/plans";
import { inChangeSet } from "../../src/storage/change-log";
import { writeDocument } from "../../src/storage/document-io";
import { APPLICATION_ID, MIGRATIONS, migrate } from "../../src/storage/migrations";
import { PlanStore } from "../../src/storage/plan-store";
import { undo } from "../../src/storage/history";
import { insertRecommendation } from "../../src/storage/section-edits";
import { fixturePath, tempDir } from "../helpers/temp";

const EDITABLE = MIGRATIONS.find((m) => m.description.startsWith("the whole plan editable"))!;
const PREVIOUS = MIGRATIONS[MIGRATIONS.indexOf(EDITABLE) - 1]!.version;

/** A Belize plan as the previous version wrote it: its recommendations as JSON in plan.overarching. */
function belizeBefore(file: string) {
  const db = new Database(file);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, PREVIOUS);
  expect(db.pragma("user_version", { simple: true })).toBe(PREVIOUS);
  const doc = readDocumentFile(fixturePath("belize"));
  const { overarching_recommendations: recommendations, ...rest } = doc;
  inChangeSet(db, { author: "older Matriz", source: "example", label: "example" }, (w) => writeDocument(w, rest, { language: "en" }));
  db.prepare("UPDATE plan SET overarching = ?").run(JSON.stringify(recommendations));
  db.prepare("INSERT INTO consultation_round (id, number, date, participants, objectives, progress) VALUES ('r1', 1, '2017-09-05', 'NGOs, UNHCR', 'Stocktaking', 'Draft agreed')").run();
  db.prepare("INSERT INTO column_def (id, key, heading_es, heading_en, kind, builtin, position) VALUES ('c1', 'pom', 'POM', 'Multi-annual plan', 'text', 0, 20)").run();
  db.close();
  return recommendations!;
}

describe("the editable-plan migration", () => {
  it("upgrades a plan made by the previous version, keeping every recommendation, round and column", () => {
    const file = path.join(tempDir(), "belize.matriz");
    const recommendations = belizeBefore(file);
    expect(recommendations).toHaveLength(6);

    const store = PlanStore.open(file);
    expect(store.info().upgradedFrom).toBe(PREVIOUS);
    const doc = store.document();
    expect(doc.overarching_recommendations!.map(({ id: _id, ...rest }) => rest)).toEqual(recommendations);
    for (const item of doc.overarching_recommendations!) expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(store.db.prepare("SELECT overarching FROM plan").get()).toEqual({ overarching: null });
    expect(doc.consultation_rounds).toEqual([
      { id: "r1", number: 1, date: "2017-09-05", place: null, participants: "NGOs, UNHCR", attendance: [], objectives: "Stocktaking", progress: "Draft agreed" },
    ]);
    expect(doc.custom_columns).toEqual([{ id: "c1", key: "pom", heading_es: "POM", heading_en: "Multi-annual plan", kind: "text", options: [], open: false }]);

    // The recommendations are rows now: one is added and undone on its own.
    const meta = (label: string) => ({ author: "Ana", source: "typed" as const, label });
    insertRecommendation({ store, meta }, "Belize will report progress yearly");
    expect(store.document().overarching_recommendations).toHaveLength(7);
    undo(store.db, { author: "Ana" });
    expect(store.document().overarching_recommendations).toHaveLength(6);
    store.close();
  });
});
