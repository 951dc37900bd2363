/**
 * One row of the grid: a pillar band, a need band, an action, the "no needs yet"
 * row or the draft of a new row. Memoised on what it draws, so a keystroke or a
 * cell edit repaints only the rows it touched.
 */
import { memo, type CSSProperties, type ReactNode, type Ref } from "react";
import type { PlanDocument } from "../../../src/domain/document";
import { pillarTitle, profileTitle } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { ActionCellContent } from "./ActionCells";
import { GRID_ID } from "./commands";
import type { GridRow, MatrixColumn } from "./model";

export const cellId = (row: number, col: number) => `${GRID_ID}-r${row}-c${col}`;

export function columnClass(column: MatrixColumn): string {
  return column.kind === "custom" ? "col--custom" : `col--${column.key}`;
}

export interface GridRowProps {
  row: GridRow;
  index: number;
  columns: MatrixColumn[];
  /** The cursor's column in this row, or -1. */
  cursorCol: number;
  /** The selected columns in this row (inclusive), or -1 when the row is outside the block. */
  selectedFrom: number;
  selectedTo: number;
  editingCol: number;
  template: PlanDocument["template"];
  measure: Ref<HTMLTableRowElement>;
  /** Open merge conflicts of this action, by column key. */
  conflicts?: Record<string, number>;
  /** Other people's cursors on this row (a live workshop): the cell, their name and colour. */
  peers?: PeerMark[];
}

export interface PeerMark {
  col: number;
  name: string;
  colour: string;
}

/** The outline and name of whoever else is on this cell. */
function peerAt(props: GridRowProps, col: number, t: (key: "ui.live.cursorOf", params: { name: string }) => string): { className: string; style?: CSSProperties; labels: ReactNode } {
  const here = props.peers?.filter((p) => p.col === col);
  if (!here?.length) return { className: "", labels: null };
  return {
    className: " has-peer",
    style: { ["--peer" as string]: here[0]!.colour },
    labels: (
      <span className="peer-names">
        {here.map((p) => (
          <span key={p.name} className="peer-name" style={{ background: p.colour }} title={t("ui.live.cursorOf", { name: p.name })}>
            {p.name}
          </span>
        ))}
      </span>
    ),
  };
}

function cellProps(props: GridRowProps, col: number, className: string) {
  const { index, cursorCol, selectedFrom, selectedTo, editingCol } = props;
  const isCursor = col === cursorCol;
  const selected = selectedFrom >= 0 && col >= selectedFrom && col <= selectedTo;
  const classes = [className, isCursor && "is-cursor", selected && "is-selected", col === editingCol && "is-editing"].filter(Boolean).join(" ");
  return { id: cellId(index, col), role: "gridcell", "data-row": index, "data-col": col, "aria-selected": isCursor || selected, className: classes };
}

function GridRowView(props: GridRowProps) {
  const { row, index, columns, template, measure } = props;
  const t = useT();
  const language = useLanguage();
  const span = columns.length + 1;
  const group = peerAt(props, 0, t);
  const rowProps = { ref: measure, role: "row", "data-index": index, "aria-rowindex": index + 2, "data-key": row.key };
  switch (row.kind) {
    case "pillar":
      return (
        <tr {...rowProps} className="row-pillar">
          <td colSpan={span} {...cellProps(props, 0, `group-cell${group.className}`)} style={group.style}>
            {group.labels}
            <div className="group-label">
              <span className="pillar-number">{t("ui.matrix.pillar", { number: row.pillar.number })}</span>
              <span className="pillar-title">{pillarTitle(row.pillar, language)}</span>
            </div>
          </td>
        </tr>
      );
    case "need":
      return (
        <tr {...rowProps} className="row-need">
          <td colSpan={span} {...cellProps(props, 0, `group-cell${group.className}`)} style={group.style}>
            {group.labels}
            <div className="group-label">
              <span className="need-ref">{row.ref}</span>
              <span className="need-label">{t("column.need")}</span>
              <span className="need-title">{row.need.title}</span>
              {row.need.profile ? (
                <span className="profile-badge">
                  {t("ui.matrix.profile")}: {profileTitle(row.need.profile, template, language)}
                </span>
              ) : null}
              {row.need.theme ? <span className="theme-badge">{row.need.theme}</span> : null}
              {row.need.description ? (
                <span className="need-description" title={row.need.description}>
                  {row.need.description}
                </span>
              ) : null}
              {row.need.actions.length === 0 ? <span className="group-hint">{t("ui.matrix.emptyNeed")}</span> : null}
            </div>
          </td>
        </tr>
      );
    case "empty":
      return (
        <tr {...rowProps} className="row-empty">
          <td colSpan={span} {...cellProps(props, 0, "group-cell muted")}>
            <div className="group-label">{t("ui.matrix.empty")}</div>
          </td>
        </tr>
      );
    case "draft":
      return row.draft.kind === "need" ? (
        <tr {...rowProps} className="row-need row-draft">
          <td colSpan={span} {...cellProps(props, 0, "group-cell")}>
            <div className="group-label">{t("ui.matrix.newNeed")}</div>
          </td>
        </tr>
      ) : (
        <tr {...rowProps} className="row-action row-draft">
          <td {...cellProps(props, 0, "cell col--ref")}>+</td>
          {columns.map((column, c) => (
            <td key={column.key} {...cellProps(props, c + 1, `cell ${columnClass(column)}`)} />
          ))}
        </tr>
      );
    case "action":
      return (
        <tr {...rowProps} className={`row-action${row.firstOfNeed ? " row-action--first" : ""}${index % 2 ? " row-action--odd" : ""}`}>
          <td {...cellProps(props, 0, `cell col--ref${group.className}`)} style={group.style}>
            {group.labels}
            {row.ref}
          </td>
          {columns.map((column, c) => {
            const open = props.conflicts?.[column.key] ?? 0;
            const peer = peerAt(props, c + 1, t);
            return (
              <td key={column.key} {...cellProps(props, c + 1, `cell ${columnClass(column)}${open ? " has-conflict" : ""}${peer.className}`)} style={peer.style} data-conflicts={open || undefined}>
                {peer.labels}
                {open ? (
                  <span className="conflict-mark" title={t("ui.finance.conflictMark", { count: open })}>
                    <span aria-hidden="true">!</span>
                    <span className="visually-hidden">{t("ui.finance.conflictMark", { count: open })}</span>
                  </span>
                ) : null}
                <ActionCellContent column={column} action={row.action} needTitle={row.need.title} firstOfNeed={row.firstOfNeed} />
              </td>
            );
          })}
        </tr>
      );
  }
}

/** What a row draws, compared field by field: the document is copied along edited paths, so identity alone says too much. */
function sameContent(a: GridRow, b: GridRow): boolean {
  if (a.kind !== b.kind || a.key !== b.key) return false;
  switch (a.kind) {
    case "pillar": {
      const p = (b as typeof a).pillar;
      return a.pillar.number === p.number && a.pillar.title === p.title && a.pillar.title_es === p.title_es && a.pillar.title_en === p.title_en;
    }
    case "need": {
      const n = b as typeof a;
      return (
        a.ref === n.ref &&
        a.need.title === n.need.title &&
        a.need.profile === n.need.profile &&
        a.need.theme === n.need.theme &&
        a.need.description === n.need.description &&
        (a.need.actions.length === 0) === (n.need.actions.length === 0)
      );
    }
    case "action": {
      const r = b as typeof a;
      return a.action === r.action && a.ref === r.ref && a.firstOfNeed === r.firstOfNeed && a.need.title === r.need.title;
    }
    default:
      return true;
  }
}

export const GridRowMemo = memo(GridRowView, (prev, next) => {
  return (
    prev.index === next.index &&
    prev.columns === next.columns &&
    prev.cursorCol === next.cursorCol &&
    prev.selectedFrom === next.selectedFrom &&
    prev.selectedTo === next.selectedTo &&
    prev.editingCol === next.editingCol &&
    prev.template === next.template &&
    prev.measure === next.measure &&
    prev.conflicts === next.conflicts &&
    prev.peers === next.peers &&
    sameContent(prev.row, next.row)
  );
});
