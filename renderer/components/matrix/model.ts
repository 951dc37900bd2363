/**
 * The grid's rows and columns: matrixRows() (the shared flattening and filter)
 * decorated with references (1.2.3), an "empty pillar" row, the Panama need column,
 * and the draft row where a new action or need is being typed. Pure.
 */
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
  | { kind: "custom"; key: string; heading: Bilingual; editor: "custom" };

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
    columns.push({ kind: "custom", key: custom.key, heading: { es: custom.heading_es, en: custom.heading_en }, editor: "custom" });
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

const estimates = new WeakMap<GridModel, Float64Array>();
/** estimateRowHeight for row i, computed once per model: the virtualiser asks for thousands of rows on every measurement. */
export function estimatedHeight(model: GridModel, i: number): number {
  let heights = estimates.get(model);
  if (!heights) {
    heights = new Float64Array(model.rows.length);
    for (let r = 0; r < model.rows.length; r++) heights[r] = estimateRowHeight(model.rows[r], model.columns);
    estimates.set(model, heights);
  }
  return heights[i] ?? 72;
}

/** A first guess at a row's height in pixels, before it is drawn and measured: close guesses keep scrolling steady. */
export function estimateRowHeight(row: GridRow | undefined, columns: readonly MatrixColumn[]): number {
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
      const textLines = Math.ceil(a.text.length / 52) + (a.text.match(/\n/g)?.length ?? 0);
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
  const sameColumns = (a: MatrixColumn[], b: MatrixColumn[]) => a.length === b.length && a.every((c, i) => c.key === b[i]!.key && c.kind === b[i]!.kind);
  if (cached && sameColumns(cached.model.columns, model.columns)) model.columns = cached.model.columns;
  cached = { doc, filter, draft, model };
  return model;
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

/** Where a column starts, in rem from the table's left edge. */
export function columnLeft(columns: readonly MatrixColumn[], col: number): number {
  return col === 0 ? 0 : REF_WIDTH + columns.slice(0, col - 1).reduce((sum, c) => sum + columnWidth(c), 0);
}
