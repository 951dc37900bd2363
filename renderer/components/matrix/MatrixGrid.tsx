/**
 * The consultation matrix as a virtualised ARIA grid: a real table (so columns
 * line up) whose body holds only the rows on screen plus spacers. The table keeps
 * focus and points at the cursor cell with aria-activedescendant; the cursor row
 * is always rendered, so that id always exists. Editors open over the cursor cell.
 */
import { defaultRangeExtractor, useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent, type RefObject } from "react";
import type { MessageKey } from "../../../src/i18n";
import { useLanguage, useT } from "../../i18n";
import { useBudgetLines, useMatriz } from "../../store";
import { loadBudgetLines } from "../../sync";
import { useFinance } from "../finance/finance-store";
import { CellEditor } from "./CellEditor";
import { conflictMarks } from "./conflict-marks";
import { clearFilter, GRID_ID, openMenu, setCursor, startEdit } from "./commands";
import { resolveCursor, selectionBlock, useEditor } from "./editor-state";
import { cellId, columnClass, GridRowMemo, type PeerMark } from "./GridRow";
import { rowKeyOf, useLive } from "../live/live-store";
import { peerColour } from "../live/peers";
import { onGridKeyDown } from "./keys";
import { actionColumn, cellCount, columnWidth, estimatedHeight, gridWidths, projectorScale, ROOT_PX, type GridModel, type GridRow, type MatrixColumn } from "./model";

/** Rows whose budget lines are fetched ahead of copying a block: past this, a copy shows what is loaded. */
const MAX_BLOCK_PREFETCH = 2000;
/** Rows before and after the screen whose budget lines come with those of the rows on screen. */
const BUDGET_BEHIND = 10;
const BUDGET_AHEAD = 80;

export function MatrixGrid({ model }: { model: GridModel }) {
  const t = useT();
  const language = useLanguage();
  const doc = useMatriz((s) => s.document);
  const cursor = useEditor((s) => s.cursor);
  const anchor = useEditor((s) => s.anchor);
  const editing = useEditor((s) => s.editing);
  const projector = useEditor((s) => s.projector);
  const zoom = useEditor((s) => s.zoom);
  const windowWidth = useWindowWidth();
  const scale = zoom * (projector ? projectorScale(windowWidth) : 1);
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const [headerHeight, setHeaderHeight] = useState(44);
  const boxWidth = useBoxWidth(scrollRef);
  // In projector mode the columns are fitted to the width the grid has (see gridWidths).
  const widths = useMemo(
    () => gridWidths(model.columns, scale, projector && boxWidth > 0 ? (boxWidth - 1) / ROOT_PX.projector : null),
    [model.columns, scale, projector, boxWidth],
  );
  const at = resolveCursor(model, cursor);
  const block = anchor ? selectionBlock(model, { cursor, anchor }) : null;
  // How much narrower than its natural width the action column was fitted (projector mode): its text takes more lines.
  const actionIndex = actionColumn(model.columns) - 1;
  const textWidth = actionIndex >= 0 ? Math.round((widths.columns[actionIndex]! / (columnWidth(model.columns[actionIndex]!) * scale)) * 20) / 20 : 1;

  // Stable callbacks: the virtualiser recomputes every row's offset whenever getItemKey changes.
  const getItemKey = useCallback((i: number) => model.rows[i]?.key ?? i, [model]);
  const estimateSize = useCallback((i: number) => estimatedHeight(model, i, textWidth) * scale, [model, scale, textWidth]);
  const cursorRow = at.row;
  const rangeExtractor = useCallback(
    (range: Parameters<typeof defaultRangeExtractor>[0]) => {
      const indexes = defaultRangeExtractor(range);
      if (cursorRow < range.count && !indexes.includes(cursorRow)) return [...indexes, cursorRow].sort((a, b) => a - b);
      return indexes;
    },
    [cursorRow],
  );
  const virtualizer = useVirtualizer({
    count: model.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: 2,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
    rangeExtractor,
  });

  // The heading's height, watched rather than read on every render: a read in the middle of
  // scrolling would force the browser to lay the table out twice in one frame.
  useLayoutEffect(() => {
    const head = headRef.current;
    if (!head) return;
    const adopt = (height: number) => setHeaderHeight((current) => (height && Math.abs(height - current) > 0.5 ? height : current));
    adopt(head.getBoundingClientRect().height);
    const observer = new ResizeObserver((entries) => {
      const box = entries[0]?.borderBoxSize?.[0];
      adopt(box ? box.blockSize : head.getBoundingClientRect().height);
    });
    observer.observe(head);
    return () => observer.disconnect();
  }, []);

  // Type size or column widths changed: every row has a new height.
  useEffect(() => virtualizer.measure(), [scale, widths, language, virtualizer]);

  // A new filter starts at its first match, at the top of the grid.
  const filter = useEditor((s) => s.filter);
  const firstFilter = useRef(true);
  useEffect(() => {
    if (firstFilter.current) {
      firstFilter.current = false;
      return;
    }
    if (model.filtered) scrollRef.current?.scrollTo({ top: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter]);

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
    const action = actionColumn(model.columns);
    // The number and action columns are frozen: always in view.
    if (!scroller || !cell || at.col === 0 || at.col === action) return;
    const left = cell.offsetLeft;
    const right = left + cell.offsetWidth;
    // What the frozen columns cover of the scrolled area, left of this cell.
    const cover = (col: number) => document.getElementById(cellId(at.row, col))?.offsetWidth ?? 0;
    const frozen = cover(0) + (action > 0 && at.col > action ? cover(action) : 0) + 4;
    if (left - frozen < scroller.scrollLeft) scroller.scrollLeft = Math.max(0, left - frozen);
    else if (right > scroller.scrollLeft + scroller.clientWidth) scroller.scrollLeft = right - scroller.clientWidth;
  }, [at.row, at.col, virtualizer, model.columns]);

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

  const heading = (column: MatrixColumn) => (column.kind === "custom" ? column.heading[language] : t(`column.${column.key}` as MessageKey));
  const caption = t("ui.matrix.caption", { country: doc?.country ?? "" });
  const items = virtualizer.getVirtualItems();
  const hasBudget = useMemo(() => model.columns.some((c) => c.editor === "budget"), [model.columns]);
  const openConflicts = useFinance((s) => s.conflicts);
  const marks = useMemo(() => conflictMarks(openConflicts, model.columns), [openConflicts, model.columns]);

  // The budget lines of the rows on screen (and of a selected block, ready for a copy) are fetched as they appear.
  useEffect(() => {
    if (!hasBudget) return;
    const loaded = useBudgetLines.getState().lines;
    const wanted: string[] = [];
    const missing = (index: number) => {
      const row = model.rows[index];
      return row?.kind === "action" && row.action.budget.lines > 0 && !loaded.has(row.action.id!);
    };
    const want = (index: number) => {
      if (missing(index)) wanted.push((model.rows[index] as Extract<GridRow, { kind: "action" }>).action.id!);
    };
    // A row on screen without its lines: fetch a stretch around the screen at once, so the
    // next screens while scrolling already have theirs (one answer, one repaint, every few screens).
    if (items.some((item) => missing(item.index))) {
      const first = items[0]!.index;
      const last = items[items.length - 1]!.index;
      for (let r = Math.max(0, first - BUDGET_BEHIND); r <= Math.min(model.rows.length - 1, last + BUDGET_AHEAD); r++) want(r);
    }
    if (block && block.right >= 1) for (let r = block.top; r <= Math.min(block.bottom, block.top + MAX_BLOCK_PREFETCH); r++) want(r);
    if (wanted.length) loadBudgetLines(wanted);
  });
  const editingIndex = editing ? (model.indexByKey.get(editing.key) ?? -1) : -1;
  const peerMarks = usePeerMarks(model);

  // Projector mode, following the room: each edit from another laptop is scrolled into view (the cursor stays put).
  const latest = useLive((s) => s.latest);
  const follow = useLive((s) => s.follow);
  useEffect(() => {
    if (!latest || !follow || !projector || useEditor.getState().editing) return;
    const index = model.indexByKey.get(latest.key);
    if (index === undefined) return;
    virtualizer.scrollToIndex(index, { align: "center" });
    // Once drawn: the changed cell sideways into view, and the row glows for a moment so the room sees where.
    let frame = requestAnimationFrame(() => (frame = requestAnimationFrame(reveal)));
    const reveal = () => {
      const row = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`);
      const col = latest.column ? model.columns.findIndex((c) => c.key === latest.column) + 1 : 0;
      const cell = col > 0 ? document.getElementById(cellId(index, col)) : null;
      const scroller = scrollRef.current;
      if (cell && scroller && (cell.offsetLeft + cell.offsetWidth > scroller.scrollLeft + scroller.clientWidth || cell.offsetLeft < scroller.scrollLeft)) {
        scroller.scrollLeft = Math.max(0, cell.offsetLeft + cell.offsetWidth - scroller.clientWidth);
      }
      if (!row) return;
      row.classList.remove("is-followed");
      void row.offsetWidth;
      row.classList.add("is-followed");
    };
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [latest]);

  return (
    <div className="matrix-scroll" ref={scrollRef} data-region="matrix" style={{ ["--scale" as string]: scale, ["--frozen-left" as string]: `${widths.ref}rem` }}>
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
        style={{ width: `${widths.total}rem` }}
      >
        <caption className="visually-hidden">{caption}</caption>
        <colgroup>
          <col className="col--ref" style={{ width: `${widths.ref}rem` }} />
          {model.columns.map((column, c) => (
            <col key={column.key} className={columnClass(column)} style={{ width: `${widths.columns[c]}rem` }} />
          ))}
        </colgroup>
        <thead ref={headRef}>
          <tr role="row" aria-rowindex={1}>
            <th scope="col" role="columnheader" className="col--ref">
              <span className="column-heading">{t("ui.matrix.ref")}</span>
            </th>
            {model.columns.map((column) => {
              const national = column.kind === "builtin" ? column.nationalHeading[language] : undefined;
              const text = heading(column);
              return (
                <th key={column.key} scope="col" role="columnheader" className={columnClass(column)} title={national && national !== text ? national : text}>
                  <span className="column-heading">{text}</span>
                  {marks.byColumn[column.key] ? (
                    <span className="conflict-count" title={t("ui.finance.conflictsHeader", { count: marks.byColumn[column.key]! })}>
                      <span aria-hidden="true">{marks.byColumn[column.key]}</span>
                      <span className="visually-hidden">{t("ui.finance.conflictsHeader", { count: marks.byColumn[column.key]! })}</span>
                    </span>
                  ) : null}
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
                conflicts={row.kind === "action" ? marks.byAction.get(row.action.id!) : undefined}
                peers={peerMarks.get(row.key)}
              />,
            ];
          })}
          {items.length > 0 ? (
            <tr role="presentation" aria-hidden="true" className="spacer" style={{ height: Math.max(0, virtualizer.getTotalSize() + headerHeight - items[items.length - 1]!.end) }} />
          ) : null}
        </tbody>
      </table>
      {model.rows.length === 0 && model.filtered ? (
        <div className="matrix-nothing" role="status">
          <p className="matrix-nothing-title">{t("ui.filter.nothing")}</p>
          <p>{t("ui.filter.nothingHint")}</p>
          <button type="button" className="button" onClick={clearFilter}>
            {t("ui.filter.clear")}
          </button>
        </div>
      ) : null}
      {editing && editingIndex >= 0 ? (
        <CellEditor
          model={model}
          index={editingIndex}
          top={virtualizer.measurementsCache[editingIndex]?.start ?? 0}
          widths={widths}
          frozenFrom={scrollRef.current?.scrollLeft ?? 0}
        />
      ) : null}
    </div>
  );
}

/** Other people's cursors (a live workshop), by row key: the cell each is on, their name and colour. */
function usePeerMarks(model: GridModel): Map<string, PeerMark[]> {
  const peers = useLive((s) => s.state.peers);
  return useMemo(() => {
    const marks = new Map<string, PeerMark[]>();
    for (const peer of peers) {
      if (peer.me || !peer.cursor) continue;
      const key = rowKeyOf(peer.cursor);
      const index = key ? model.indexByKey.get(key) : undefined;
      if (!key || index === undefined) continue;
      const wide = cellCount(model.rows[index], model.columns) > 1;
      const col = wide && peer.cursor.field ? model.columns.findIndex((c) => c.key === peer.cursor!.field) + 1 : 0;
      const list = marks.get(key) ?? [];
      list.push({ col: Math.max(0, col), name: peer.name, colour: peerColour(peer.key) });
      marks.set(key, list);
    }
    return marks;
  }, [peers, model]);
}

/** The window's width in CSS pixels, followed as it is resized or moved to another screen. */
function useWindowWidth(): number {
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);
  return width;
}

/** The inner width of the scrolling area (without its scroll bar), watched rather than read while scrolling. */
function useBoxWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    setWidth(box.clientWidth);
    const observer = new ResizeObserver(() => setWidth(box.clientWidth));
    observer.observe(box);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
