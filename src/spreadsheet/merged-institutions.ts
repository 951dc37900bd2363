/**
 * A workbook exported for a spelling that was merged since into another entry
 * still imports: its base snapshot and what it brought back are read as the
 * surviving entry's, so they meet the plan's lines (which moved to the survivor)
 * in the three-way merge. The file and its export record keep the ids they were
 * made with; only what is compared follows the merge.
 */
import type { Database as Db } from "better-sqlite3";
import { statements } from "../storage/change-log";
import type { ReturnedFile } from "./returned";
import type { FinanceSnapshot, LineRecord } from "./snapshot";

type R = Record<string, any>;

/** Merged spelling id → surviving entry id and label. */
function mergedIds(db: Db): Map<string, { id: string; label: string }> {
  const rows = statements(db).get("SELECT i.id, s.id AS into_id, s.label AS into_label FROM institution i JOIN institution s ON s.id = i.merged_into").all() as R[];
  return new Map(rows.map((r) => [r.id as string, { id: r.into_id as string, label: r.into_label as string }]));
}

/** The entry an institution id stands for now. */
export function currentInstitutionId(db: Db, id: string | null): string | null {
  if (!id) return id;
  const row = statements(db).get("SELECT merged_into FROM institution WHERE id = ?").get(id) as R | undefined;
  return (row?.merged_into as string | null | undefined) ?? id;
}

/** Rewrites, in place, the base and the returned values of one file onto the surviving entries. */
export function followMergedInstitutions(db: Db, base: FinanceSnapshot, returned: ReturnedFile): void {
  const merged = mergedIds(db);
  if (!merged.size) return;
  const now = (id: string) => merged.get(id)?.id ?? id;
  const moveKey = (key: string) => (key.startsWith("new:") ? key.replace(/^new:([^:]*):([^:#]*)/, (_, action: string, institution: string) => `new:${action}:${now(institution)}`) : key);
  const moveLine = (line: LineRecord): LineRecord => ({ ...line, institutionId: now(line.institutionId) });

  // Both ids answer with the surviving name: the preview says whose file this is now.
  for (const [id, survivor] of merged) if (base.institutions[id] !== undefined) base.institutions[id] = base.institutions[survivor.id] = survivor.label;
  if (base.institutionId) base.institutionId = now(base.institutionId);
  base.pairs = base.pairs.map(([action, institution]) => [action, now(institution)]);
  base.lines = Object.fromEntries(Object.entries(base.lines).map(([key, line]) => [moveKey(key), moveLine(line)]));
  returned.values = new Map([...returned.values].map(([key, line]) => [moveKey(key), line ? moveLine(line) : null]));
  returned.matches = returned.matches.map((m) => ({ ...m, institutionId: now(m.institutionId) }));
  returned.proposed = returned.proposed.map((p) => ({ ...p, institutionId: p.institutionId ? now(p.institutionId) : null }));
}
