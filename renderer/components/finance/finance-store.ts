/**
 * The finance round trip's own UI state: which of its dialogs is open, the files
 * being imported with their previews, and the open conflicts. The plan itself is
 * refreshed by the app's store when the core announces `plan-changed`.
 */
import { create } from "zustand";
import type { FinanceApplyResult, FinanceCommand, FinanceConflict, FinanceFilePreview, GrantedFile, LiveConflict, MatrizEvent } from "../../../src/api/contract";
import { subscribe } from "../../api";
import { translate } from "../../../src/i18n";
import { call, currentLanguage, showError, useMatriz } from "../../store";

export type FinanceView = "export" | "import" | "conflicts" | null;
export type ItemState = "pending" | "previewed" | "applying" | "applied" | "cancelled";

export interface ImportItem {
  /** The handle the core gave for the file the user chose: what is sent back, never a path. */
  handle: string;
  file: string;
  state: ItemState;
  preview: FinanceFilePreview | null;
  result: FinanceApplyResult | null;
  /** The user confirmed the rows matched by their text. */
  confirmed: boolean;
  /** The institution the user named for a file that lost its hidden data. */
  institution: string;
}

export interface Progress {
  phase: "reading" | "applying";
  done: number;
  total: number;
  /** The file being read or applied, as the core reports it. */
  label: string;
  /** The core's task this run's calls belong to: Stop cancels it. */
  task: string;
  /** Stop was pressed: the core finishes the file it is on, then stops. */
  stopping: boolean;
}

export interface FinanceState {
  view: FinanceView;
  /** The export dialog opens on one institution or on the whole plan. */
  /** Whom the export dialog writes for: an institution's finance workbook, the whole plan's, or an institution's monitoring workbook. */
  exportScope: "institution" | "plan" | "monitoring";
  items: ImportItem[];
  progress: Progress | null;
  conflicts: FinanceConflict[];
  /** Conflicts from the live workshop and merged copies, shown in the same panel. */
  liveConflicts: LiveConflict[];
  /** A short confirmation shown in the dialog that did the work (an export saved, conflicts resolved). */
  notice: string | null;
  dragging: boolean;
}

export const useFinance = create<FinanceState>()(() => ({
  view: null,
  exportScope: "institution",
  items: [],
  progress: null,
  conflicts: [],
  liveConflicts: [],
  notice: null,
  dragging: false,
}));

function patchItem(handle: string, change: Partial<ImportItem>) {
  useFinance.setState((s) => ({ items: s.items.map((item) => (item.handle === handle ? { ...item, ...change } : item)) }));
}

/** Files applied per call of an import run. */
const APPLY_PER_CALL = 10;

let nextTask = 1;
/** A task id of the page's own, so the core's progress reports and a Stop can name this work. */
const newTask = (kind: string) => `${kind}-${Date.now().toString(36)}-${nextTask++}`;

/**
 * Stop: no file is started after the one in hand, and the core is told to stop the
 * task (a call it is working through stops before its next file). What was done stays done.
 */
export async function stopTask(): Promise<void> {
  const progress = useFinance.getState().progress;
  if (!progress || progress.stopping) return;
  useFinance.setState({ progress: { ...progress, stopping: true } });
  await call("task.cancel", { task: progress.task });
}

const setProgress = (change: Partial<Progress>) => useFinance.setState((s) => (s.progress ? { progress: { ...s.progress, ...change } } : {}));

/**
 * Works through the files one call each, all under one task of the core: each card
 * shows its answer as soon as it comes, the bar counts the files answered, and Stop
 * ends the run between two files. Returns the files not reached.
 */
async function runFiles(phase: Progress["phase"], items: ImportItem[], work: (item: ImportItem, task: string) => Promise<void>): Promise<ImportItem[]> {
  const task = newTask(phase);
  useFinance.setState({ progress: { phase, done: 0, total: items.length, label: items[0]?.file ?? "", task, stopping: false } });
  let done = 0;
  for (const item of items) {
    if (useFinance.getState().progress?.stopping) break;
    setProgress({ label: item.file });
    await work(item, task);
    setProgress({ done: ++done });
  }
  useFinance.setState({ progress: null });
  return items.slice(done);
}

const fileInput = (item: ImportItem) => ({
  handle: item.handle,
  ...(item.institution ? { institution: item.institution } : {}),
  ...(item.confirmed ? { confirmMatches: true } : {}),
});

/** Whether a file can be applied as it is now. */
export function canApply(item: ImportItem): boolean {
  const p = item.preview;
  if (item.state !== "previewed" || !p) return false;
  if (p.status !== "ready" && p.status !== "conflicts") return false;
  return !p.needsConfirmation || item.confirmed;
}

export function openExport(scope: "institution" | "plan" | "monitoring" = "institution"): void {
  useFinance.setState({ view: "export", exportScope: scope, notice: null });
}

export function closeFinance(): void {
  const { progress } = useFinance.getState();
  if (progress) return; // a long import finishes (or is cancelled file by file) before its dialog closes
  useFinance.setState({ view: null, notice: null, items: [] });
}

/** Reads the previews of the files the user chose; Stop leaves the files not read yet cancelled. */
export async function previewFiles(files: GrantedFile[]): Promise<void> {
  const known = new Set(useFinance.getState().items.map((i) => i.handle));
  const fresh = files.filter((f, i) => !known.has(f.handle) && files.findIndex((g) => g.handle === f.handle) === i);
  if (!fresh.length) {
    if (files.length) useFinance.setState({ view: "import" });
    return;
  }
  const items: ImportItem[] = fresh.map((f) => ({ handle: f.handle, file: f.name, state: "pending", preview: null, result: null, confirmed: false, institution: "" }));
  useFinance.setState((s) => ({ view: "import", notice: null, items: [...s.items, ...items] }));
  const notRead = await runFiles("reading", items, (item, task) => readPreview(item.handle, task));
  for (const item of notRead) patchItem(item.handle, { state: "cancelled" });
}

async function readPreview(handle: string, task?: string): Promise<void> {
  const item = useFinance.getState().items.find((i) => i.handle === handle);
  if (!item) return;
  const answer = await call("finance.preview", { files: [fileInput({ ...item, confirmed: false })], ...(task ? { task } : {}) });
  const preview = answer?.[0] ?? null;
  patchItem(handle, { state: preview ? "previewed" : "cancelled", preview, confirmed: false });
}

/** Reads a file again, for instance once the user said which institution it is from. */
export async function previewAgain(handle: string): Promise<void> {
  patchItem(handle, { state: "pending" });
  await readPreview(handle);
}

export function setItem(handle: string, change: Partial<Pick<ImportItem, "confirmed" | "institution">>): void {
  patchItem(handle, change);
}

export function cancelItem(handle: string): void {
  const item = useFinance.getState().items.find((i) => i.handle === handle);
  if (item && (item.state === "previewed" || item.state === "pending")) patchItem(handle, { state: "cancelled" });
}

export function cancelAll(): void {
  useFinance.setState((s) => ({ items: s.items.map((i) => (i.state === "previewed" || i.state === "pending" ? { ...i, state: "cancelled" } : i)) }));
}

/**
 * Applies the files given, each in its own transaction on the core's side; Stop ends
 * the run between two files, and the files not reached stay ready to apply.
 */
export async function applyItems(handles: string[]): Promise<void> {
  const ready = useFinance.getState().items.filter((i) => handles.includes(i.handle) && canApply(i));
  if (!ready.length) return;
  for (const item of ready) patchItem(item.handle, { state: "applying" });
  const task = newTask("applying");
  useFinance.setState({ progress: { phase: "applying", done: 0, total: ready.length, label: ready[0]!.file, task, stopping: false } });
  const answered = new Set<string>();
  // A few files per call: the core commits them together (each file still all or nothing, its
  // own change set), and the cards of a call show their answers as soon as it returns.
  for (let from = 0; from < ready.length; from += APPLY_PER_CALL) {
    if (useFinance.getState().progress?.stopping) break;
    const chunk = ready.slice(from, from + APPLY_PER_CALL);
    setProgress({ label: chunk[0]!.file });
    const answer = await call("finance.apply", { files: chunk.map(fileInput), task });
    for (const result of answer?.results ?? []) {
      answered.add(result.handle);
      patchItem(result.handle, { state: result.status === "rejected" ? "previewed" : "applied", result });
    }
    setProgress({ done: answered.size });
    // Stopped (or refused as a whole): the files not answered stay ready to apply.
    if (!answer || answer.cancelled || answer.results.length < chunk.length) break;
  }
  useFinance.setState({ progress: null });
  for (const item of ready) if (!answered.has(item.handle)) patchItem(item.handle, { state: "previewed" });
  await loadConflicts();
}

export async function pickAndPreview(): Promise<void> {
  const files = await call("dialog.pickReturnedFiles");
  if (files?.length) await previewFiles(files);
}

export async function loadConflicts(): Promise<void> {
  if (!useMatriz.getState().plan) {
    useFinance.setState({ conflicts: [], liveConflicts: [] });
    return;
  }
  const [conflicts, liveConflicts] = await Promise.all([call("finance.conflicts"), call("live.conflicts")]);
  if (conflicts) useFinance.setState({ conflicts });
  if (liveConflicts) useFinance.setState({ liveConflicts });
}

export function openConflicts(): void {
  useFinance.setState({ view: "conflicts", notice: null, items: [] });
  void loadConflicts();
}

export async function resolve(ids: string[] | "all", take: "plan" | "returned" | "base", notice: (count: number) => string): Promise<void> {
  const answer = await call("finance.resolve", ids === "all" ? { all: true, take } : { ids, take });
  if (answer) useFinance.setState({ notice: notice(answer.resolved) });
  await loadConflicts();
}

function onCommand(command: FinanceCommand, files: GrantedFile[] | undefined) {
  const plan = useMatriz.getState().plan;
  if (!plan) return;
  // Exporting for institutions and importing write to the plan: a read-only one says why instead.
  if (plan.readOnly) {
    const params = { reason: plan.readOnlyReason ?? "file" };
    showError({ code: "plan_read_only", params, message: translate(currentLanguage(), "error.plan_read_only", params) });
    return;
  }
  if (command === "export") openExport("institution");
  else if (command === "exportPlan") openExport("plan");
  else if (command === "exportMonitoring") openExport("monitoring");
  else if (files?.length) void previewFiles(files);
  else void pickAndPreview();
}

/** Listens for File › Export / Import and for files dropped on the window (the core grants them, the page gets handles). */
export function startFinance(): () => void {
  return subscribe((event: MatrizEvent) => {
    if (event.type === "finance") onCommand(event.command, event.files);
    // An import or a resolution may have added or closed conflicts, even when no value changed.
    else if (event.type === "plan-changed") void loadConflicts();
  });
}
