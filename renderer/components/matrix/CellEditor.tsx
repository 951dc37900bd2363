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
import { columnLeft, columnWidth, REF_WIDTH, type GridModel } from "./model";
import { TextCellEditor } from "./TextCellEditor";
import { CommitmentsPicker, InstitutionsPicker } from "./TokenPicker";

export function CellEditor({ model, index, top, scale }: { model: GridModel; index: number; top: number; scale: number }) {
  const editing = useEditor((s) => s.editing)!;
  const period = useMatriz((s) => s.document?.period);
  const t = useT();
  const locale = useNumberLocale();
  const row = model.rows[index];
  if (!row) return null;
  const column = columnAt(model, row, editing.col);
  const groupRow = row.kind === "pillar" || row.kind === "need" || (row.kind === "draft" && row.draft.kind === "need");
  const left = groupRow ? 0 : columnLeft(model.columns, editing.col);
  const width = groupRow ? Math.min(48, REF_WIDTH + model.columns.reduce((s, c) => s + columnWidth(c), 0)) : column ? columnWidth(column) : 28;
  const style: CSSProperties = { top, left: `${left * scale}rem`, minWidth: `${Math.max(width, 18) * scale}rem` };

  if (row.kind === "action" && column?.editor === "institutions") return <InstitutionsPicker key={editing.session} action={row.action} seed={editing.seed} style={style} />;
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
