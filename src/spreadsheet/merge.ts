/**
 * The three-way merge of budget lines, pure: base (what was exported), plan
 * (what the plan holds now) and returned (what the institution sent back).
 * A change made on one side only is applied; a field changed on both sides to
 * different values, an edit against a deletion, and a line added on both sides
 * differently become conflicts that keep all three values. Lines the returned
 * file says nothing about are left alone.
 */
import { LINE_FIELDS, type LineField, type LineFields, type LineRecord } from "./snapshot";

export type ConflictKind = "both_changed" | "edit_vs_delete" | "delete_vs_edit" | "added_twice";

export type MergeOp =
  | { op: "insert"; key: string; record: LineRecord }
  | { op: "update"; key: string; fields: Partial<LineFields> }
  | { op: "delete"; key: string };

export interface MergeConflict {
  key: string;
  /** null: the conflict is about the whole line (present on one side, absent on another). */
  field: LineField | null;
  kind: ConflictKind;
  actionId: string;
  institutionId: string;
  year: number;
  base: LineFields[LineField] | LineFields | null;
  plan: LineFields[LineField] | LineFields | null;
  returned: LineFields[LineField] | LineFields | null;
}

export interface MergeResult {
  ops: MergeOp[];
  conflicts: MergeConflict[];
}

export function sameFields(a: LineFields, b: LineFields): boolean {
  return LINE_FIELDS.every((f) => a[f] === b[f]);
}

export function mergeLines(
  base: ReadonlyMap<string, LineRecord>,
  plan: ReadonlyMap<string, LineRecord>,
  returned: ReadonlyMap<string, LineRecord | null>,
): MergeResult {
  const ops: MergeOp[] = [];
  const conflicts: MergeConflict[] = [];
  for (const [key, r] of returned) {
    const b = base.get(key);
    const p = plan.get(key);
    const where = r ?? p ?? b;
    if (!where) continue;
    const conflict = (kind: ConflictKind, field: LineField | null, values: Pick<MergeConflict, "base" | "plan" | "returned">) =>
      conflicts.push({ key, field, kind, actionId: where.actionId, institutionId: where.institutionId, year: where.year, ...values });

    if (r === null) {
      if (!b || !p) continue; // removed on both sides, or nothing to remove
      if (sameFields(p.fields, b.fields)) ops.push({ op: "delete", key });
      else conflict("delete_vs_edit", null, { base: b.fields, plan: p.fields, returned: null });
      continue;
    }
    if (!b) {
      if (!p) ops.push({ op: "insert", key, record: r });
      else if (!sameFields(p.fields, r.fields)) conflict("added_twice", null, { base: null, plan: p.fields, returned: r.fields });
      continue;
    }
    if (!p) {
      if (!sameFields(r.fields, b.fields)) conflict("edit_vs_delete", null, { base: b.fields, plan: null, returned: r.fields });
      continue;
    }
    const update: Partial<LineFields> = {};
    for (const field of LINE_FIELDS) {
      const [bv, pv, rv] = [b.fields[field], p.fields[field], r.fields[field]];
      if (rv === bv || rv === pv) continue;
      if (pv === bv) (update as Record<string, unknown>)[field] = rv;
      else conflict("both_changed", field, { base: bv, plan: pv, returned: rv });
    }
    if (Object.keys(update).length) ops.push({ op: "update", key, fields: update });
  }
  return { ops, conflicts };
}

/** The plan side after the merge's operations, for checking a merge without a database. */
export function applyOps(plan: ReadonlyMap<string, LineRecord>, ops: readonly MergeOp[]): Map<string, LineRecord> {
  const next = new Map(plan);
  for (const op of ops) {
    if (op.op === "insert") next.set(op.key, op.record);
    else if (op.op === "delete") next.delete(op.key);
    else {
      const line = next.get(op.key)!;
      next.set(op.key, { ...line, fields: { ...line.fields, ...op.fields } });
    }
  }
  return next;
}

export interface MergeCounts {
  added: number;
  changed: number;
  removed: number;
  conflicts: number;
}

export function countMerge(result: MergeResult): MergeCounts {
  return {
    added: result.ops.filter((o) => o.op === "insert").length,
    changed: result.ops.filter((o) => o.op === "update").length,
    removed: result.ops.filter((o) => o.op === "delete").length,
    conflicts: result.conflicts.length,
  };
}
