/**
 * The finance round trip's own UI state: which of its dialogs is open, the files
 * being imported with their previews, and the open conflicts. The plan itself is
 * refreshed by the app's store when the core announces `plan-changed`.
 */
import { create } from "zustand";
import type { FinanceApplyResult, FinanceCommand, FinanceConflict, FinanceFilePreview, MatrizEvent } from "../../../src/api/contract";
import { subscribe } from "../../api";
import { call, useMatriz } from "../../store";

export type FinanceView = "export" | "import" | "conflicts" | null;
export type ItemState = "pending" | "previewed" | "applying" | "applied" | "cancelled";

export interface ImportItem {
  path: string;
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
}

export interface FinanceState {
  view: FinanceView;
  /** The export dialog opens on one institution or on the whole plan. */
  exportScope: "institution" | "plan";
  items: ImportItem[];
  progress: Progress | null;
  conflicts: FinanceConflict[];
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
  notice: null,
  dragging: false,
}));

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

function patchItem(path: string, change: Partial<ImportItem>) {
  useFinance.setState((s) => ({ items: s.items.map((item) => (item.path === path ? { ...item, ...change } : item)) }));
}

/** Whether a file can be applied as it is now. */
export function canApply(item: ImportItem): boolean {
  const p = item.preview;
  if (item.state !== "previewed" || !p) return false;
  if (p.status !== "ready" && p.status !== "conflicts") return false;
  return !p.needsConfirmation || item.confirmed;
}

export function openExport(scope: "institution" | "plan" = "institution"): void {
  useFinance.setState({ view: "export", exportScope: scope, notice: null });
}

export function closeFinance(): void {
  const { progress } = useFinance.getState();
  if (progress) return; // a long import finishes (or is cancelled file by file) before its dialog closes
  useFinance.setState({ view: null, notice: null, items: [] });
}

/** Reads each file's preview one after the other, so the progress shows and the UI stays responsive. */
export async function previewFiles(paths: string[]): Promise<void> {
  const unique = [...new Set(paths)];
  if (!unique.length) return;
  const known = new Set(useFinance.getState().items.map((i) => i.path));
  const fresh = unique.filter((p) => !known.has(p));
  const items: ImportItem[] = fresh.map((path) => ({ path, file: baseName(path), state: "pending", preview: null, result: null, confirmed: false, institution: "" }));
  useFinance.setState((s) => ({ view: "import", notice: null, items: [...s.items, ...items], progress: { phase: "reading", done: 0, total: fresh.length } }));
  let done = 0;
  for (const item of items) {
    await readPreview(item.path);
    done++;
    useFinance.setState({ progress: { phase: "reading", done, total: fresh.length } });
  }
  useFinance.setState({ progress: null });
}

async function readPreview(path: string): Promise<void> {
  const item = useFinance.getState().items.find((i) => i.path === path);
  if (!item) return;
  const answer = await call("finance.preview", { files: [{ path, ...(item.institution ? { institution: item.institution } : {}) }] });
  const preview = answer?.[0] ?? null;
  patchItem(path, { state: preview ? "previewed" : "cancelled", preview, confirmed: false });
}

/** Reads a file again, for instance once the user said which institution it is from. */
export async function previewAgain(path: string): Promise<void> {
  patchItem(path, { state: "pending" });
  await readPreview(path);
}

export function setItem(path: string, change: Partial<Pick<ImportItem, "confirmed" | "institution">>): void {
  patchItem(path, change);
}

export function cancelItem(path: string): void {
  const item = useFinance.getState().items.find((i) => i.path === path);
  if (item && (item.state === "previewed" || item.state === "pending")) patchItem(path, { state: "cancelled" });
}

export function cancelAll(): void {
  useFinance.setState((s) => ({ items: s.items.map((i) => (i.state === "previewed" || i.state === "pending" ? { ...i, state: "cancelled" } : i)) }));
}

/** Applies the files given, each in its own transaction on the core's side. */
export async function applyItems(paths: string[]): Promise<void> {
  const ready = useFinance.getState().items.filter((i) => paths.includes(i.path) && canApply(i));
  if (!ready.length) return;
  useFinance.setState({ progress: { phase: "applying", done: 0, total: ready.length } });
  let done = 0;
  for (const item of ready) {
    patchItem(item.path, { state: "applying" });
    const answer = await call("finance.apply", {
      files: [{ path: item.path, ...(item.institution ? { institution: item.institution } : {}), ...(item.confirmed ? { confirmMatches: true } : {}) }],
    });
    const result = answer?.results[0] ?? null;
    if (result?.status === "rejected") patchItem(item.path, { state: "previewed", result });
    else patchItem(item.path, { state: result ? "applied" : "previewed", result });
    done++;
    useFinance.setState({ progress: { phase: "applying", done, total: ready.length } });
  }
  useFinance.setState({ progress: null });
  await loadConflicts();
}

export async function pickAndPreview(): Promise<void> {
  const paths = await call("dialog.pickReturnedFiles");
  if (paths?.length) await previewFiles(paths);
}

export async function loadConflicts(): Promise<void> {
  if (!useMatriz.getState().plan) {
    useFinance.setState({ conflicts: [] });
    return;
  }
  const conflicts = await call("finance.conflicts");
  if (conflicts) useFinance.setState({ conflicts });
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

function onCommand(command: FinanceCommand, paths: string[] | undefined) {
  if (!useMatriz.getState().plan) return;
  if (command === "export") openExport("institution");
  else if (command === "exportPlan") openExport("plan");
  else if (paths?.length) void previewFiles(paths);
  else void pickAndPreview();
}

/** Listens for File › Export / Import and for files dropped on the window (the preload sends their paths). */
export function startFinance(): () => void {
  return subscribe((event: MatrizEvent) => {
    if (event.type === "finance") onCommand(event.command, event.paths);
    // An import or a resolution may have added or closed conflicts, even when no value changed.
    else if (event.type === "plan-changed") void loadConflicts();
  });
}
