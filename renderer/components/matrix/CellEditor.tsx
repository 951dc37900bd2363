/**
 * The editor for the cursor cell, laid over it as spreadsheets do (so the row
 * under it may scroll or re-render without losing what is being typed): a text
 * box for texts and schedules, a picker for institutions and commitments.
 */
import type { CSSProperties } from "react";
import { formatCustomValue } from "../../../src/domain/custom-columns";
import { useNumberLocale, useT } from "../../i18n";
import { useMatriz } from "../../store";
import { columnAt } from "./commands";
import { useEditor } from "./editor-state";
import { actionColumn, columnLeft, type GridModel, type GridWidths } from "./model";
import { StatusCellEditor } from "./StatusCellEditor";
import { TextCellEditor } from "./TextCellEditor";
import { CommitmentsPicker, InstitutionsPicker } from "./TokenPicker";

/** The status list's width in rem at normal size, wider than its column so the hint fits. */
const STATUS_EDITOR_WIDTH = 15;

/**
 * `frozenFrom` is how far the grid is scrolled sideways: the frozen number and action
 * columns are drawn there, so their editor opens there too.
 */
export function CellEditor({ model, index, top, widths, frozenFrom }: { model: GridModel; index: number; top: number; widths: GridWidths; frozenFrom: number }) {
  const editing = useEditor((s) => s.editing)!;
  const period = useMatriz((s) => s.document?.period);
  const t = useT();
  const locale = useNumberLocale();
  const row = model.rows[index];
  if (!row) return null;
  const column = columnAt(model, row, editing.col);
  const groupRow = row.kind === "pillar" || row.kind === "need" || (row.kind === "draft" && row.draft.kind === "need");
  const left = groupRow ? 0 : columnLeft(widths, editing.col);
  const width = groupRow ? Math.min(48 * widths.scale, widths.total) : column ? widths.columns[editing.col - 1]! : widths.ref;
  const frozen = editing.col === actionColumn(model.columns) ? widths.ref : null;
  const style: CSSProperties = {
    top,
    left: groupRow ? `${frozenFrom}px` : frozen === null ? `${left}rem` : `max(${left}rem, calc(${frozenFrom}px + ${frozen}rem))`,
    minWidth: `${Math.max(width, 18 * widths.scale)}rem`,
  };

  if (row.kind === "action" && column?.editor === "institutions") return <InstitutionsPicker key={editing.session} action={row.action} seed={editing.seed} style={style} />;
  if (row.kind === "action" && column?.editor === "status") {
    // Wider than its column, the list opens leftwards, so the last column's list stays on screen.
    const listWidth = STATUS_EDITOR_WIDTH * widths.scale;
    const listLeft = left + widths.columns[editing.col - 1]! - listWidth;
    return <StatusCellEditor key={editing.session} action={row.action} seed={editing.seed} style={{ top, left: `${listLeft}rem`, width: `${listWidth}rem` }} />;
  }
  if (row.kind === "action" && column?.editor === "commitments") return <CommitmentsPicker key={editing.session} action={row.action} seed={editing.seed} style={style} />;

  let initial = "";
  let kind: "text" | "schedule" = "text";
  let hint: string | undefined;
  if (row.kind === "pillar") initial = row.pillar.title;
  else if (row.kind === "need") initial = row.need.title;
  else if (row.kind === "action") {
    if (column?.editor === "need") initial = row.need.title;
    else if (column?.editor === "schedule") {
      initial = row.action.schedule ?? "";
      kind = "schedule";
    } else if (column?.kind === "custom") {
      const rule = { kind: column.type, options: column.options };
      initial = formatCustomValue(rule, row.action.custom?.[column.key] ?? "", locale);
      hint =
        column.type === "list"
          ? t("ui.editor.choices", { choices: column.options.join(" · ") })
          : column.type === "date"
            ? t("ui.editor.dateHint")
            : column.type === "number"
              ? t("ui.editor.numberHint")
              : undefined;
    }
    else initial = row.action.text;
  }
  return <TextCellEditor key={editing.session} initial={editing.seed ?? initial} kind={kind} period={period} style={style} hint={hint} />;
}
