/**
 * Edits to the plan outside the matrix: its title, period and base currency;
 * the stocktaking of existing activities; the gaps; the overarching
 * recommendations; the consultation rounds. Each call is one change set (one
 * transaction, one undo step, one entry in the history) like every matrix edit.
 */
import type { Database as Db } from "better-sqlite3";
import type { AttendanceDoc } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import { parseScheduleYears } from "../domain/schedule";
import type { ChangeMeta, ChangeWriter } from "./change-log";
import { all, invalid, one, type R } from "./edit-support";
import type { PlanStore } from "./plan-store";
import { positionAt, type Sibling } from "./positions";

export interface EditContext {
  store: PlanStore;
  meta: (label: string) => ChangeMeta;
}


function change<T>(ctx: EditContext, label: string, work: (w: ChangeWriter) => T): T {
  return ctx.store.change(ctx.meta(label), work);
}

/* ---------------------------------------------------------- plan settings */

export interface PlanSettings {
  title?: string;
  period?: { start: number; end: number };
  base_currency?: string;
}

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/**
 * Title, period and base currency in one step. A new period also re-reads the
 * years of schedules that depend on it ("By 2020" starts with the plan), in the same step.
 */
export function updatePlanSettings(ctx: EditContext, input: PlanSettings): void {
  const db = ctx.store.db;
  const plan = one(db, "SELECT id, period_start, period_end FROM plan")!;
  if (input.title !== undefined && !input.title.trim()) throw invalid("title_empty");
  if (input.period && input.period.end < input.period.start) {
    throw invalid("period_backwards", { start: input.period.start, end: input.period.end });
  }
  if (input.base_currency !== undefined && !KNOWN_CURRENCIES.has(input.base_currency)) {
    throw invalid("currency", { value: input.base_currency });
  }
  const fields = [input.title !== undefined && "title", input.period && "period", input.base_currency !== undefined && "base_currency"].filter(Boolean);
  const label = fields.length === 1 ? `plan ${fields[0]}` : "plan settings";
  change(ctx, label, (w) => {
    if (input.title !== undefined) w.update("plan", plan.id, "title", input.title.trim());
    if (input.base_currency !== undefined) w.update("plan", plan.id, "base_currency", input.base_currency);
    if (input.period && (input.period.start !== plan.period_start || input.period.end !== plan.period_end)) {
      w.update("plan", plan.id, "period_start", input.period.start);
      w.update("plan", plan.id, "period_end", input.period.end);
      for (const action of all(db, "SELECT id, schedule, schedule_years FROM action WHERE schedule IS NOT NULL")) {
        const years = JSON.stringify(parseScheduleYears(action.schedule, input.period));
        if (years !== action.schedule_years) w.update("action", action.id, "schedule_years", years);
      }
    }
  });
}

/* ------------------------------------------------------------ plain lists */

/**
 * Stocktaking rows and gaps are shown grouped by pillar but kept in one order
 * (the document's); recommendations have no pillar. A new row goes at the end
 * of its pillar's group, moving swaps it with its neighbour in the group.
 */
type ListTable = "stocktaking" | "gap" | "recommendation";

type ListEntry = Sibling & { pillar_id: string | null; pillar_number: number };

function ordered(db: Db, table: ListTable): ListEntry[] {
  const pillar = table === "recommendation" ? "NULL" : "t.pillar_id";
  const number = table === "recommendation" ? "0" : "coalesce(p.number, 0)";
  const join = table === "recommendation" ? "" : "LEFT JOIN pillar p ON p.id = t.pillar_id";
  return all(db, `SELECT t.id, t.position, ${pillar} AS pillar_id, ${number} AS pillar_number FROM ${table} t ${join} ORDER BY t.position, t.rowid`) as ListEntry[];
}

function pillarId(db: Db, method: string, number: number | null): string | null {
  if (number === null) return null;
  const row = one(db, "SELECT id FROM pillar WHERE number = ?", number);
  void method;
  if (!row) throw invalid("no_pillar", { number });
  return row.id;
}

/** Where a row of this pillar goes: after `after`, or after the last row of its pillar (or before the first row of a later pillar). */
function insertIndex(db: Db, table: ListTable, list: ListEntry[], pillar: string | null, after: string | null): number {
  if (after) {
    const at = list.findIndex((s) => s.id === after);
    if (at < 0) throw new MatrizError("not_found", { entity: table, id: after });
    return at + 1;
  }
  if (table === "recommendation") return list.length;
  let last = -1;
  list.forEach((s, i) => {
    if (s.pillar_id === pillar) last = i;
  });
  if (last >= 0) return last + 1;
  const number = pillar ? (one(db, "SELECT number FROM pillar WHERE id = ?", pillar)!.number as number) : 0;
  const later = list.findIndex((s) => s.pillar_number > number);
  return later < 0 ? list.length : later;
}

function insertRow(ctx: EditContext, table: ListTable, label: string, pillar: string | null, after: string | null, row: R): string {
  return change(ctx, label, (w) => {
    const list = ordered(ctx.store.db, table);
    const position = positionAt(w, table, list, insertIndex(ctx.store.db, table, list, pillar, after));
    const id = newId();
    w.insert(table, { id, ...row, position });
    return id;
  });
}

/** Moves a row to the end of another pillar's group when its pillar changes. */
function regroup(ctx: EditContext, w: ChangeWriter, table: "stocktaking" | "gap", id: string, pillar: string | null): void {
  const current = one(ctx.store.db, `SELECT pillar_id FROM ${table} WHERE id = ?`, id)!;
  if (current.pillar_id === pillar) return;
  w.update(table, id, "pillar_id", pillar);
  const list = ordered(ctx.store.db, table).filter((s) => s.id !== id);
  w.update(table, id, "position", positionAt(w, table, list, insertIndex(ctx.store.db, table, list, pillar, null)));
}

function existingRow(db: Db, table: ListTable, id: string): R {
  const row = one(db, `SELECT * FROM ${table} WHERE id = ?`, id);
  if (!row) throw new MatrizError("not_found", { entity: table, id });
  return row;
}

/** One place up or down within its pillar's group; false at either end. */
export function moveListRow(ctx: EditContext, table: ListTable, id: string, direction: "up" | "down"): boolean {
  const db = ctx.store.db;
  const row = existingRow(db, table, id);
  const group = ordered(db, table).filter((s) => table === "recommendation" || s.pillar_id === (row.pillar_id ?? null));
  const index = group.findIndex((s) => s.id === id);
  const target = direction === "up" ? index - 1 : index + 1;
  if (target < 0 || target >= group.length) return false;
  change(ctx, `move ${table}`, (w) => {
    const list = ordered(db, table).filter((s) => s.id !== id);
    const neighbour = list.findIndex((s) => s.id === group[target]!.id);
    w.update(table, id, "position", positionAt(w, table, list, direction === "up" ? neighbour : neighbour + 1));
  });
  return true;
}

export function removeListRow(ctx: EditContext, table: ListTable, id: string): void {
  existingRow(ctx.store.db, table, id);
  change(ctx, `delete ${table}`, (w) => w.remove(table, id));
}

export interface StocktakingInput {
  pillar: number;
  activity: string;
  supervisors: string | null;
  commitments: string[];
  theme?: string | null;
  profile?: string | null;
  commitment_detail?: string | null;
}

const cleanList = (items: string[]) => [...new Set(items.map((c) => c.trim()).filter(Boolean))];
const orNull = (text: string | null | undefined) => (text && text.trim() ? text.trim() : null);

function stocktakingRow(input: Partial<StocktakingInput>): R {
  const row: R = {};
  if (input.activity !== undefined) {
    if (!input.activity.trim()) throw invalid("activity_empty");
    row.activity = input.activity.trim();
  }
  if (input.supervisors !== undefined) row.supervisors = orNull(input.supervisors);
  if (input.commitments !== undefined) row.commitments = JSON.stringify(cleanList(input.commitments));
  if (input.theme !== undefined) row.theme = orNull(input.theme);
  if (input.profile !== undefined) row.profile = orNull(input.profile);
  if (input.commitment_detail !== undefined) row.commitment_detail = orNull(input.commitment_detail);
  return row;
}

export function insertStocktaking(ctx: EditContext, input: StocktakingInput, after: string | null = null): string {
  const pillar = pillarId(ctx.store.db, "edit.stocktaking", input.pillar)!;
  return insertRow(ctx, "stocktaking", "insert stocktaking", pillar, after, { pillar_id: pillar, ...stocktakingRow(input) });
}

export function updateStocktaking(ctx: EditContext, id: string, input: Partial<StocktakingInput>): void {
  existingRow(ctx.store.db, "stocktaking", id);
  const pillar = input.pillar === undefined ? undefined : pillarId(ctx.store.db, "edit.stocktaking", input.pillar)!;
  const row = stocktakingRow(input);
  change(ctx, "update stocktaking", (w) => {
    for (const [field, value] of Object.entries(row)) w.update("stocktaking", id, field, value);
    if (pillar !== undefined) regroup(ctx, w, "stocktaking", id, pillar);
  });
}

export interface GapInput {
  pillar: number | null;
  text: string;
}

function requireText(method: string, text: string): string {
  void method;
  if (!text.trim()) throw invalid("text_empty");
  return text.trim();
}

export function insertGap(ctx: EditContext, input: GapInput, after: string | null = null): string {
  const pillar = pillarId(ctx.store.db, "edit.gap", input.pillar);
  return insertRow(ctx, "gap", "insert gap", pillar, after, { pillar_id: pillar, text: requireText("edit.gap", input.text) });
}

export function updateGap(ctx: EditContext, id: string, input: Partial<GapInput>): void {
  existingRow(ctx.store.db, "gap", id);
  const pillar = input.pillar === undefined ? undefined : pillarId(ctx.store.db, "edit.gap", input.pillar);
  const text = input.text === undefined ? undefined : requireText("edit.gap", input.text);
  change(ctx, "update gap", (w) => {
    if (text !== undefined) w.update("gap", id, "text", text);
    if (pillar !== undefined) regroup(ctx, w, "gap", id, pillar);
  });
}

/** A recommendation made in the app has no institutions, schedule or commitments yet, as Belize's. */
const NEW_RECOMMENDATION_DETAIL = JSON.stringify({ institutions: [], lead: null, schedule: null, commitments: [] });

export function insertRecommendation(ctx: EditContext, text: string, after: string | null = null): string {
  return insertRow(ctx, "recommendation", "insert recommendation", null, after, {
    text: requireText("edit.recommendation", text),
    detail: NEW_RECOMMENDATION_DETAIL,
  });
}

export function updateRecommendation(ctx: EditContext, id: string, text: string): void {
  existingRow(ctx.store.db, "recommendation", id);
  const clean = requireText("edit.recommendation", text);
  change(ctx, "update recommendation", (w) => w.update("recommendation", id, "text", clean));
}

/* ---------------------------------------------------- consultation rounds */

export interface RoundFields {
  date?: string | null;
  place?: string | null;
  participants?: string | null;
  attendance?: AttendanceDoc[];
  objectives?: string | null;
  progress?: string | null;
}

function roundRow(fields: RoundFields): R {
  const row: R = {};
  for (const key of ["date", "place", "participants", "objectives", "progress"] as const) {
    if (fields[key] !== undefined) row[key] = orNull(fields[key]);
  }
  if (fields.attendance !== undefined) {
    const names = fields.attendance.map((a) => `${a.kind}:${a.name.trim().toLowerCase()}`);
    if (new Set(names).size !== names.length) throw invalid("attendance_twice");
    row.attendance = JSON.stringify(fields.attendance.map((a) => ({ ...a, name: a.name.trim() })));
  }
  return row;
}

/**
 * Opens a new numbered round. Its creation is not an undo step (see history.ts):
 * edits recorded in the round point at it, so taking it away again would orphan them.
 */
export function createRound(ctx: EditContext, fields: RoundFields): string {
  const db = ctx.store.db;
  const next = (one(db, "SELECT coalesce(max(number), 0) + 1 AS n FROM consultation_round")!.n as number) ?? 1;
  const id = newId();
  const row = roundRow(fields);
  change(ctx, `consultation round ${next}`, (w) =>
    w.insert("consultation_round", { id, number: next, date: null, participants: null, objectives: null, progress: null, place: null, attendance: "[]", ...row }),
  );
  return id;
}

export function updateRound(ctx: EditContext, id: string, fields: RoundFields): void {
  existingRound(ctx.store.db, id);
  const row = roundRow(fields);
  change(ctx, "update consultation round", (w) => {
    for (const [field, value] of Object.entries(row)) w.update("consultation_round", id, field, value);
  });
}

function existingRound(db: Db, id: string): R {
  const row = one(db, "SELECT * FROM consultation_round WHERE id = ?", id);
  if (!row) throw new MatrizError("not_found", { entity: "consultation_round", id });
  return row;
}

/** A round opened by mistake can go while nothing was recorded in it; after that it is part of the plan's history. */
export function removeRound(ctx: EditContext, id: string): void {
  const round = existingRound(ctx.store.db, id);
  const used = one(ctx.store.db, "SELECT count(*) AS n FROM change_set WHERE round_id = ?", id)!.n as number;
  const imported = one(ctx.store.db, "SELECT count(*) AS n FROM imported_file WHERE round_id = ?", id)!.n as number;
  if (used + imported > 0) {
    throw invalid("round_in_use", { number: round.number, count: used + imported });
  }
  change(ctx, "delete consultation round", (w) => w.remove("consultation_round", id));
}
