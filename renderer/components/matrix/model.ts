/**
 * The grid's rows and columns: matrixRows() (the shared flattening and filter)
 * decorated with references (1.2.3), an "empty pillar" row, the Panama need column,
 * and the draft row where a new action or need is being typed. Pure.
 */
import type { CustomColumnKind } from "../../../src/domain/document";
import type { GridAction as ActionDoc, GridDocument as PlanDocument, GridNeed as NeedDoc, GridPillar as PillarDoc } from "../../../src/domain/grid";
import { isFilterActive, matrixRows, type MatrixFilter, type MatrixRow } from "../../../src/domain/matrix-rows";
import { TEMPLATES, templateForIso3, type Bilingual, type ColumnKey } from "../../../src/domain/templates";
import type { Placement } from "../../doc-patch";

/** How a cell is edited: in place as text, with a picker, or in the budget panel. */
export type CellEditorKind = "text" | "need" | "schedule" | "institutions" | "commitments" | "budget" | "custom" | "status";

export type MatrixColumn =
  | { kind: "builtin"; key: ColumnKey; nationalHeading: Bilingual; editor: CellEditorKind }
  /** Monitoring: the action's status and the date it changed, in every plan whatever its template. */
  | { kind: "status"; key: "status"; editor: "status" }
  | { kind: "custom"; key: string; heading: Bilingual; editor: "custom"; type: CustomColumnKind; options: string[] };

export type GridRow =
  | { kind: "pillar"; key: string; pillar: PillarDoc }
  | { kind: "need"; key: string; pillar: PillarDoc; need: NeedDoc; ref: string }
  | { kind: "action"; key: string; pillar: PillarDoc; need: NeedDoc; action: ActionDoc; ref: string; firstOfNeed: boolean }
  | { kind: "empty"; key: string; pillar: PillarDoc }
  | { kind: "draft"; key: typeof DRAFT_KEY; draft: Draft; pillar: PillarDoc; need: NeedDoc | null };

/** A new row being typed: it reaches the core only when its text is committed. */
export type Draft = { kind: "action"; needId: string; placement: Placement } | { kind: "need"; pillarId: string; placement: Placement };
export const DRAFT_KEY = "draft";

export interface GridModel {
  columns: MatrixColumn[];
  rows: GridRow[];
  indexByKey: Map<string, number>;
  needAsColumn: boolean;
  filtered: boolean;
}

const EDITORS: Record<ColumnKey, CellEditorKind> = {
  need: "need",
  action: "text",
  institutions: "institutions",
  schedule: "schedule",
  commitments: "commitments",
  budget: "budget",
  currency: "budget",
  funding_source: "budget",
  pei: "budget",
  poa: "budget",
};

export function gridColumns(doc: PlanDocument): { columns: MatrixColumn[]; needAsColumn: boolean } {
  const template = doc.template ? TEMPLATES[doc.template] : templateForIso3(doc.iso3);
  const needAsColumn = template.needAsColumn;
  const columns: MatrixColumn[] = template.columns
    .filter((c) => needAsColumn || c.key !== "need")
    .map((c) => ({ kind: "builtin", key: c.key, nationalHeading: c.heading, editor: EDITORS[c.key] }));
  columns.push({ kind: "status", key: "status", editor: "status" });
  for (const custom of doc.custom_columns ?? []) {
    columns.push({ kind: "custom", key: custom.key, heading: { es: custom.heading_es, en: custom.heading_en }, editor: "custom", type: custom.kind, options: custom.options ?? [] });
  }
  return { columns, needAsColumn };
}

export function buildGrid(doc: PlanDocument, filter: MatrixFilter, draft: Draft | null): GridModel {
  const { columns, needAsColumn } = gridColumns(doc);
  const filtered = isFilterActive(filter);
  const needNumber = new Map<NeedDoc, string>();
  for (const pillar of doc.pillars) pillar.needs.forEach((need, n) => needNumber.set(need, `${pillar.number}.${n + 1}`));

  const rows: GridRow[] = [];
  const flat = filteredRows(doc, filter);
  flat.forEach((row, i) => {
    if (row.type === "pillar") {
      rows.push({ kind: "pillar", key: row.key, pillar: row.pillar });
      if (!filtered && row.pillar.needs.length === 0) rows.push({ kind: "empty", key: `${row.key}:empty`, pillar: row.pillar });
    } else if (row.type === "need") {
      const firstAction = flat[i + 1]?.type === "action";
      // Panama writes the need in a column of each action row; a need row stays only while it has no actions.
      if (!needAsColumn || !firstAction) rows.push({ kind: "need", key: row.key, pillar: row.pillar, need: row.need, ref: needNumber.get(row.need) ?? "" });
    } else {
      const ref = `${needNumber.get(row.need) ?? ""}.${row.indexInNeed + 1}`;
      rows.push({ kind: "action", key: row.key, pillar: row.pillar, need: row.need, action: row.action as ActionDoc, ref, firstOfNeed: flat[i - 1]?.type === "need" });
    }
  });
  if (draft) placeDraft(doc, rows, draft);
  const indexByKey = new Map<string, number>();
  rows.forEach((row, i) => indexByKey.set(row.key, i));
  return { columns, rows, indexByKey, needAsColumn, filtered };
}

type Flat = Array<
  | { type: "pillar"; key: string; pillar: PillarDoc }
  | { type: "need"; key: string; pillar: PillarDoc; need: NeedDoc }
  | { type: "action"; key: string; pillar: PillarDoc; need: NeedDoc; action: ActionDoc; indexInNeed: number }
>;

/**
 * matrixRows() with the year filter applied here: the grid document has no budget
 * lines, only the years they fall in (action.budget.years), which matrixRows cannot see.
 */
export function filteredRows(doc: PlanDocument, filter: MatrixFilter): Flat {
  const year = filter.year;
  const flat = matrixRows(doc, year ? { ...filter, year: null } : filter) as unknown as Flat & MatrixRow[];
  if (!year) return flat;
  const keep = (action: ActionDoc) => (action.schedule_years ?? []).includes(year) || action.budget.years.includes(year);
  const actions = flat.filter((row) => row.type !== "action" || keep(row.action));
  // Needs left without actions, then pillars left without needs, go.
  const needs = actions.filter((row, i) => row.type !== "need" || actions[i + 1]?.type === "action");
  return needs.filter((row, i) => row.type !== "pillar" || needs[i + 1]?.type === "need");
}

const estimates = new WeakMap<GridModel, { textWidth: number; heights: Float64Array }>();
/**
 * estimateRowHeight for row i, computed once per model and action-column width: the
 * virtualiser asks for thousands of rows on every measurement. `textWidth` is the
 * action column's width over its natural width (narrower in projector mode: more lines).
 */
export function estimatedHeight(model: GridModel, i: number, textWidth = 1): number {
  let cached = estimates.get(model);
  if (!cached || cached.textWidth !== textWidth) {
    const heights = new Float64Array(model.rows.length);
    for (let r = 0; r < model.rows.length; r++) heights[r] = estimateRowHeight(model.rows[r], model.columns, textWidth);
    cached = { textWidth, heights };
    estimates.set(model, cached);
  }
  return cached.heights[i] ?? 72;
}

/** A first guess at a row's height in pixels, before it is drawn and measured: close guesses keep scrolling steady. */
export function estimateRowHeight(row: GridRow | undefined, columns: readonly MatrixColumn[], textWidth = 1): number {
  if (!row) return 72;
  switch (row.kind) {
    case "pillar":
      return 46;
    case "need":
      return 42;
    case "empty":
      return 40;
    case "draft":
      return 60;
    case "action": {
      const a = row.action;
      const textLines = Math.ceil(a.text.length / (52 * textWidth)) + (a.text.match(/\n/g)?.length ?? 0);
      const institutionLines = Math.max(1, a.institutions.length);
      const scheduleLines = (a.schedule ? Math.ceil(a.schedule.length / 20) : 0) + (a.schedule_years?.length ? 1 : 0);
      const commitmentLines = a.commitments.reduce((n, c) => n + Math.ceil(c.length / 18), 0);
      const hasBudget = columns.some((c) => c.key === "budget" || c.key === "pei");
      const lines = Math.max(textLines, institutionLines, columns.some((c) => c.key === "schedule") ? scheduleLines : 0, columns.some((c) => c.key === "commitments") ? commitmentLines : 0);
      const budget = hasBudget && a.budget.lines > 0 ? a.budget.lines * 41.6 + (a.budget.lines - 1) * 4.8 : 0;
      return Math.max(lines * 22, budget) + 17;
    }
  }
}

/** Puts the draft row where the new action or need will be inserted. */
function placeDraft(doc: PlanDocument, rows: GridRow[], draft: Draft): void {
  const at = (key: string) => rows.findIndex((r) => r.key === key);
  const lastIndexWhere = (test: (r: GridRow) => boolean, from: number) => {
    let last = from;
    for (let i = from + 1; i < rows.length && test(rows[i]!); i++) last = i;
    return last;
  };
  if (draft.kind === "action") {
    const pillar = doc.pillars.find((p) => p.needs.some((n) => n.id === draft.needId));
    const need = pillar?.needs.find((n) => n.id === draft.needId);
    if (!pillar || !need) return;
    const row: GridRow = { kind: "draft", key: DRAFT_KEY, draft, pillar, need };
    const p = draft.placement;
    let index = -1;
    if ("before" in p) index = at(`a:${p.before}`);
    else if ("after" in p) {
      const anchor = at(`a:${p.after}`);
      index = anchor >= 0 ? anchor + 1 : -1;
    }
    if (index < 0) {
      const needRow = at(`n:${need.id}`);
      const firstAction = need.actions[0] ? at(`a:${need.actions[0].id}`) : -1;
      const start = needRow >= 0 ? needRow + 1 : firstAction;
      if (start < 0) return;
      index = "start" in p ? start : lastIndexWhere((r) => r.kind === "action" && r.need.id === need.id, start - 1) + 1;
    }
    rows.splice(index, 0, row);
    return;
  }
  const pillar = doc.pillars.find((p) => p.id === draft.pillarId);
  if (!pillar) return;
  const row: GridRow = { kind: "draft", key: DRAFT_KEY, draft, pillar, need: null };
  const pillarRow = at(`p:${pillar.id}`);
  if (pillarRow < 0) return;
  const p = draft.placement;
  const endOfPillar = lastIndexWhere((r) => r.kind !== "pillar", pillarRow) + 1;
  let index = endOfPillar;
  if ("start" in p) index = pillarRow + 1;
  else if ("after" in p) {
    const needRow = rows.findIndex((r) => (r.kind === "need" || r.kind === "action") && r.need.id === p.after);
    if (needRow >= 0) index = lastIndexWhere((r) => r.kind === "action" && r.need.id === p.after, needRow) + 1;
  }
  // The draft need replaces the "no actions in this pillar" row.
  if (rows[pillarRow + 1]?.kind === "empty") {
    rows.splice(pillarRow + 1, 1);
    if (index > pillarRow + 1) index--;
  }
  rows.splice(index, 0, row);
}

/** Cursor stops in a row: group rows are one wide cell; action rows have the reference plus one per column. */
export function cellCount(row: GridRow | undefined, columns: readonly MatrixColumn[]): number {
  return row && (row.kind === "action" || (row.kind === "draft" && row.draft.kind === "action")) ? columns.length + 1 : 1;
}

/** The column index (in grid cells, 1-based past the reference) where the action text is typed. */
export function actionColumn(columns: readonly MatrixColumn[]): number {
  return columns.findIndex((c) => c.key === "action") + 1;
}

/** The need an action row, draft or need row belongs to. */
export function rowNeed(row: GridRow | undefined): NeedDoc | null {
  if (!row) return null;
  if (row.kind === "need" || row.kind === "action") return row.need;
  if (row.kind === "draft") return row.need;
  return null;
}

let cached: { doc: PlanDocument; filter: MatrixFilter; draft: Draft | null; model: GridModel } | null = null;
/** One model per (document, filter, draft): the grid, the commands and the keyboard all share it. */
export function gridModel(doc: PlanDocument, filter: MatrixFilter, draft: Draft | null): GridModel {
  if (cached && cached.doc === doc && cached.filter === filter && cached.draft === draft) return cached.model;
  const model = buildGrid(doc, filter, draft);
  // Same column set, same array: the memoised rows compare columns by identity.
  const sameColumns = (a: MatrixColumn[], b: MatrixColumn[]) => a.length === b.length && a.every((c, i) => sameColumn(c, b[i]!));
  if (cached && sameColumns(cached.model.columns, model.columns)) model.columns = cached.model.columns;
  cached = { doc, filter, draft, model };
  return model;
}

function sameColumn(a: MatrixColumn, b: MatrixColumn): boolean {
  if (a.key !== b.key || a.kind !== b.kind) return false;
  if (a.kind !== "custom" || b.kind !== "custom") return true;
  // A renamed heading or a new choice is a new column for the rows that draw it.
  return a.heading.es === b.heading.es && a.heading.en === b.heading.en && a.type === b.type && a.options.join("\u0001") === b.options.join("\u0001");
}

/** Widths in rem, so the matrix keeps readable columns and scrolls sideways when it must. */
const WIDTHS: Record<string, number> = {
  need: 16,
  action: 28,
  institutions: 17,
  schedule: 12,
  commitments: 12,
  budget: 13,
  currency: 6,
  funding_source: 10,
  pei: 10,
  poa: 10,
  status: 9,
};
export const REF_WIDTH = 4.5;
export function columnWidth(column: MatrixColumn): number {
  return column.kind === "custom" ? 12 : (WIDTHS[column.key] ?? 12);
}

/** The root font size in px, as base.css (normal) and editor.css (html.projector) set it. */
export const ROOT_PX = { normal: 16, projector: 19 } as const;

/**
 * Projector mode sizes the matrix's type to the window: about 46 characters of
 * type across its width (22 px at 1024, 28 px at 1280), never under 18 px nor over
 * 36 px, whatever the system scaling left of the window in CSS pixels.
 */
export function projectorScale(windowWidth: number): number {
  const cellPx = Math.min(36, Math.max(18, windowWidth / 46));
  return cellPx / (0.95 * ROOT_PX.projector);
}

/** Column widths in rem: the reference column, then one per column, and their sum; and the type scale they were made for. */
export interface GridWidths {
  scale: number;
  ref: number;
  columns: number[];
  total: number;
}

/** Share of the window the frozen number and action columns may take in projector mode, so the room sees the columns beside them. */
const FROZEN_SHARE = 0.55;

/**
 * The natural widths times the type scale; with `fitTo` (the grid's width in rem,
 * in projector mode) fitted to the window: the action column gives up width until
 * the frozen number and action columns take at most 55 % of it, no other column is
 * wider than half of it, and a matrix narrower than the window is widened to fill it.
 */
export function gridWidths(columns: readonly MatrixColumn[], scale: number, fitTo: number | null = null): GridWidths {
  const ref = REF_WIDTH * scale;
  let widths = columns.map((c) => columnWidth(c) * scale);
  if (fitTo && fitTo > 0) {
    const action = columns.findIndex((c) => c.key === "action");
    widths = widths.map((w, i) => {
      if (i === action) return Math.min(w, Math.max(FROZEN_SHARE * fitTo - ref, 12 * scale));
      return Math.min(w, fitTo / 2);
    });
    const sum = widths.reduce((a, b) => a + b, 0);
    if (ref + sum < fitTo && sum > 0) widths = widths.map((w) => (w * (fitTo - ref)) / sum);
  }
  return { scale, ref, columns: widths, total: ref + widths.reduce((a, b) => a + b, 0) };
}

/** Where a column starts, in rem from the table's left edge. */
export function columnLeft(widths: GridWidths, col: number): number {
  return col === 0 ? 0 : widths.ref + widths.columns.slice(0, col - 1).reduce((sum, w) => sum + w, 0);
}
