/**
 * The editor for the cursor cell, laid over it as spreadsheets do (so the row
 * under it may scroll or re-render without losing what is being typed): a text
 * box for texts and schedules, a picker for institutions and commitments.
 */
import type { CSSProperties } from "react";
import { useMatriz } from "../../store";
import { columnAt } from "./commands";
import { useEditor } from "./editor-state";
import { columnLeft, columnWidth, REF_WIDTH, type GridModel } from "./model";
import { StatusCellEditor } from "./StatusCellEditor";
import { TextCellEditor } from "./TextCellEditor";
import { CommitmentsPicker, InstitutionsPicker } from "./TokenPicker";

/** The status list's width in rem, wider than its column so the hint fits. */
const STATUS_EDITOR_WIDTH = 15;

export function CellEditor({ model, index, top, scale }: { model: GridModel; index: number; top: number; scale: number }) {
  const editing = useEditor((s) => s.editing)!;
  const period = useMatriz((s) => s.document?.period);
  const row = model.rows[index];
  if (!row) return null;
  const column = columnAt(model, row, editing.col);
  const groupRow = row.kind === "pillar" || row.kind === "need" || (row.kind === "draft" && row.draft.kind === "need");
  const left = groupRow ? 0 : columnLeft(model.columns, editing.col);
  const width = groupRow ? Math.min(48, REF_WIDTH + model.columns.reduce((s, c) => s + columnWidth(c), 0)) : column ? columnWidth(column) : 28;
  const style: CSSProperties = { top, left: `${left * scale}rem`, minWidth: `${Math.max(width, 18) * scale}rem` };

  if (row.kind === "action" && column?.editor === "institutions") return <InstitutionsPicker key={editing.session} action={row.action} seed={editing.seed} style={style} />;
  if (row.kind === "action" && column?.editor === "status") {
    // Wider than its column, the list opens leftwards, so the last column's list stays on screen.
    const listLeft = left + columnWidth(column) - STATUS_EDITOR_WIDTH;
    return <StatusCellEditor key={editing.session} action={row.action} seed={editing.seed} style={{ top, left: `${listLeft * scale}rem`, width: `${STATUS_EDITOR_WIDTH * scale}rem` }} />;
  }
  if (row.kind === "action" && column?.editor === "commitments") return <CommitmentsPicker key={editing.session} action={row.action} seed={editing.seed} style={style} />;

  let initial = "";
  let kind: "text" | "schedule" = "text";
  if (row.kind === "pillar") initial = row.pillar.title;
  else if (row.kind === "need") initial = row.need.title;
  else if (row.kind === "action") {
    if (column?.editor === "need") initial = row.need.title;
    else if (column?.editor === "schedule") {
      initial = row.action.schedule ?? "";
      kind = "schedule";
    } else if (column?.kind === "custom") initial = row.action.custom?.[column.key] ?? "";
    else initial = row.action.text;
  }
  return <TextCellEditor key={editing.session} initial={editing.seed ?? initial} kind={kind} period={period} style={style} />;
}
