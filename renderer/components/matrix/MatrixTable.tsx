/**
 * The consultation matrix as a real table with grid semantics. The table holds
 * focus; arrow keys move a visible cell cursor (aria-activedescendant), which is
 * where the cell editor will attach.
 */
import { useEffect, useId, useMemo, useRef, type MouseEvent } from "react";
import type { PlanDocument } from "../../../src/domain/document";
import type { MessageKey } from "../../../src/i18n";
import { pillarTitle, profileTitle } from "../../format";
import { useLanguage, useT } from "../../i18n";
import { ActionCellContent } from "./ActionCells";
import { buildMatrix, cellCount, type MatrixColumn, type MatrixRow } from "./model";
import { useCellCursor } from "./useCellCursor";

/** Widths in rem, so the matrix keeps readable columns and scrolls sideways when it must. */
const WIDTHS: Record<string, number> = {
  ref: 4.5,
  need: 16,
  action: 28,
  institutions: 17,
  schedule: 11,
  commitments: 11,
  budget: 13,
  currency: 6,
  funding_source: 10,
  pei: 11,
  poa: 11,
};
const CUSTOM_WIDTH = 12;

function columnClass(column: MatrixColumn): string {
  return column.kind === "builtin" ? `col--${column.key}` : "col--custom";
}

export function MatrixTable({ document: doc }: { document: PlanDocument }) {
  const t = useT();
  const language = useLanguage();
  const model = useMemo(() => buildMatrix(doc), [doc]);
  const cellsPerRow = useMemo(() => model.rows.map((row) => cellCount(row, model.columns)), [model]);
  const { cursor, moveTo, onKeyDown } = useCellCursor(cellsPerRow);
  const idPrefix = useId();
  const tableRef = useRef<HTMLTableElement>(null);
  const cellId = (row: number, col: number) => `${idPrefix}-r${row}-c${col}`;
  const activeId = model.rows.length > 0 ? cellId(cursor.row, cursor.col) : undefined;
  const span = model.columns.length + 1;
  const totalWidth = WIDTHS.ref! + model.columns.reduce((sum, c) => sum + (WIDTHS[c.key] ?? CUSTOM_WIDTH), 0);

  useEffect(() => {
    // Follow the cursor only while the user is in the table, so opening a plan never jumps the page.
    if (!activeId || globalThis.document.activeElement !== tableRef.current) return;
    globalThis.document.getElementById(activeId)?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [activeId]);

  const onCellClick = (event: MouseEvent<HTMLTableElement>) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>("[data-row]");
    if (cell) moveTo({ row: Number(cell.dataset.row), col: Number(cell.dataset.col) });
  };

  const cellProps = (row: number, col: number, className: string) => {
    const current = row === cursor.row && col === cursor.col;
    return {
      id: cellId(row, col),
      role: "gridcell",
      "data-row": row,
      "data-col": col,
      "aria-selected": current,
      className: current ? `${className} is-cursor` : className,
    };
  };

  const heading = (column: MatrixColumn) =>
    column.kind === "builtin" ? t(`column.${column.key}` as MessageKey) : column.heading[language];

  const caption = t("ui.matrix.caption", { country: doc.country });

  return (
    <table
      ref={tableRef}
      className="matrix"
      role="grid"
      tabIndex={0}
      aria-label={caption}
      aria-activedescendant={activeId}
      aria-rowcount={model.rows.length + 1}
      onKeyDown={onKeyDown}
      onClick={onCellClick}
      style={{ width: `${totalWidth}rem` }}
    >
      <caption className="visually-hidden">{caption}</caption>
      <colgroup>
        <col className="col--ref" style={{ width: `${WIDTHS.ref}rem` }} />
        {model.columns.map((column) => (
          <col key={column.key} className={columnClass(column)} style={{ width: `${WIDTHS[column.key] ?? CUSTOM_WIDTH}rem` }} />
        ))}
      </colgroup>
      <thead>
        <tr role="row">
          <th scope="col" role="columnheader" className="col--ref">
            {t("ui.matrix.ref")}
          </th>
          {model.columns.map((column) => {
            const national = column.kind === "builtin" ? column.nationalHeading[language] : undefined;
            const text = heading(column);
            return (
              <th key={column.key} scope="col" role="columnheader" className={columnClass(column)} title={national && national !== text ? national : undefined}>
                {text}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {model.rows.map((row, r) => (
          <MatrixRowView key={row.key} row={row} index={r} span={span} columns={model.columns} cellProps={cellProps} template={doc.template} />
        ))}
      </tbody>
    </table>
  );
}

type CellProps = (row: number, col: number, className: string) => Record<string, unknown>;

function MatrixRowView(props: {
  row: MatrixRow;
  index: number;
  span: number;
  columns: MatrixColumn[];
  cellProps: CellProps;
  template: PlanDocument["template"];
}) {
  const { row, index, span, columns, cellProps, template } = props;
  const t = useT();
  const language = useLanguage();
  switch (row.kind) {
    case "pillar":
      return (
        <tr role="row" className="row-pillar">
          <td colSpan={span} {...cellProps(index, 0, "group-cell")}>
            <div className="group-label">
              <span className="pillar-number">{t("ui.matrix.pillar", { number: row.pillar.number })}</span>
              <span className="pillar-title">{pillarTitle(row.pillar, language)}</span>
            </div>
          </td>
        </tr>
      );
    case "need":
      return (
        <tr role="row" className="row-need">
          <td colSpan={span} {...cellProps(index, 0, "group-cell")}>
            <div className="group-label">
              <span className="need-ref">{row.ref}</span>
              <span className="need-label">{t("column.need")}</span>
              <span className="need-title">{row.need.title}</span>
              {row.need.profile ? (
                <span className="profile-badge">
                  {t("ui.matrix.profile")}: {profileTitle(row.need.profile, template, language)}
                </span>
              ) : null}
            </div>
          </td>
        </tr>
      );
    case "empty":
      return (
        <tr role="row" className="row-empty">
          <td colSpan={span} {...cellProps(index, 0, "group-cell muted")}>
            <div className="group-label">{t("ui.matrix.empty")}</div>
          </td>
        </tr>
      );
    case "action":
      return (
        <tr role="row" className={row.firstOfNeed ? "row-action row-action--first" : "row-action"}>
          <td {...cellProps(index, 0, "cell col--ref")}>{row.ref}</td>
          {columns.map((column, c) => (
            <td key={column.key} {...cellProps(index, c + 1, `cell ${columnClass(column)}`)}>
              <ActionCellContent column={column} row={row} />
            </td>
          ))}
        </tr>
      );
  }
}
