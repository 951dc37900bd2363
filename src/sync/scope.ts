/**
 * Breakout groups and plenary validation, enforced on the host: a laptop may be
 * given one pillar (its group's) or the whole plan, and the host may lock a
 * pillar while the plenary validates it. A row's pillar is found by following
 * its foreign keys up to the pillar table, so rows of tables added later are
 * placed without special code.
 */
import type { Database as Db } from "better-sqlite3";
import type { Row } from "../storage/entities";
import type { PlanView, RowChange, RowPolicy } from "./engine";
import type { Scope } from "./protocol";
import { tableRules } from "./validate";

/** Directory entries a breakout group may add while typing an action's institutions. */
const DIRECTORY_INSERTS = new Set(["institution", "commitment"]);

/** The pillar a row is under; undefined for rows of the whole plan (directory, columns, rounds…). */
export function pillarOf(db: Db, entity: string, row: Row | null, view: PlanView, depth = 0): string | undefined {
  if (!row || depth > 8) return undefined;
  if (entity === "pillar") return row.id;
  for (const fk of tableRules(db, entity).foreignKeys) {
    const parentId = row[fk.from];
    if (typeof parentId !== "string") continue;
    const found = pillarOf(db, fk.table, view(fk.table, parentId), view, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function scopePolicy(db: Db, scope: () => Scope, locks: () => ReadonlySet<string>): RowPolicy {
  return (change: RowChange, view: PlanView) => {
    const before = pillarOf(db, change.entity, change.before, view);
    const after = pillarOf(db, change.entity, change.after, view);
    const pillars = [before, after].filter((p): p is string => p !== undefined);
    const locked = locks();
    if (pillars.some((p) => locked.has(p))) return "locked";
    const mine = scope();
    if (!mine) return null;
    if (pillars.length === 0) return !change.before && DIRECTORY_INSERTS.has(change.entity) ? null : "outside_scope";
    return pillars.every((p) => p === mine.pillar) ? null : "outside_scope";
  };
}
