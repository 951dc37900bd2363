/**
 * Conflicts from live editing and merged copies, beside those from returned
 * workbooks: one cell typed on two laptops at once, an edit that met a
 * deletion, an update the host refused. Each keeps both values and who typed
 * them; resolving takes one side as a change set of the person resolving, so
 * it reaches the other laptops as an ordinary edit.
 */
import type { Database as Db } from "better-sqlite3";
import { MatrizError } from "../domain/errors";
import { encodeChangeLabel } from "../domain/change-labels";
import { inChangeSet, nowIso, statements, type ChangeMeta, type ChangeWriter } from "../storage/change-log";
import { ENTITY_COLUMNS, isEntity, type Row, type SqlValue } from "../storage/entities";
import type { CliContext } from "../cli/context";
import { PlanStore } from "../storage/plan-store";

/** plan: keep what the plan holds now; returned: take the other laptop's value; base: go back to the value before both. */
export type SyncTake = "plan" | "returned" | "base";

export interface SyncConflict {
  origin: "live";
  id: string;
  entity: string;
  entityId: string;
  field: string | null;
  kind: "both_changed" | "edit_vs_delete" | "refused";
  base: unknown;
  /** What the plan holds (the value that won, or null for a deleted row). */
  plan: unknown;
  /** The other laptop's value. */
  returned: unknown;
  planBy: { author: string; at: string; device: { id: string; name: string } | null } | null;
  returnedBy: { author: string; at: string; device: { id: string; name: string } | null } | null;
  reason: string | null;
  status: "open" | "resolved";
  resolution: "kept" | "other" | "base" | null;
  createdAt: string;
}

type R = Record<string, any>;
const parse = (text: string | null) => (text === null ? null : JSON.parse(text));

function fromRow(r: R): SyncConflict {
  return {
    origin: "live",
    id: r.id,
    entity: r.entity,
    entityId: r.entity_id,
    field: r.field,
    kind: r.kind,
    base: parse(r.base_value),
    plan: parse(r.kept_value),
    returned: parse(r.other_value),
    planBy: parse(r.kept_by),
    returnedBy: parse(r.other_by),
    reason: r.reason,
    status: r.status,
    resolution: r.resolution,
    createdAt: r.created_at,
  };
}

/** Fields written with another by one edit (a schedule and the years read from it, a status and its date): their conflicts are that field's. */
const COMPANIONS: Record<string, Record<string, string>> = { action: { schedule_years: "schedule", status_date: "status" } };

/** The open conflict this one goes with (the schedule's for its years), if it is in the list. */
export function companionOf(c: SyncConflict, list: readonly SyncConflict[]): SyncConflict | null {
  const main = c.field ? COMPANIONS[c.entity]?.[c.field] : undefined;
  if (!main || c.kind !== "both_changed") return null;
  return list.find((o) => o !== c && o.entity === c.entity && o.entityId === c.entityId && o.field === main && o.kind === "both_changed" && o.status === c.status) ?? null;
}

/** One conflict as a person reads it: a field and the fields written with it. */
export interface SyncConflictGroup {
  main: SyncConflict;
  companions: SyncConflict[];
}

/** The conflicts grouped: a schedule with its years, a status with its date, in the list's order. */
export function groupConflicts(list: readonly SyncConflict[]): SyncConflictGroup[] {
  const groups = new Map<SyncConflict, SyncConflictGroup>();
  for (const c of list) if (!companionOf(c, list)) groups.set(c, { main: c, companions: [] });
  for (const c of list) {
    const main = companionOf(c, list);
    if (main) groups.get(main)?.companions.push(c);
  }
  return [...groups.values()];
}

/** How many of these conflicts people see: a field written with another (a schedule's years) counts with it. */
export function readableCount(db: Db, ids: readonly string[]): number {
  const list = listSyncConflicts(db);
  return list.filter((c) => ids.includes(c.id) && !companionOf(c, list)).length;
}

/**
 * Resolves conflicts as people see them, in one transaction: each with the fields
 * written with it (the years read from a schedule, the date of a status) taken
 * from the same side. Answers how many were chosen.
 */
export function resolveWithCompanions(db: Db, ids: readonly string[] | "all", take: SyncTake, who: SyncResolver): number {
  const open = listSyncConflicts(db);
  const chosen = ids === "all" ? groupConflicts(open).map((g) => g.main.id) : [...ids];
  // The chosen ones first, each followed by the fields written with it: one change set, one step of undo.
  const all = new Set<string>();
  for (const id of chosen) {
    all.add(id);
    const conflict = open.find((c) => c.id === id);
    if (conflict) for (const c of open) if (companionOf(c, [conflict])) all.add(c.id);
  }
  if (all.size) resolveSyncConflicts(db, [...all], take, { ...who, shown: chosen.length });
  return chosen.length;
}

function hasTable(db: Db): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_conflict'").get());
}

export function listSyncConflicts(db: Db, options: { all?: boolean } = {}): SyncConflict[] {
  if (!hasTable(db)) return [];
  const rows = statements(db)
    .get(`SELECT * FROM sync_conflict ${options.all ? "" : "WHERE status = 'open'"} ORDER BY created_at, rowid`)
    .all() as R[];
  return rows.map(fromRow);
}

export function findSyncConflict(db: Db, id: string): SyncConflict | null {
  if (!hasTable(db)) return null;
  const row = statements(db).get("SELECT * FROM sync_conflict WHERE id = ?").get(id) as R | undefined;
  return row ? fromRow(row) : null;
}

/** Writes the chosen side: one field of the row as it is now, or a whole row (put back, or deleted for null). */
function writeSide(w: ChangeWriter, conflict: SyncConflict, value: unknown): void {
  if (!isEntity(conflict.entity)) throw new MatrizError("not_found", { entity: "table", id: conflict.entity });
  const entity = conflict.entity;
  const current = w.read(entity, conflict.entityId);
  if (conflict.field && conflict.kind === "both_changed") {
    if (current) w.update(entity, conflict.entityId, conflict.field, value as SqlValue);
    return;
  }
  // A whole row (edit against delete, a refused row): null deletes it, values put it back as they were.
  if (value === null || value === undefined) {
    if (current) w.remove(entity, conflict.entityId);
    return;
  }
  const values = value as Record<string, unknown>;
  if (!current) {
    const row: Row = { id: conflict.entityId };
    for (const field of ENTITY_COLUMNS[entity]) row[field] = (values[field] ?? null) as SqlValue;
    w.insert(entity, row);
    return;
  }
  for (const field of ENTITY_COLUMNS[entity]) if (field in values) w.update(entity, conflict.entityId, field, (values[field] ?? null) as SqlValue);
}

/** The value a side stands for: an edit that met a deletion comes back whole, with the base's fields. */
function sideValue(conflict: SyncConflict, take: SyncTake): unknown {
  if (take === "returned") return conflict.returned;
  return conflict.kind === "edit_vs_delete" ? conflict.returned && { ...(conflict.returned as object), ...(conflict.base as object) } : conflict.base;
}

export interface SyncResolver {
  author: string;
  /** typed (the default): from the app, one step of undo; cli: a script's, a floor undo does not go below (as every command's edit). */
  source?: "typed" | "cli";
  device?: { id: string; name: string } | null;
  roundId?: string | null;
  /** How many conflicts the person chose, for History (fields that follow another are not counted); all of them when not given. */
  shown?: number;
}

/**
 * Resolves live conflicts by taking one side, all in one change set of the person
 * resolving: one step of their undo. The values taken reach the room as an ordinary
 * edit; each conflict's status is written through the change log in the same change
 * set (as for returned workbooks' conflicts), so their undo reopens the conflicts,
 * with the plan's value back, on every laptop, and their redo resolves them again.
 */
export function resolveSyncConflicts(db: Db, ids: readonly string[], take: SyncTake, who: SyncResolver): SyncConflict[] {
  const conflicts = [...new Set(ids)].map((id) => {
    const conflict = findSyncConflict(db, id);
    if (!conflict) throw new MatrizError("not_found", { entity: "conflict", id });
    if (conflict.status === "resolved") throw new MatrizError("conflict_resolved", { id });
    return conflict;
  });
  if (!conflicts.length) return [];
  const resolution = take === "plan" ? "kept" : take === "returned" ? "other" : "base";
  const at = nowIso();
  const meta: ChangeMeta = {
    author: who.author,
    source: who.source ?? "typed",
    roundId: who.roundId ?? null,
    label: encodeChangeLabel({ label: "conflicts.resolve", count: String(who.shown ?? conflicts.length), take, origin: "live" }),
    at,
    ...(who.device !== undefined ? { device: who.device } : {}),
  };
  inChangeSet(db, meta, (w) => {
    for (const conflict of conflicts) {
      if (take !== "plan") writeSide(w, conflict, sideValue(conflict, take));
      w.updateFields("sync_conflict", conflict.id, { status: "resolved", resolution, resolved_at: at });
    }
  });
  return conflicts.map((conflict) => ({ ...conflict, status: "resolved", resolution }));
}

export function resolveSyncConflict(db: Db, id: string, take: SyncTake, who: SyncResolver): SyncConflict {
  return resolveSyncConflicts(db, [id], take, who)[0]!;
}

/**
 * `matriz resolve` for live conflicts: the id names one (answers the exit code),
 * or --all resolves every open one and lets the finance ones follow (answers
 * null, as for an id that is not a live conflict).
 */
export function resolveLiveFromCli(ctx: CliContext): number | null {
  const take = ctx.values.take as SyncTake | undefined;
  const [plan, id] = ctx.args;
  if (!plan || !take || !["plan", "returned", "base"].includes(take)) return null;
  const store = PlanStore.open(ctx.resolve(plan));
  try {
    if (ctx.values.all) {
      const count = resolveWithCompanions(store.db, "all", take, { author: ctx.author(), source: "cli" });
      if (count) ctx.io.out(ctx.say("cli.sync.resolvedLive", { count, take }));
      return null;
    }
    if (!id || !findSyncConflict(store.db, id)) return null;
    resolveWithCompanions(store.db, [id], take, { author: ctx.author(), source: "cli" });
    ctx.io.out(ctx.say("cli.sync.resolvedLive", { count: 1, take }));
    return 0;
  } finally {
    store.close();
  }
}
