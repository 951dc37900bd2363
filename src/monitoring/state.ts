/** The plan as it is now for one institution's actions and their indicators in a period: what its monitoring workbook shows and what an import compares against. */
import type { Database as Db } from "better-sqlite3";
import { statements } from "../storage/change-log";
import { readIndicators } from "../storage/indicator-io";
import { planIdentity } from "../spreadsheet/snapshot";

type R = Record<string, any>;

/** The latest progress note of each action for a period (by when it was written). */
export function latestNotes(db: Db, actionIds: readonly string[], period: string): Map<string, string> {
  const rows = statements(db)
    .get("SELECT action_id, note FROM progress_note WHERE period = ? AND action_id IN (SELECT value FROM json_each(?)) ORDER BY recorded_at, rowid")
    .all(period, JSON.stringify(actionIds)) as R[];
  return new Map(rows.map((r) => [r.action_id as string, r.note as string]));
}

/** The plan as it is now for one institution's actions and their indicators, for a period. */
export function monitoringState(db: Db, institutionId: string, period: string) {
  const plan = planIdentity(db);
  const actions = statements(db)
    .get(
      `SELECT a.id, a.text, a.status, a.schedule, n.title AS need, p.number AS pillar_number, p.title_es, p.title_en
       FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id
       WHERE a.id IN (SELECT action_id FROM action_institution WHERE institution_id IN (SELECT id FROM institution WHERE id = ? OR merged_into = ?))
       ORDER BY p.position, n.position, a.position`,
    )
    .all(institutionId, institutionId) as R[];
  const ids = actions.map((a) => a.id as string);
  const institutions = new Map<string, string[]>();
  for (const row of statements(db)
    .get("SELECT l.action_id, i.label FROM action_institution l JOIN institution i ON i.id = l.institution_id WHERE l.action_id IN (SELECT value FROM json_each(?)) ORDER BY l.action_id, l.position")
    .all(JSON.stringify(ids)) as R[]) {
    const list = institutions.get(row.action_id) ?? [];
    list.push(row.label);
    institutions.set(row.action_id, list);
  }
  const notes = latestNotes(db, ids, period);
  const indicators = readIndicators(db, plan.language, { actionIds: ids }).byAction;
  return { plan, actions, institutions, notes, indicators };
}

