/**
 * The editor's own state, apart from the plan cache: where the cell cursor is
 * (by row key, so it follows its row through refetches), the block selection,
 * the cell being edited, the draft row, the open dialog, the filter, projector
 * mode and zoom. Components subscribe to the slices they draw.
 */
import { create } from "zustand";
import type { DeletePreview } from "../../../src/api/contract";
import type { MatrixFilter } from "../../../src/domain/matrix-rows";
import type { MessageKey } from "../../../src/i18n";
import { onRowRenamed } from "../../sync";
import { cellCount, type Draft, type GridModel } from "./model";

export interface CellPosition {
  row: number;
  col: number;
}
/** `col` is the column the user wants: crossing a one-cell group row keeps it, as in a spreadsheet. */
export interface Cursor extends CellPosition {
  key: string;
}
export interface Editing {
  key: string;
  col: number;
  /** The character typed to start editing: it replaces the cell's text. */
  seed: string | null;
  /** A new number for every edit, so two drafts in a row get two fresh editors. */
  session: number;
}
export type Dialog =
  | { type: "delete"; preview: DeletePreview }
  | { type: "moveTo"; kind: "need" | "action"; id: string; title: string }
  | { type: "budget"; actionId: string }
  | { type: "details"; kind: "need" | "action"; id: string }
  | { type: "columns" }
  | { type: "monitoring"; kind: "action" | "need"; id: string }
  | { type: "menu"; x: number; y: number };

export interface EditorState {
  cursor: Cursor;
  anchor: CellPosition | null;
  editing: Editing | null;
  draft: Draft | null;
  dialog: Dialog | null;
  filter: MatrixFilter;
  projector: boolean;
  /** In projector mode the filter bar is hidden until Ctrl+F asks for it. */
  findOpen: boolean;
  zoom: number;
  historyOpen: boolean;
  notice: { key: MessageKey; at: number } | null;
}

const initial: EditorState = {
  cursor: { key: "", row: 0, col: 0 },
  anchor: null,
  editing: null,
  draft: null,
  dialog: null,
  filter: {},
  projector: false,
  findOpen: false,
  zoom: 1,
  historyOpen: false,
  notice: null,
};

export const useEditor = create<EditorState>()(() => initial);

/** A new plan starts at the top with nothing selected; projector mode and zoom stay as the room set them. */
export function resetEditor(): void {
  const { projector, zoom } = useEditor.getState();
  useEditor.setState({ ...initial, projector, zoom });
}

export function resolveCursor(model: GridModel, cursor: Cursor): CellPosition {
  const last = Math.max(0, model.rows.length - 1);
  const row = model.indexByKey.get(cursor.key) ?? Math.min(cursor.row, last);
  return { row, col: Math.min(cursor.col, cellCount(model.rows[row], model.columns) - 1) };
}

export interface Block {
  top: number;
  bottom: number;
  left: number;
  right: number;
}
/** The selected block: from the anchor to the cursor, or the cursor cell alone. */
export function selectionBlock(model: GridModel, state: Pick<EditorState, "cursor" | "anchor">): Block {
  const at = resolveCursor(model, state.cursor);
  const from = state.anchor ?? at;
  return { top: Math.min(from.row, at.row), bottom: Math.max(from.row, at.row), left: Math.min(from.col, at.col), right: Math.max(from.col, at.col) };
}

let editSession = 0;
export function beginEditing(key: string, col: number, seed: string | null = null): Editing {
  return { key, col, seed, session: ++editSession };
}

export function announce(key: MessageKey): void {
  useEditor.setState({ notice: { key, at: Date.now() } });
}

// A row inserted under a temporary id keeps the cursor, the editor and the draft when its real id arrives.
onRowRenamed((from, to) => {
  const swap = (key: string) => key.replace(new RegExp(`^([an]):${from}$`), `$1:${to}`);
  const { cursor, editing, draft } = useEditor.getState();
  const placement = draft?.placement;
  const movedPlacement =
    placement && "after" in placement && placement.after === from
      ? { after: to }
      : placement && "before" in placement && placement.before === from
        ? { before: to }
        : placement;
  useEditor.setState({
    cursor: { ...cursor, key: swap(cursor.key) },
    editing: editing ? { ...editing, key: swap(editing.key) } : null,
    draft: draft ? (draft.kind === "action" ? { ...draft, needId: draft.needId === from ? to : draft.needId, placement: movedPlacement! } : { ...draft, placement: movedPlacement! }) : null,
  });
});
