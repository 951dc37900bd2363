/**
 * The cache's state and the one way to call the core: settings, the open plan's
 * summary and its document, the example and template lists, the errors waiting
 * in the banner, and whether the edits are saved. SQLite is the truth; this only
 * mirrors it.
 */
import { create } from "zustand";
import type {
  ApiError,
  ExampleInfo,
  HistoryState,
  Input,
  MatrizEvent,
  Method,
  Output,
  PlanSummary,
  Settings,
  TemplateInfo,
} from "../src/api/contract";
import type { BudgetLineDoc } from "../src/domain/document";
import type { GridDocument } from "../src/domain/grid";
import { languageFromLocale, type Language } from "../src/i18n";
import { invoke } from "./api";

export type PlanTab = "matrix" | "stocktaking" | "gaps" | "overarching" | "rounds" | "summaries" | "institutions" | "returns";
/** Whether every edit the core was sent has been committed to the plan file. */
export type SaveState = "saved" | "saving" | "error";
export interface ShownError extends ApiError {
  id: number;
}

export interface MatrizState {
  booted: boolean;
  settings: Settings | null;
  plan: PlanSummary | null;
  /**
   * The open plan as the editor draws it: the whole document but the budget lines
   * (each action says how many it has; see useBudgetLines). It is a PlanDocument too.
   */
  document: GridDocument | null;
  examples: ExampleInfo[];
  templates: TemplateInfo[];
  errors: ShownError[];
  /** The last export written, shown until closed or replaced. */
  notice: Extract<MatrizEvent, { type: "exported" }> | null;
  tab: PlanTab;
  saveState: SaveState;
  /** What undo and redo would do next, as the core last reported it. */
  history: HistoryState | null;
}

const initialState: MatrizState = {
  booted: false,
  settings: null,
  plan: null,
  document: null,
  examples: [],
  templates: [],
  errors: [],
  notice: null,
  tab: "matrix",
  saveState: "saved",
  history: null,
};

export const useMatriz = create<MatrizState>()(() => initialState);

/** The UI language: the core's answer once it came, the browser's guess before. */
export function currentLanguage(state: MatrizState = useMatriz.getState()): Language {
  return state.settings?.resolvedLanguage ?? languageFromLocale(navigator.language);
}

let nextErrorId = 1;
export function showError(error: ApiError): void {
  const shown = { ...error, id: nextErrorId++ };
  // The same failure twice in a row (a double click) shows once.
  useMatriz.setState((s) => ({ errors: [...s.errors.filter((e) => e.message !== error.message), shown] }));
}

export function dismissError(id: number): void {
  useMatriz.setState((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
}

/** Calls the core; a failure goes to the banner and the caller gets undefined. */
export async function call<M extends Method>(method: M, input?: Input<M>): Promise<Output<M> | undefined> {
  const result = await invoke(method, input, currentLanguage());
  if (result.ok) return result.value;
  showError(result.error);
  return undefined;
}


/**
 * Budget lines by action id, for the actions whose lines were fetched (the rows
 * on screen, the budget panel's action, a copied block). `version` changes with
 * every update, so components select the one action they draw.
 */
export interface BudgetLinesState {
  lines: Map<string, BudgetLineDoc[]>;
  version: number;
}
export const useBudgetLines = create<BudgetLinesState>()(() => ({ lines: new Map(), version: 0 }));
