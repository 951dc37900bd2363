/**
 * A cache of what the core said, refreshed whenever the core announces a change
 * (the state itself is in state.ts, the edit queue in sync.ts).
 */
import type { EditorCommand, ExampleInfo, MatrizEvent, PlanSummary, Settings, TemplateInfo } from "../src/api/contract";
import { subscribe } from "./api";
import { call, showError, useMatriz, type PlanTab } from "./state";
import { refreshDocument, resetSync } from "./sync";

export { call, currentLanguage, dismissError, showError, useBudgetLines, useMatriz, type MatrizState, type PlanTab, type SaveState, type ShownError } from "./state";
export { refreshDocument, refreshDocument as refreshGrid } from "./sync";

function adoptPlan(plan: PlanSummary | null): void {
  const previous = useMatriz.getState().plan;
  const samePlan = previous?.path === plan?.path;
  const unchanged = samePlan && previous?.revision === plan?.revision && useMatriz.getState().document !== null;
  if (!samePlan) resetSync();
  // A notice (an export written) belongs to the plan it was about: another plan starts without it.
  useMatriz.setState(samePlan ? { plan } : { plan, document: null, tab: "matrix", history: null, saveState: "saved", notice: null });
  if (!plan) return;
  if (!unchanged) refreshDocument();
  // A change the core announces (an import, a conflict resolved) is a step of undo too: the session bar says so.
  if (!unchanged) void call("history.state").then((history) => history && useMatriz.setState({ history }));
}

/** Menu commands whose work happens in the editor (undo, find, projector…). */
const commandListeners = new Set<(command: EditorCommand) => void>();
export function onEditorCommand(listener: (command: EditorCommand) => void): () => void {
  commandListeners.add(listener);
  return () => void commandListeners.delete(listener);
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
    case "exported":
      useMatriz.setState({ notice: event });
      break;
    case "command":
      for (const listener of commandListeners) listener(event.command);
      break;
  }
}

/** Asks the core for everything the first screen needs, and listens for its news. */
export function startStore(): () => void {
  const unsubscribe = subscribe(handleEvent);
  void (async () => {
    // All at once: the open plan's grid starts loading before the welcome screen's lists arrive.
    const lists = Promise.all([call("examples.list"), call("templates.list")]);
    const [settings, plan] = await Promise.all([call("settings.get"), call("plan.current")]);
    if (settings) useMatriz.setState({ settings });
    if (plan) {
      adoptPlan(plan);
      useMatriz.setState({ booted: true });
    }
    const [examples, templates] = await lists;
    useMatriz.setState({ examples: examples ?? [], templates: templates ?? [], booted: true });
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
  /** A plan from the recent list, by the handle the core gave for it. */
  openRecent: async (handle: string) => settle(await call("plan.open", { handle })),
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
