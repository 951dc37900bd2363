/**
 * Long work (importing many workbooks, exporting, reading plans for the regional
 * view) as tasks the page can follow and cancel. The page names a task with an
 * id of its own when it starts the call; the core reports progress under that id
 * and stops between two steps once asked to, so nothing is left half done (each
 * file is its own transaction). Between steps the core yields, so other calls (a
 * menu action, an edit) are answered while the task runs.
 */
import type { MatrizEvent } from "../api/contract";

type Progress = Extract<MatrizEvent, { type: "progress" }>;

export interface TaskRun {
  /** Set once the page asked to cancel: the work stops before its next step. */
  readonly cancelled: boolean;
  /** Reports `done` of `total` steps, `label` naming the step (a file name). */
  progress(done: number, total: number, label: string): void;
}

/** Thrown at a checkpoint of a cancelled task (just before a file would be written); the call then answers as if cancelled by the user. */
export class Cancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "Cancelled";
  }
}

export function isCancelled(error: unknown): error is Cancelled {
  return error instanceof Cancelled;
}

/** A checkpoint for work that cannot be split into steps: throws Cancelled once the task was cancelled. */
export function checkpoint(stop: (() => boolean) | undefined): void {
  if (stop?.()) throw new Cancelled();
}

/** Lets queued messages (a cancel, another call) run before the next step. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Tasks {
  private readonly running = new Map<string, { cancelled: boolean }>();
  /** Cancels asked for before the task's first step arrived (messages may cross). */
  private readonly early = new Set<string>();

  constructor(private readonly report: (event: Progress) => void) {}

  /** Runs `work` as the task `id` (or as untracked work when the page gave none). */
  async run<T>(id: string | undefined, work: (task: TaskRun) => Promise<T>): Promise<T> {
    if (!id) return work({ cancelled: false, progress: () => {} });
    const state = { cancelled: this.early.delete(id) };
    this.running.set(id, state);
    const report = this.report;
    const task: TaskRun = {
      get cancelled() {
        return state.cancelled;
      },
      progress(done, total, label) {
        report({ type: "progress", task: id, done, total, label });
      },
    };
    try {
      return await work(task);
    } finally {
      this.running.delete(id);
    }
  }

  /** Asks the task to stop; true when it was running (or not started yet). */
  cancel(id: string): boolean {
    const state = this.running.get(id);
    if (state) {
      state.cancelled = true;
      return true;
    }
    // Bounded: a page that cancels ids it never uses cannot grow this without limit.
    if (this.early.size > 100) this.early.clear();
    this.early.add(id);
    return false;
  }
}

/**
 * Runs `step` on each item in turn, yielding before each one and reporting progress;
 * stops early when the task is cancelled or `stillValid` says the work lost its
 * object (the plan was closed meanwhile). Returns what the steps returned so far.
 */
export async function eachStep<I, R>(
  items: readonly I[],
  task: TaskRun,
  label: (item: I) => string,
  step: (item: I) => R | Promise<R>,
  stillValid: () => boolean = () => true,
): Promise<{ results: R[]; stopped: boolean }> {
  const results: R[] = [];
  for (const [index, item] of items.entries()) {
    await nextTurn();
    if (task.cancelled || !stillValid()) return { results, stopped: true };
    task.progress(index, items.length, label(item));
    results.push(await step(item));
  }
  task.progress(items.length, items.length, "");
  return { results, stopped: false };
}

/**
 * Like eachStep for work cheaper done several items at a time (files applied under
 * one commit): `slice` takes items from `from` on and returns the results of those it
 * took, at least one, calling `starting` before each. The task yields and checks for
 * a cancel between two slices.
 */
export async function eachSlice<I, R>(
  items: readonly I[],
  task: TaskRun,
  label: (item: I) => string,
  slice: (from: number, starting: (index: number) => void) => R[],
  stillValid: () => boolean = () => true,
): Promise<{ results: R[]; stopped: boolean }> {
  const results: R[] = [];
  while (results.length < items.length) {
    await nextTurn();
    if (task.cancelled || !stillValid()) return { results, stopped: true };
    const from = results.length;
    // Progress says which item is under way, as eachStep does, though the slice reports it.
    const taken = slice(from, (index) => task.progress(from + index, items.length, label(items[from + index]!)));
    if (!taken.length) throw new Error("eachSlice: a slice took no item");
    results.push(...taken);
  }
  task.progress(items.length, items.length, "");
  return { results, stopped: false };
}
