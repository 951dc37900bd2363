/**
 * Long calls the page starts as tasks of the core (the national exports, an
 * institution's workbook, the regional consolidation and its workbook): a task id
 * of the page's own goes with the call, the core's progress events move the task
 * bar, and Cancel asks the core to stop before it writes anything. A task shows
 * only once it has run for a moment, so quick ones do not flash.
 */
import { create } from "zustand";
import type { MatrizEvent } from "../src/api/contract";
import { subscribe } from "./api";
import { call } from "./state";

export type TaskKind = "exportNational" | "exportFinance" | "exportRegional" | "consolidate";
export type NationalFormat = "xlsx" | "hxl" | "iati" | "pdf";

export interface ShownTask {
  id: string;
  kind: TaskKind;
  /** The national export's format, for its wording. */
  format: string;
  done: number;
  total: number;
  /** The file being written or read, as the core reports it. */
  label: string;
  /** Cancel was pressed: the core stops before writing. */
  stopping: boolean;
  /** Shown once it has run a moment. */
  visible: boolean;
}

export interface TasksState {
  running: ShownTask[];
  /** The last task the user cancelled, said until dismissed or the next task starts. */
  cancelled: { kind: TaskKind; format: string } | null;
}

export const useTasks = create<TasksState>()(() => ({ running: [], cancelled: null }));

/** How long a task runs before the bar shows it. */
const SHOW_AFTER_MS = 250;
let nextTask = 1;
let listening = false;

const patch = (id: string, change: Partial<ShownTask>) => useTasks.setState((s) => ({ running: s.running.map((t) => (t.id === id ? { ...t, ...change } : t)) }));

function listen(): void {
  if (listening) return;
  listening = true;
  subscribe((event: MatrizEvent) => {
    if (event.type === "progress") patch(event.task, { done: event.done, total: event.total, ...(event.label ? { label: event.label } : {}) });
  });
}

/**
 * Runs `work` under a new task id. The answer is the call's; when the user
 * cancelled and the core stopped (it answers null), the bar says so.
 */
export async function runTask<T>(kind: TaskKind, work: (task: string) => Promise<T | null | undefined>, format = ""): Promise<T | null | undefined> {
  listen();
  const id = `${kind}-${Date.now().toString(36)}-${nextTask++}`;
  useTasks.setState((s) => ({ running: [...s.running, { id, kind, format, done: 0, total: 1, label: "", stopping: false, visible: false }], cancelled: null }));
  const timer = setTimeout(() => patch(id, { visible: true }), SHOW_AFTER_MS);
  let answer: T | null | undefined;
  try {
    answer = await work(id);
    return answer;
  } finally {
    clearTimeout(timer);
    const stopped = useTasks.getState().running.find((t) => t.id === id)?.stopping ?? false;
    useTasks.setState((s) => ({ running: s.running.filter((t) => t.id !== id), cancelled: stopped && answer === null ? { kind, format } : s.cancelled }));
  }
}

/** Cancel, as the user pressed it. */
export async function cancelTask(id: string): Promise<void> {
  const task = useTasks.getState().running.find((t) => t.id === id);
  if (!task || task.stopping) return;
  patch(id, { stopping: true });
  await call("task.cancel", { task: id });
}

/** A task the page no longer needs (a newer consolidation replaced it): stopped without a word. */
export function dropTask(id: string): void {
  void call("task.cancel", { task: id });
}

export function dismissCancelled(): void {
  useTasks.setState({ cancelled: null });
}

/** A national export (File › Export, the Summaries' print button): where it went, the notice says. */
export function exportNational(format: NationalFormat, paper?: "A4" | "Letter") {
  return runTask("exportNational", (task) => call("dialog.exportNational", { format, ...(paper ? { paper } : {}), task }), format);
}

/** File › Export › a national output arrives from the shell's menu as an event. */
export function startTasks(): () => void {
  listen();
  return subscribe((event: MatrizEvent) => {
    if (event.type === "export") void exportNational(event.format);
  });
}
