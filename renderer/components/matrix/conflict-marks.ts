/**
 * Which cells of the grid hold an open merge conflict: by action, the column the
 * conflicting field is shown in (a whole-line conflict, and fields with no column
 * of their own, mark the budget column; a plan column's value marks that column, a
 * monitoring status the status column), and how many per column for the header.
 */
import type { FinanceConflict } from "../../../src/api/contract";
import type { MatrixColumn } from "./model";

const COLUMN_OF_FIELD: Record<string, string> = { amount: "budget", currency: "currency", funding_source: "funding_source", pei: "pei", poa: "poa", status: "status" };

/** The grid column a conflicting field is shown in: custom:<key> is the plan's own column of that key. */
function columnOf(field: string | null): string {
  if (field?.startsWith("custom:")) return field.slice("custom:".length);
  return (field && COLUMN_OF_FIELD[field]) || "budget";
}

export interface ConflictMarks {
  /** Action id → column key → open conflicts in that cell. */
  byAction: Map<string, Record<string, number>>;
  byColumn: Record<string, number>;
}

export function conflictMarks(conflicts: readonly FinanceConflict[], columns: readonly MatrixColumn[]): ConflictMarks {
  const present = new Set(columns.map((c) => c.key));
  const byAction = new Map<string, Record<string, number>>();
  const byColumn: Record<string, number> = {};
  for (const conflict of conflicts) {
    if (conflict.status !== "open") continue;
    let column = columnOf(conflict.field);
    if (!present.has(column)) column = present.has("budget") ? "budget" : "action";
    const cells = byAction.get(conflict.actionId) ?? {};
    cells[column] = (cells[column] ?? 0) + 1;
    byAction.set(conflict.actionId, cells);
    byColumn[column] = (byColumn[column] ?? 0) + 1;
  }
  return { byAction, byColumn };
}
