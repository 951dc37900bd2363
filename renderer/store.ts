/**
 * A cache of what the core said: settings, the open plan's summary and its
 * document, the example and template lists, and the errors waiting in the
 * banner. SQLite is the truth; this store only mirrors it and is refreshed
 * whenever the core announces a change.
 */
import { create } from "zustand";
import type {
  ApiError,
  ExampleInfo,
  Input,
  MatrizEvent,
  Method,
  Output,
  PlanDocument,
  PlanSummary,
  Settings,
  TemplateInfo,
} from "../src/api/contract";
import { languageFromLocale, type Language } from "../src/i18n";
import { invoke, subscribe } from "./api";

export type PlanTab = "matrix" | "stocktaking" | "gaps";
export interface ShownError extends ApiError {
  id: number;
}

export interface MatrizState {
  booted: boolean;
  settings: Settings | null;
  plan: PlanSummary | null;
  document: PlanDocument | null;
  examples: ExampleInfo[];
  templates: TemplateInfo[];
  errors: ShownError[];
  tab: PlanTab;
}

const initialState: MatrizState = {
  booted: false,
  settings: null,
  plan: null,
  document: null,
  examples: [],
  templates: [],
  errors: [],
  tab: "matrix",
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
async function call<M extends Method>(method: M, input?: Input<M>): Promise<Output<M> | undefined> {
  const result = await invoke(method, input, currentLanguage());
  if (result.ok) return result.value;
  showError(result.error);
  return undefined;
}

/** Only the newest document request may land, so a slow answer never overwrites a newer plan. */
let documentRequest = 0;
async function refreshDocument(): Promise<void> {
  const ticket = ++documentRequest;
  if (!useMatriz.getState().plan) {
    useMatriz.setState({ document: null });
    return;
  }
  const document = await call("plan.document");
  if (ticket !== documentRequest) return;
  if (document) useMatriz.setState({ document });
}

function adoptPlan(plan: PlanSummary | null): void {
  const previous = useMatriz.getState().plan;
  const samePlan = previous?.path === plan?.path;
  const unchanged = samePlan && previous?.revision === plan?.revision && useMatriz.getState().document !== null;
  useMatriz.setState(samePlan ? { plan } : { plan, document: null, tab: "matrix" });
  if (!unchanged) void refreshDocument();
}

function handleEvent(event: MatrizEvent): void {
  switch (event.type) {
    case "plan-changed":
      adoptPlan(event.plan);
      break;
    case "settings-changed":
      useMatriz.setState({ settings: event.settings });
      break;
    case "error":
      showError(event.error);
      break;
  }
}

/** Asks the core for everything the first screen needs, and listens for its news. */
export function startStore(): () => void {
  const unsubscribe = subscribe(handleEvent);
  void (async () => {
    const settings = await call("settings.get");
    if (settings) useMatriz.setState({ settings });
    const [plan, examples, templates] = await Promise.all([call("plan.current"), call("examples.list"), call("templates.list")]);
    useMatriz.setState({ examples: examples ?? [], templates: templates ?? [], booted: true });
    if (plan) adoptPlan(plan);
  })();
  return unsubscribe;
}

async function settle(plan: PlanSummary | null | undefined): Promise<void> {
  if (plan) adoptPlan(plan);
  // Opening or creating changes the recent list.
  if (plan !== undefined) {
    const settings = await call("settings.get");
    if (settings) useMatriz.setState({ settings });
  }
}

export const actions = {
  openExample: async (example: ExampleInfo["id"]) => settle(await call("plan.openExample", { example })),
  openPath: async (path: string) => settle(await call("plan.open", { path })),
  openWithDialog: async () => settle(await call("dialog.open")),
  createFromTemplate: async (template: TemplateInfo["id"]) => settle(await call("dialog.create", { template })),
  closePlan: async () => {
    if ((await call("plan.close")) !== undefined) adoptPlan(null);
  },
  setLanguage: async (language: Settings["language"]) => {
    const settings = await call("settings.update", { language });
    if (settings) useMatriz.setState({ settings });
  },
  setTab: (tab: PlanTab) => useMatriz.setState({ tab }),
};
