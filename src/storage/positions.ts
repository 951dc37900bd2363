/**
 * Rows are ordered by a REAL position so that inserting or moving one row
 * writes one value, not a renumbering of its siblings (which would flood the
 * change log and make merges conflict needlessly).
 */
import type { Database as Db } from "better-sqlite3";
import type { ChangeWriter } from "./change-log";
import { statements } from "./change-log";

export type Ordered = "need" | "action" | "pillar" | "stocktaking" | "gap" | "recommendation" | "column_def";
const PARENT: Record<Ordered, string | null> = {
  need: "pillar_id",
  action: "need_id",
  pillar: null,
  stocktaking: "pillar_id",
  gap: "pillar_id",
  recommendation: null,
  column_def: null,
};

export interface Sibling {
  id: string;
  position: number;
}

export function siblings(db: Db, table: Ordered, parentId: string | null): Sibling[] {
  const parent = PARENT[table];
  const sql = parent
    ? `SELECT id, position FROM ${table} WHERE ${parent} IS ? ORDER BY position, rowid`
    : `SELECT id, position FROM ${table} ORDER BY position, rowid`;
  return (parent ? statements(db).get(sql).all(parentId) : statements(db).get(sql).all()) as Sibling[];
}

/**
 * The position for a new row at `index` among `list` (0 = first, list.length = last).
 * When two neighbours are too close to split, the siblings are spread out again first.
 */
export function positionAt(writer: ChangeWriter, table: Ordered, list: Sibling[], index: number): number {
  const before = list[index - 1]?.position;
  const after = list[index]?.position;
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  const middle = (before + after) / 2;
  if (middle > before && middle < after && after - before > 1e-9) return middle;
  list.forEach((sibling, i) => {
    const spread = i < index ? i + 1 : i + 2;
    writer.update(table, sibling.id, "position", spread);
    sibling.position = spread;
  });
  return index + 1;
}
