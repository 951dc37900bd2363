import Database from "better-sqlite3";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inChangeSet } from "../../src/storage/change-log";
import { writeDocument } from "../../src/storage/document-io";
import { PlanEditor } from "../../src/storage/edits";
import { APPLICATION_ID, MIGRATIONS, migrate } from "../../src/storage/migrations";
import { MonitoringEditor } from "../../src/storage/monitoring-edits";
import { PlanStore } from "../../src/storage/plan-store";
import { tempDir } from "../helpers/temp";
import { monitoringDocument, typed } from "./fixture";

const previous = MIGRATIONS[MIGRATIONS.findIndex((m) => m.version === 6) - 1]!.version;

/** A plan as the schema before monitoring wrote it: statuses and progress notes, nothing else of monitoring. */
function planBeforeMonitoring(file: string) {
  const doc = monitoringDocument();
  delete doc.reporting;
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      delete need.indicators;
      for (const action of need.actions) {
        delete action.indicators;
        delete action.status_date;
      }
    }
  }
  const db = new Database(file);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, previous);
  inChangeSet(db, { author: "older Matriz", source: "example", label: "example" }, (w) => writeDocument(w, doc));
  db.close();
}

describe("schema 6 upgrade (monitoring)", () => {
  it("keeps statuses and notes, reports per year, has no dates yet, and takes indicators afterwards", () => {
    const file = path.join(tempDir(), "old.matriz");
    planBeforeMonitoring(file);
    const store = PlanStore.open(file);
    expect(store.info().upgradedFrom).toBe(previous);
    const doc = store.document();
    expect(doc.reporting).toBe("year");
    const train = doc.pillars[0]!.needs[0]!.actions[0]!;
    expect(train).toMatchObject({ status: "in_progress", progress: [{ period: "2018", status: "in_progress", note: "Dos talleres de cuatro realizados." }] });
    expect(train.status_date).toBeUndefined();
    expect(train.indicators).toBeUndefined();
    expect(doc.pillars[1]!.needs[0]!.actions.map((a) => a.status)).toEqual(["planned", "cancelled", "planned"]);

    new PlanEditor(store, typed).setActionStatus(train.id!, "done", "2019-01-15");
    const monitoring = new MonitoringEditor(store, typed);
    const { id } = monitoring.saveIndicator({ action_id: train.id! }, { title_es: "Delegados", title_en: null, unit: "personas", baseline: null, by_sex: false, age_groups: [] });
    monitoring.setValue({ indicatorId: id, kind: "actual", period: "2018", value: 60 });
    expect(store.document().pillars[0]!.needs[0]!.actions[0]).toMatchObject({ status: "done", status_date: "2019-01-15", indicators: [{ title: "Delegados", actuals: [{ period: "2018", value: 60 }] }] });
    // The schema holds what the model says: one owner per indicator, a known kind of value, a known reporting.
    expect(() => store.db.prepare("INSERT INTO indicator (id, unit, position) VALUES ('orphan', 'x', 1)").run()).toThrow(/CHECK/);
    expect(() => store.db.prepare("UPDATE plan SET reporting = 'quarter'").run()).toThrow(/CHECK/);
    expect(() => store.db.prepare("UPDATE indicator_value SET kind = 'forecast'").run()).toThrow(/CHECK/);
    store.close();
  });
});
