/**
 * The consultation matrix as a virtualised ARIA grid: a real table (so columns
 * line up) whose body holds only the rows on screen plus spacers. The table keeps
 * focus and points at the cursor cell with aria-activedescendant; the cursor row
 * is always rendered, so that id always exists. Editors open over the cursor cell.
 */
import { defaultRangeExtractor, useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type MouseEvent } from "react";
import type { MessageKey } from "../../../src/i18n";
import { useLanguage, useT } from "../../i18n";
import { useMatriz } from "../../store";
import { CellEditor } from "./CellEditor";
import { GRID_ID, openMenu, setCursor, startEdit } from "./commands";
import { resolveCursor, selectionBlock, useEditor } from "./editor-state";
import { cellId, columnClass, GridRowMemo } from "./GridRow";
import { onGridKeyDown } from "./keys";
import { columnWidth, REF_WIDTH, type GridModel, type GridRow, type MatrixColumn } from "./model";

const ESTIMATES: Record<GridRow["kind"], number> = { pillar: 46, need: 42, action: 72, empty: 40, draft: 60 };

export function MatrixGrid({ model }: { model: GridModel }) {
  const t = useT();
  const language = useLanguage();
  const doc = useMatriz((s) => s.document);
  const cursor = useEditor((s) => s.cursor);
  const anchor = useEditor((s) => s.anchor);
  const editing = useEditor((s) => s.editing);
  const scale = useEditor((s) => s.zoom * (s.projector ? 1.25 : 1));
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const [headerHeight, setHeaderHeight] = useState(44);
  const at = resolveCursor(model, cursor);
  const block = anchor ? selectionBlock(model, { cursor, anchor }) : null;

  const virtualizer = useVirtualizer({
    count: model.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => ESTIMATES[model.rows[i]?.kind ?? "action"] * scale,
    getItemKey: (i) => model.rows[i]?.key ?? i,
    overscan: 8,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      if (at.row < model.rows.length && !indexes.includes(at.row)) return [...indexes, at.row].sort((a, b) => a - b);
      return indexes;
    },
  });

  useLayoutEffect(() => {
    const height = headRef.current?.getBoundingClientRect().height;
    if (height && Math.abs(height - headerHeight) > 0.5) setHeaderHeight(height);
  });

  // Type size changed: every row has a new height.
  useEffect(() => virtualizer.measure(), [scale, language, virtualizer]);

  // Follow the cursor: vertically through the virtualiser, sideways to the cell.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    virtualizer.scrollToIndex(at.row, { align: "auto" });
    const scroller = scrollRef.current;
    const cell = document.getElementById(cellId(at.row, at.col));
    if (!scroller || !cell || at.col === 0) return;
    const left = cell.offsetLeft;
    const right = left + cell.offsetWidth;
    const refWidth = (document.getElementById(cellId(at.row, 0))?.offsetWidth ?? 0) + 4;
    if (left - refWidth < scroller.scrollLeft) scroller.scrollLeft = Math.max(0, left - refWidth);
    else if (right > scroller.scrollLeft + scroller.clientWidth) scroller.scrollLeft = right - scroller.clientWidth;
  }, [at.row, at.col, virtualizer]);

  const cellFrom = (event: MouseEvent) => (event.target as HTMLElement).closest<HTMLElement>("td[data-row]");
  const onMouseDown = (event: MouseEvent) => {
    const cell = cellFrom(event);
    if (!cell || event.button === 2) return;
    setCursor(Number(cell.dataset.row), Number(cell.dataset.col), { extend: event.shiftKey });
  };
  const onContextMenu = (event: MouseEvent) => {
    const cell = cellFrom(event);
    if (!cell) return;
    event.preventDefault();
    setCursor(Number(cell.dataset.row), Number(cell.dataset.col));
    openMenu(event.clientX, event.clientY);
  };
  const onDoubleClick = (event: MouseEvent) => {
    if (cellFrom(event)) startEdit();
  };
  const measure = useCallback((node: HTMLTableRowElement | null) => virtualizer.measureElement(node), [virtualizer]);

  const heading = (column: MatrixColumn) => (column.kind === "builtin" ? t(`column.${column.key}` as MessageKey) : column.heading[language]);
  const caption = t("ui.matrix.caption", { country: doc?.country ?? "" });
  const totalWidth = (REF_WIDTH + model.columns.reduce((sum, c) => sum + columnWidth(c), 0)) * scale;
  const items = virtualizer.getVirtualItems();
  const editingIndex = editing ? (model.indexByKey.get(editing.key) ?? -1) : -1;

  return (
    <div className="matrix-scroll" ref={scrollRef} style={{ ["--scale" as string]: scale }}>
      <table
        id={GRID_ID}
        className="matrix"
        role="grid"
        tabIndex={0}
        aria-label={caption}
        aria-describedby="matrix-keys-hint"
        aria-activedescendant={model.rows.length > 0 && !editing ? cellId(at.row, at.col) : undefined}
        aria-rowcount={model.rows.length + 1}
        aria-colcount={model.columns.length + 1}
        aria-multiselectable="true"
        onKeyDown={onGridKeyDown}
        onMouseDown={onMouseDown}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
        style={{ width: `${totalWidth}rem` }}
      >
        <caption className="visually-hidden">{caption}</caption>
        <colgroup>
          <col className="col--ref" style={{ width: `${REF_WIDTH * scale}rem` }} />
          {model.columns.map((column) => (
            <col key={column.key} className={columnClass(column)} style={{ width: `${columnWidth(column) * scale}rem` }} />
          ))}
        </colgroup>
        <thead ref={headRef}>
          <tr role="row" aria-rowindex={1}>
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
          {items.map((item, i) => {
            const previousEnd = i === 0 ? headerHeight : items[i - 1]!.end;
            const gap = item.start - previousEnd;
            const row = model.rows[item.index]!;
            const inBlock = block && item.index >= block.top && item.index <= block.bottom;
            return [
              gap > 0.5 ? <tr key={`gap-${item.key}`} role="presentation" aria-hidden="true" className="spacer" style={{ height: gap }} /> : null,
              <GridRowMemo
                key={item.key}
                row={row}
                index={item.index}
                columns={model.columns}
                cursorCol={item.index === at.row ? at.col : -1}
                selectedFrom={inBlock ? block.left : -1}
                selectedTo={inBlock ? block.right : -1}
                editingCol={item.index === editingIndex ? editing!.col : -1}
                template={doc?.template}
                measure={measure}
              />,
            ];
          })}
          {items.length > 0 ? (
            <tr role="presentation" aria-hidden="true" className="spacer" style={{ height: Math.max(0, virtualizer.getTotalSize() + headerHeight - items[items.length - 1]!.end) }} />
          ) : null}
        </tbody>
      </table>
      {editing && editingIndex >= 0 ? (
        <CellEditor model={model} index={editingIndex} top={virtualizer.measurementsCache[editingIndex]?.start ?? 0} scale={scale} />
      ) : null}
    </div>
  );
}
