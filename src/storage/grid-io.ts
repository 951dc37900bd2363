/**
 * The editor's reads: the grid document (the plan without its budget lines,
 * each action with a count of its lines and their years), the budget lines of
 * a few actions, and what a run of change sets did to the grid, read back from
 * the change log. Each is a handful of SQL queries, never the whole document.
 */
import type { Database as Db } from "better-sqlite3";
import type { ActionStatus, BudgetLineDoc } from "../domain/document";
import type { GridAction, GridDelta, GridDocument } from "../domain/grid";
import { statements } from "./change-log";
import { assembleDocument, budgetLineDoc, readDirectory, readSections } from "./document-io";
import { isConflictTable } from "./entities";

type R = Record<string, any>;

/** `?` bound to a JSON array of ids: one statement for any number of them. */
const IDS = "(SELECT value FROM json_each(?))";

function rows(db: Db, sql: string, ids: readonly string[] | null): R[] {
  const statement = statements(db).get(sql);
  return (ids ? statement.all(JSON.stringify(ids)) : statement.all()) as R[];
}

function grouped(list: R[], key: string): Map<string, R[]> {
  const map = new Map<string, R[]>();
  for (const row of list) {
    const k = row[key] as string;
    const group = map.get(k);
    if (group) group.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** Actions as the grid shows them, in need and position order; all of them, or those with the given ids. */
export function readGridActions(db: Db, ids: readonly string[] | null): Array<GridAction & { id: string; need_id: string }> {
  const where = (column: string) => (ids ? ` WHERE ${column} IN ${IDS}` : "");
  const actions = rows(db, `SELECT id, need_id, text, schedule, schedule_years, status, status_date FROM action${where("id")} ORDER BY need_id, position`, ids);
  const institutions = grouped(
    rows(
      db,
      `SELECT l.action_id, i.label, l.is_lead FROM action_institution l JOIN institution i ON i.id = l.institution_id${where("l.action_id")} ORDER BY l.action_id, l.position`,
      ids,
    ),
    "action_id",
  );
  const commitments = grouped(
    rows(db, `SELECT l.action_id, c.label FROM action_commitment l JOIN commitment c ON c.id = l.commitment_id${where("l.action_id")} ORDER BY l.action_id, l.position`, ids),
    "action_id",
  );
  const custom = grouped(rows(db, `SELECT v.action_id, c.key, v.value FROM custom_value v JOIN column_def c ON c.id = v.column_id${where("v.action_id")}`, ids), "action_id");
  const budget = new Map(
    rows(db, `SELECT action_id, count(*) AS n, group_concat(DISTINCT year) AS years FROM budget_line${where("action_id")} GROUP BY action_id`, ids).map((b) => [
      b.action_id as string,
      { lines: b.n as number, years: String(b.years ?? "").split(",").filter(Boolean).map(Number).sort((x, y) => x - y) },
    ]),
  );
  const none = { lines: 0, years: [] as number[] };
  return actions.map((a) => {
    const links = institutions.get(a.id) ?? [];
    const lead = links.find((l) => l.is_lead === 1);
    const action: GridAction & { id: string; need_id: string } = {
      id: a.id,
      need_id: a.need_id,
      text: a.text,
      institutions: links.map((l) => l.label as string),
      lead: lead ? (lead.label as string) : null,
      schedule: a.schedule,
      commitments: (commitments.get(a.id) ?? []).map((c) => c.label as string),
      schedule_years: JSON.parse(a.schedule_years),
      status: a.status as ActionStatus,
      budget: budget.get(a.id) ?? none,
    };
    if (a.status_date) action.status_date = a.status_date;
    const values = custom.get(a.id);
    if (values?.length) action.custom = Object.fromEntries(values.map((v) => [v.key as string, v.value as string]));
    return action;
  });
}

/** The plan for the editor: everything but the budget lines and progress notes. */
export function readGridDocument(db: Db): GridDocument {
  const byNeed = new Map<string, GridAction[]>();
  for (const { need_id, ...action } of readGridActions(db, null)) {
    const list = byNeed.get(need_id);
    if (list) list.push(action);
    else byNeed.set(need_id, [action]);
  }
  return assembleDocument(db, byNeed) as unknown as GridDocument;
}

/** The budget lines of the given actions, in the document's order (year, then entry). */
export function readBudgetLines(db: Db, actionIds: readonly string[]): Record<string, BudgetLineDoc[]> {
  const result: Record<string, BudgetLineDoc[]> = {};
  for (const id of actionIds) result[id] = [];
  const lines = rows(
    db,
    `SELECT b.*, i.label AS institution_label FROM budget_line b JOIN institution i ON i.id = b.institution_id WHERE b.action_id IN ${IDS} ORDER BY b.action_id, b.year, b.rowid`,
    actionIds,
  );
  for (const line of lines) result[line.action_id]?.push(budgetLineDoc(line, line.institution_label));
  return result;
}

export function currentRevision(db: Db): number {
  return (statements(db).get("SELECT coalesce(max(id), 0) AS r FROM change_set").get() as { r: number }).r;
}

/** Tables whose rows hang off an action: a change to one is a change to its action. */
const ACTION_PARTS = new Set(["action_institution", "action_commitment", "custom_value", "budget_line", "progress_note"]);
/** Tables outside the matrix: a change to one sends the plan's sections back whole (they are small). */
const SECTIONS = new Set(["plan", "stocktaking", "gap", "recommendation", "column_def"]);
/** Past this many changed rows, fetching the grid again is as cheap as patching it. */
const MAX_CHANGES = 100_000;

/** What the change sets after revision `from` did to the grid. */
export function gridDelta(db: Db, from: number): GridDelta {
  const revision = currentRevision(db);
  const empty: GridDelta = { from, revision, full: false, pillars: [], needs: [], actions: [], budgetLines: {} };
  if (revision === from) return empty;
  const full = { ...empty, full: true };
  const count = (statements(db).get("SELECT count(*) AS n FROM change WHERE change_set_id > ?").get(from) as { n: number }).n;
  if (count > MAX_CHANGES) return full;
  const changes = statements(db).get("SELECT entity, entity_id, op, field, old_value, new_value FROM change WHERE change_set_id > ? ORDER BY id").all(from) as R[];

  const actionIds = new Set<string>();
  const needIds = new Set<string>();
  const pillarIds = new Set<string>();
  const budgetActions = new Set<string>();
  let directory = false;
  let sections = false;
  const parentOf = (table: string, column: string, id: string): string | undefined =>
    (statements(db).get(`SELECT ${column} AS parent FROM ${table} WHERE id = ?`).get(id) as { parent: string } | undefined)?.parent;
  const rowOf = (c: R): R | null => (c.op === "update" ? null : JSON.parse(c.op === "insert" ? c.new_value : c.old_value));

  for (const c of changes) {
    const entity = c.entity as string;
    const id = c.entity_id as string;
    if (entity === "action" || entity === "need") {
      const [parentTable, parentColumn, children, parents] =
        entity === "action" ? (["action", "need_id", actionIds, needIds] as const) : (["need", "pillar_id", needIds, pillarIds] as const);
      children.add(id);
      const row = rowOf(c);
      if (row) parents.add(row[parentColumn]);
      else if (c.field === parentColumn) {
        parents.add(JSON.parse(c.old_value));
        parents.add(JSON.parse(c.new_value));
      } else if (c.field === "position") {
        const parent = parentOf(parentTable, parentColumn, id);
        if (parent) parents.add(parent);
      }
    } else if (entity === "pillar") {
      if (c.op !== "update") return full;
      pillarIds.add(id);
    } else if (ACTION_PARTS.has(entity)) {
      const actionId = rowOf(c)?.action_id ?? parentOf(entity, "action_id", id);
      if (!actionId) continue;
      actionIds.add(actionId);
      if (entity === "budget_line") budgetActions.add(actionId);
    } else if (SECTIONS.has(entity)) {
      sections = true;
    } else if (isConflictTable(entity)) {
      // A conflict reopened or resolved: the grid's marks follow the conflicts list, read on its own.
      continue;
    } else if (entity === "indicator" || entity === "indicator_value") {
      // Indicators are not drawn in the grid: the monitoring panel and the summaries read them afresh.
      continue;
    } else if (((entity === "institution" || entity === "commitment") && c.op !== "update") || entity === "consultation_round") {
      // A name added to or removed from the directory (the actions that use it are listed on their own), or a round.
      directory = true;
    } else {
      return full;
    }
  }

  const ids = (set: Set<string>) => [...set];
  const actions = readGridActions(db, ids(actionIds)).map(({ need_id: _need, ...action }) => action);
  const needRows = rows(db, `SELECT * FROM need WHERE id IN ${IDS}`, ids(needIds));
  const childActions = grouped(rows(db, `SELECT id, need_id FROM action WHERE need_id IN ${IDS} ORDER BY need_id, position`, ids(needIds)), "need_id");
  const language = (statements(db).get("SELECT language FROM plan").get() as { language: "es" | "en" }).language;
  const profileTitle = new Map(
    (statements(db).get("SELECT id, title_es, title_en FROM profile").all() as R[]).map((p) => [p.id as string, (language === "es" ? p.title_es : p.title_en) as string]),
  );
  const needs: GridDelta["needs"] = needRows.map((n) => {
    const need: GridDelta["needs"][number] = {
      id: n.id,
      profile: n.profile_id ? (profileTitle.get(n.profile_id) ?? null) : null,
      title: n.title,
      actionIds: (childActions.get(n.id) ?? []).map((a) => a.id as string),
    };
    if (n.description !== null) need.description = n.description;
    if (n.theme !== null) need.theme = n.theme;
    return need;
  });
  const pillarRows = rows(db, `SELECT * FROM pillar WHERE id IN ${IDS}`, ids(pillarIds));
  const childNeeds = grouped(rows(db, `SELECT id, pillar_id FROM need WHERE pillar_id IN ${IDS} ORDER BY pillar_id, position`, ids(pillarIds)), "pillar_id");
  const pillars: GridDelta["pillars"] = pillarRows.map((p) => ({
    id: p.id,
    number: p.number,
    title: language === "es" ? p.title_es : p.title_en,
    title_es: p.title_es,
    title_en: p.title_en,
    crrf_pillar: p.crrf_pillar,
    needIds: (childNeeds.get(p.id) ?? []).map((n) => n.id as string),
  }));
  const existing = new Set(actions.map((a) => a.id));
  const budgetLines = readBudgetLines(
    db,
    ids(budgetActions).filter((id) => existing.has(id)),
  );
  const delta: GridDelta = { from, revision, full: false, pillars, needs, actions, budgetLines };
  if (directory) delta.directory = readDirectory(db);
  if (sections) delta.sections = readSections(db);
  return delta;
}
