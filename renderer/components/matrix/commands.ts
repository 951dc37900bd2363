/**
 * Everything the editor can do, as plain functions over the current state: the
 * keyboard, the toolbar, the context menu and the shell's menu all call these,
 * so a command behaves the same whichever way it was asked for.
 */
import type { PasteColumn } from "./paste-columns";
import { formatClipboardTable, parseClipboardTable } from "../../../src/domain/clipboard";
import { readCustomInput } from "../../../src/domain/custom-columns";
import { numberStyle } from "../../../src/domain/numbers";
import type { ActionDoc, PlanDocument } from "../../../src/domain/document";
import * as edits from "../../edits";
import { currentLanguage, useMatriz } from "../../store";
import { query } from "../../sync";
import { announce, beginEditing, resolveCursor, selectionBlock, useEditor, type CellPosition, type Dialog } from "./editor-state";
import { actionColumn, cellCount, DRAFT_KEY, gridModel, rowNeed, type GridModel, type GridRow, type MatrixColumn } from "./model";
import { pasteColumn } from "./paste-columns";
import { liveRefusal } from "../live/live-store";

export const GRID_ID = "matrix-grid";
export const FILTER_INPUT_ID = "matrix-filter-text";
const PAGE = 10;

interface Context {
  doc: PlanDocument;
  model: GridModel;
  at: CellPosition;
  row: GridRow | undefined;
}

/** A plan opened read-only (its file cannot be written, or its history is damaged) takes no edit: say so instead. */
function readOnly(): boolean {
  if (!useMatriz.getState().plan?.readOnly) return false;
  announce("ui.notice.readOnly");
  return true;
}

function context(): Context | null {
  const doc = useMatriz.getState().document;
  if (!doc) return null;
  const { filter, draft, cursor } = useEditor.getState();
  const model = gridModel(doc, filter, draft);
  const at = resolveCursor(model, cursor);
  return { doc, model, at, row: model.rows[at.row] };
}

export function focusGrid(): void {
  // At once, so a key typed right after Enter already reaches the grid; and again after
  // the frame, in case the element that had focus was removed (focus then falls to <body>).
  document.getElementById(GRID_ID)?.focus({ preventScroll: true });
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (!active || active === document.body) document.getElementById(GRID_ID)?.focus({ preventScroll: true });
  });
}

/* ------------------------------------------------------------------ cursor */

export function setCursor(row: number, col: number, options: { extend?: boolean; keepWantedCol?: boolean } = {}): void {
  const ctx = context();
  if (!ctx || ctx.model.rows.length === 0) return;
  const index = Math.max(0, Math.min(row, ctx.model.rows.length - 1));
  const target = ctx.model.rows[index]!;
  const wanted = options.keepWantedCol ? col : Math.min(col, cellCount(target, ctx.model.columns) - 1);
  const { anchor } = useEditor.getState();
  useEditor.setState({
    cursor: { key: target.key, row: index, col: Math.max(0, wanted) },
    anchor: options.extend ? (anchor ?? ctx.at) : null,
  });
}

export function moveCursor(dRow: number, dCol: number, extend = false): void {
  const ctx = context();
  if (!ctx) return;
  const wanted = useEditor.getState().cursor.col;
  if (dRow !== 0) setCursor(ctx.at.row + dRow, wanted, { extend, keepWantedCol: true });
  else setCursor(ctx.at.row, Math.max(0, ctx.at.col + dCol), { extend });
}

export const pageMove = (direction: 1 | -1, extend = false) => moveCursor(direction * PAGE, 0, extend);

export function moveHome(toTop: boolean): void {
  const ctx = context();
  if (ctx) setCursor(toTop ? 0 : ctx.at.row, 0);
}

export function moveEnd(toBottom: boolean): void {
  const ctx = context();
  if (!ctx) return;
  const row = toBottom ? ctx.model.rows.length - 1 : ctx.at.row;
  setCursor(row, cellCount(ctx.model.rows[row], ctx.model.columns) - 1);
}

/**
 * Tab walks the cells of a row, as in a spreadsheet. From the grid itself it stops at
 * the row's ends (false: there was no cell to go to, so the key may leave the grid);
 * after a cell editor (`wrap`), it goes on to the next row.
 */
export function tabMove(backwards: boolean, wrap = false): boolean {
  const ctx = context();
  if (!ctx) return false;
  const width = cellCount(ctx.row, ctx.model.columns);
  if (!backwards && ctx.at.col < width - 1) return (setCursor(ctx.at.row, ctx.at.col + 1), true);
  if (backwards && ctx.at.col > 0) return (setCursor(ctx.at.row, ctx.at.col - 1), true);
  if (!wrap) return false;
  const next = ctx.at.row + (backwards ? -1 : 1);
  if (next < 0 || next >= ctx.model.rows.length) return false;
  setCursor(next, backwards ? cellCount(ctx.model.rows[next], ctx.model.columns) - 1 : 0);
  return true;
}

/* ----------------------------------------------------------------- editing */

export function columnAt(model: GridModel, row: GridRow | undefined, col: number): MatrixColumn | null {
  if (!row || cellCount(row, model.columns) === 1 || col === 0) return null;
  return model.columns[col - 1] ?? null;
}

/** F2, Enter or a typed character: opens the editor that fits the cell. */
export function startEdit(seed: string | null = null): void {
  if (readOnly()) return;
  const ctx = context();
  if (!ctx?.row) return;
  const { row, at, model } = ctx;
  // A live workshop's pillar locked for the plenary, or another group's: said now, not typed and put back.
  const refused = liveRefusal(row);
  if (refused) return announce(refused);
  if (row.kind === "empty") return insertNeed();
  if (row.kind === "pillar" || row.kind === "need") {
    useEditor.setState({ editing: beginEditing(row.key, 0, seed) });
    return;
  }
  const column = columnAt(model, row, at.col);
  if (row.kind === "draft" && row.draft.kind === "need") {
    useEditor.setState({ editing: beginEditing(row.key, 0, seed) });
    return;
  }
  const col = column ? at.col : actionColumn(model.columns);
  const editor = column?.editor ?? "text";
  if (editor === "budget") {
    if (row.kind === "action") openBudget();
    return;
  }
  setCursor(at.row, col);
  useEditor.setState({ editing: beginEditing(row.key, col, seed) });
}

const CUSTOM_PROBLEMS = { number: "ui.notice.badNumber", date: "ui.notice.badDate", choice: "ui.notice.badChoice" } as const;
/** The locale numbers are typed in: the operating system's, as the core reports it. */
const numberLocale = () => useMatriz.getState().settings?.locale ?? currentLanguage();

export type After = "down" | "up" | "right" | "left" | "stay" | "insertBelow";

/** Saves what the cell editor holds and moves on the way the key that committed it says. */
export function commitText(value: string, after: After): void {
  const ctx = context();
  const editing = useEditor.getState().editing;
  if (!ctx || !editing) return;
  const index = ctx.model.indexByKey.get(editing.key);
  const row = index === undefined ? undefined : ctx.model.rows[index];
  useEditor.setState({ editing: null });
  if (!row) return;
  const text = value.replace(/\s+$/, "");
  if (row.kind === "draft") {
    if (!text.trim()) return cancelEdit();
    const d = row.draft;
    const id = d.kind === "action" ? edits.insertAction(d.needId, d.placement, text) : edits.insertNeed(d.pillarId, d.placement, text);
    useEditor.setState({ draft: null, cursor: { ...useEditor.getState().cursor, key: `${d.kind === "action" ? "a" : "n"}:${id}` } });
    if (after === "insertBelow") {
      if (d.kind === "need") return openDraft({ kind: "action", needId: id, placement: { start: true } });
      return openDraft({ kind: "action", needId: d.needId, placement: { after: id } });
    }
  } else {
    saveCell(row, columnAt(ctx.model, row, editing.col), text);
  }
  continueAfter(after);
}

function saveCell(row: GridRow, column: MatrixColumn | null, text: string): void {
  if (row.kind === "pillar") {
    if (text.trim() && text !== row.pillar.title) void edits.setPillarTitle(row.pillar.id!, text);
    return;
  }
  if (row.kind === "need" || (row.kind === "action" && column?.editor === "need")) {
    if (text.trim() && text !== row.need.title) void edits.setNeedTitle(row.need.id!, text);
    else if (!text.trim()) announce("ui.notice.titleRequired");
    return;
  }
  if (row.kind !== "action") return;
  const action = row.action;
  if (!column || column.editor === "text") {
    if (!text.trim()) announce("ui.notice.textRequired");
    else if (text !== action.text) void edits.setActionText(action.id!, text);
  } else if (column.editor === "schedule") {
    if (text !== (action.schedule ?? "")) void edits.setActionSchedule(action.id!, text);
  } else if (column.kind === "custom") {
    const read = readCustomInput({ kind: column.type, options: column.options }, text, numberStyle(numberLocale()));
    if (!read.ok) return announce(CUSTOM_PROBLEMS[read.problem]);
    if (read.value !== (action.custom?.[column.key] ?? "")) void edits.setCustom(action.id!, column.key, read.value);
  }
}

function continueAfter(after: After): void {
  if (after === "down") moveCursor(1, 0);
  else if (after === "up") moveCursor(-1, 0);
  else if (after === "right" || after === "left") tabMove(after === "left", true);
  else if (after === "insertBelow") insertAction("below");
  focusGrid();
}

export function cancelEdit(): void {
  const { draft, editing } = useEditor.getState();
  const ctx = context();
  useEditor.setState({ editing: null });
  if (draft && ctx) {
    // The draft row disappears; the cursor goes back to the row it was opened from.
    const index = ctx.model.indexByKey.get(DRAFT_KEY) ?? ctx.at.row;
    useEditor.setState({ draft: null });
    setCursor(Math.max(0, index - 1), useEditor.getState().cursor.col, { keepWantedCol: true });
  }
  if (editing) focusGrid();
}

/** The status picked in the grid, dated today. */
export function commitStatus(action: ActionDoc, status: NonNullable<ActionDoc["status"]>, after: After): void {
  useEditor.setState({ editing: null });
  if (status !== (action.status ?? "planned")) void edits.setActionStatus(action.id!, status);
  continueAfter(after);
}

/** Institutions and commitments come from their pickers as whole lists. */
export function commitInstitutions(actionId: string, choices: edits.InstitutionChoice[], before: ActionDoc, after: After): void {
  useEditor.setState({ editing: null });
  const same =
    choices.length === before.institutions.length &&
    choices.every((c, i) => c.label === before.institutions[i] && c.lead === (before.lead === c.label));
  if (!same) void edits.setInstitutions(actionId, choices);
  continueAfter(after);
}

export function commitCommitments(actionId: string, list: string[], before: ActionDoc, after: After): void {
  useEditor.setState({ editing: null });
  if (list.join("\u0001") !== before.commitments.join("\u0001")) void edits.setCommitments(actionId, list);
  continueAfter(after);
}

/** Delete: empties the selected cells that may be empty (schedule, institutions, commitments, own columns), never the action text. */
export function clearSelection(): void {
  if (readOnly()) return;
  const ctx = context();
  if (!ctx) return;
  const block = selectionBlock(ctx.model, useEditor.getState());
  const targets = ctx.model.rows.slice(block.top, block.bottom + 1).filter((r): r is Extract<GridRow, { kind: "action" }> => r.kind === "action");
  const columns = ctx.model.columns.slice(Math.max(0, block.left - 1), block.right).filter((c) => ["schedule", "institutions", "commitments", "custom"].includes(c.editor));
  if (targets.length === 0 || columns.length === 0) return announce("ui.notice.nothingToClear");
  const builtin = columns.filter((c) => c.kind === "builtin").map((c) => pasteColumn(c));
  if (targets.length === 1) {
    const action = targets[0]!.action;
    for (const column of columns) {
      if (column.editor === "schedule" && action.schedule) void edits.setActionSchedule(action.id!, "");
      if (column.editor === "institutions" && action.institutions.length) void edits.setInstitutions(action.id!, []);
      if (column.editor === "commitments" && action.commitments.length) void edits.setCommitments(action.id!, []);
      if (column.kind === "custom" && action.custom?.[column.key]) void edits.setCustom(action.id!, column.key, "");
    }
    return;
  }
  if (builtin.length) {
    void edits.paste({
      actionIds: targets.map((t) => t.action.id!),
      columns: builtin,
      rows: targets.map(() => builtin.map(() => "")),
      appendToNeed: targets[targets.length - 1]!.need.id!,
    });
  }
  for (const column of columns) if (column.kind === "custom") for (const t of targets) if (t.action.custom?.[column.key]) void edits.setCustom(t.action.id!, column.key, "");
}

/* --------------------------------------------------------------- structure */

function openDraft(draft: NonNullable<ReturnType<typeof useEditor.getState>["draft"]>): void {
  useEditor.setState({ draft, anchor: null });
  const ctx = context();
  if (!ctx) return;
  const index = ctx.model.indexByKey.get(DRAFT_KEY);
  if (index === undefined) {
    useEditor.setState({ draft: null });
    return announce("ui.notice.filteredOut");
  }
  const col = draft.kind === "action" ? actionColumn(ctx.model.columns) : 0;
  useEditor.setState({ cursor: { key: DRAFT_KEY, row: index, col }, editing: beginEditing(DRAFT_KEY, col) });
}

/** Ctrl+Enter below, Ctrl+Shift+Enter above: a new action in the current need (a new need on a pillar row). */
export function insertAction(where: "below" | "above"): void {
  if (readOnly()) return;
  const ctx = context();
  if (!ctx?.row || useEditor.getState().draft) return;
  const row = ctx.row;
  if (row.kind === "action") return openDraft({ kind: "action", needId: row.need.id!, placement: where === "below" ? { after: row.action.id! } : { before: row.action.id! } });
  if (row.kind === "need") return openDraft({ kind: "action", needId: row.need.id!, placement: where === "below" ? { start: true } : { start: true } });
  if (row.kind === "pillar" || row.kind === "empty") return openDraft({ kind: "need", pillarId: row.pillar.id!, placement: { start: true } });
}

/** Ctrl+Alt+Enter: a new need after the current one (at the start of a pillar on its own row). */
export function insertNeed(): void {
  if (readOnly()) return;
  const ctx = context();
  if (!ctx?.row || useEditor.getState().draft) return;
  const need = rowNeed(ctx.row);
  const pillarId = ctx.row.pillar.id!;
  openDraft({ kind: "need", pillarId, placement: need && ctx.row.kind !== "draft" ? { after: need.id! } : { start: true } });
}

/** The row a structural command applies to: the action, or the need on a need row. */
function targetRow(ctx: Context): { kind: "need" | "action"; id: string; title: string } | null {
  const row = ctx.row;
  if (row?.kind === "action") {
    const column = columnAt(ctx.model, row, ctx.at.col);
    if (column?.editor === "need") return { kind: "need", id: row.need.id!, title: row.need.title };
    return { kind: "action", id: row.action.id!, title: row.action.text };
  }
  if (row?.kind === "need") return { kind: "need", id: row.need.id!, title: row.need.title };
  return null;
}

export async function moveRow(direction: "up" | "down"): Promise<void> {
  if (readOnly()) return;
  const ctx = context();
  const target = ctx && targetRow(ctx);
  if (!target) return announce("ui.notice.noRow");
  const result = await edits.moveRow(target.kind, target.id, direction);
  if (result && !result.moved) announce(direction === "up" ? "ui.notice.atTop" : "ui.notice.atBottom");
}

export function openMoveTo(): void {
  if (readOnly()) return;
  const ctx = context();
  const target = ctx && targetRow(ctx);
  if (!target) return announce("ui.notice.noRow");
  useEditor.setState({ dialog: { type: "moveTo", ...target } });
}

export function moveTo(kind: "need" | "action", id: string, parentId: string): void {
  closeDialog();
  void edits.moveRowTo(kind, id, parentId);
}

export async function askDelete(): Promise<void> {
  if (readOnly()) return;
  const ctx = context();
  const target = ctx && targetRow(ctx);
  if (!target) return announce("ui.notice.noRow");
  const preview = await query("edit.deletePreview", { kind: target.kind, id: target.id });
  if (preview) useEditor.setState({ dialog: { type: "delete", preview } });
}

export function confirmDelete(): void {
  const dialog = useEditor.getState().dialog;
  closeDialog();
  if (dialog?.type === "delete") void edits.deleteRow(dialog.preview.kind, dialog.preview.id);
}

/** Progress notes and indicators of the action (or, on a need row, the need's indicators). */
export function openMonitoring(): void {
  const ctx = context();
  const row = ctx?.row;
  if (row?.kind === "action") {
    const column = columnAt(ctx!.model, row, ctx!.at.col);
    if (column?.editor !== "need") return useEditor.setState({ dialog: { type: "monitoring", kind: "action", id: row.action.id! } });
  }
  const need = rowNeed(row);
  if (need && row?.kind !== "draft") return useEditor.setState({ dialog: { type: "monitoring", kind: "need", id: need.id! } });
  announce("ui.notice.noAction");
}

export function openBudget(): void {
  const ctx = context();
  if (ctx?.row?.kind !== "action") return announce("ui.notice.noAction");
  useEditor.setState({ dialog: { type: "budget", actionId: ctx.row.action.id! } });
}

/** Ctrl+I: the need's theme and description, or the action's status. */
export function openDetails(): void {
  if (readOnly()) return;
  const ctx = context();
  const target = ctx && targetRow(ctx);
  if (!target) return announce("ui.notice.noRow");
  useEditor.setState({ dialog: { type: "details", kind: target.kind, id: target.id } });
}

export function openColumns(): void {
  if (readOnly()) return;
  useEditor.setState({ dialog: { type: "columns" } });
}

export function openMenu(x: number, y: number): void {
  useEditor.setState({ dialog: { type: "menu", x, y } });
}

export function closeDialog(): void {
  useEditor.setState({ dialog: null });
  focusGrid();
}

export function showDialog(dialog: Dialog): void {
  useEditor.setState({ dialog });
}

export function undo(): void {
  if (readOnly()) return;
  useEditor.setState({ editing: null, draft: null });
  void edits.undo();
}

export function redo(): void {
  if (readOnly()) return;
  useEditor.setState({ editing: null, draft: null });
  void edits.redo();
}

/* --------------------------------------------------------------- clipboard */

export type CellText = (row: Extract<GridRow, { kind: "action" }>, column: MatrixColumn) => string;

/** The selected block as tab-separated text; group rows inside it are left out. */
export function copySelection(cellText: CellText): string | null {
  const ctx = context();
  if (!ctx) return null;
  const block = selectionBlock(ctx.model, useEditor.getState());
  const rows: string[][] = [];
  for (let r = block.top; r <= block.bottom; r++) {
    const row = ctx.model.rows[r]!;
    if (row.kind === "pillar" || row.kind === "need") {
      if (block.top === block.bottom) rows.push([row.kind === "need" ? row.need.title : row.pillar.title]);
      continue;
    }
    if (row.kind !== "action") continue;
    const cells: string[] = [];
    for (let c = block.left; c <= block.right; c++) cells.push(c === 0 ? row.ref : cellText(row, ctx.model.columns[c - 1]!));
    rows.push(cells);
  }
  return rows.length ? formatClipboardTable(rows) : null;
}

/**
 * Pastes a block onto the actions of the current need, from the cursor down; rows
 * past its last action become new actions in that need. The block never spills
 * into the next need, so a long paste cannot overwrite what another roundtable agreed.
 */
export function pasteText(text: string): void {
  if (readOnly()) return;
  const ctx = context();
  const rows = parseClipboardTable(text.replace(/\r?\n$/, "") + (text.endsWith("\n") ? "\n" : ""));
  if (!ctx?.row || rows.length === 0) return;
  const block = selectionBlock(ctx.model, useEditor.getState());
  const start = ctx.model.rows[block.top] ?? ctx.row;
  const need = rowNeed(start);
  if (!need || start.kind === "draft") return announce("ui.notice.pasteWhere");
  const firstCol = start.kind === "action" ? Math.max(1, block.left) : 1;
  const width = Math.min(50, Math.max(...rows.map((r) => r.length)));
  const columns: PasteColumn[] = Array.from({ length: width }, (_, j) => {
    const column = ctx.model.columns[firstCol - 1 + j];
    return column ? pasteColumn(column) : "ignore";
  });
  if (columns.every((c) => c === "ignore")) return announce("ui.notice.pasteNothing");
  const targets: string[] = [];
  for (let r = block.top; r < ctx.model.rows.length && targets.length < rows.length; r++) {
    const row = ctx.model.rows[r]!;
    if (row.kind === "action" && row.need === need) targets.push(row.action.id!);
    else if (row.kind === "action" || row.kind === "pillar" || (row.kind === "need" && row.need !== need)) break;
  }
  void edits.paste({ actionIds: targets, columns, rows: rows.map((r) => r.slice(0, width)), appendToNeed: need.id!, numberLocale: numberStyle(numberLocale()) });
}

/* ------------------------------------------------------------------- view */

export function toggleProjector(): void {
  useEditor.setState((s) => ({ projector: !s.projector, findOpen: false }));
}

const ZOOMS = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
export function zoom(step: 1 | -1 | 0): void {
  useEditor.setState((s) => {
    if (step === 0) return { zoom: 1 };
    const index = ZOOMS.findIndex((z) => z >= s.zoom - 0.001);
    const next = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (index < 0 ? 2 : index) + step))]!;
    return { zoom: next };
  });
}

export function focusFilter(): void {
  const focus = () => {
    const input = document.getElementById(FILTER_INPUT_ID) as HTMLInputElement | null;
    input?.focus();
    input?.select();
  };
  // Projector mode shows the filter bar only when asked for: it is drawn first, then focused.
  if (useEditor.getState().projector && !useEditor.getState().findOpen) {
    useEditor.setState({ findOpen: true });
    requestAnimationFrame(focus);
  } else focus();
}

/** Every filter off, the whole matrix back, the keyboard in the grid. */
export function clearFilter(): void {
  useEditor.setState({ filter: {} });
  focusGrid();
}

/** Back from the filter to the grid; in projector mode the filter bar folds away again. */
export function leaveFilter(): void {
  if (useEditor.getState().findOpen) useEditor.setState({ findOpen: false });
  focusGrid();
}

/** A filter just applied: the cursor goes to its first matching action, so the grid shows it. */
export function cursorToFirstMatch(): void {
  const ctx = context();
  if (!ctx || !ctx.model.filtered) return;
  const first = ctx.model.rows.findIndex((r) => r.kind === "action");
  if (first >= 0) setCursor(first, actionColumn(ctx.model.columns));
}

export function toggleHistory(): void {
  useEditor.setState((s) => ({ historyOpen: !s.historyOpen }));
}
