/**
 * How edits reach the core without making the user wait. Every edit is applied to
 * the cached document at once (an optimistic patch) and sent through one queue, so
 * the core sees them in the order they were typed.
 *
 * The cache keeps two things: `confirmed`, the grid as the core last described it
 * (fetched whole with plan.grid, then patched with the delta each edit answers), and
 * the patches still waiting in the queue. What the user sees is the confirmed grid
 * with the pending patches replayed on top, so an answer never undoes what was just
 * typed. A delta that does not follow on from the confirmed revision (the plan was
 * changed by something else, an import say) makes the grid be fetched again.
 */
import type { HistoryState, Input, JsonText, Method, Output } from "../src/api/contract";
import type { BudgetLineDoc } from "../src/domain/document";
import type { GridDelta, GridDocument } from "../src/domain/grid";
import { applyGridDelta, countRows } from "./doc-patch";
import { call, useBudgetLines, useMatriz } from "./state";

export type Patch = (doc: GridDocument) => GridDocument;
interface PendingPatch {
  apply: Patch;
}

let chain: Promise<unknown> = Promise.resolve();
let editsInFlight = 0;
let lastEditFailed = false;
let pending: PendingPatch[] = [];
let refreshQueued = false;
/** The grid as the core last described it, and the revision it describes. */
let confirmed: GridDocument | null = null;
let confirmedRevision = -1;
/** Bumped when another plan opens, so answers about the previous plan are dropped. */
let generation = 0;

/** Rows inserted locally carry a temporary id until the core answers with the real one. */
const idMap = new Map<string, string>();
let tmpCounter = 0;
export const newTemporaryId = () => `tmp-${++tmpCounter}`;
export const realId = (id: string): string => idMap.get(id) ?? id;
const renameListeners = new Set<(from: string, to: string) => void>();
export function onRowRenamed(listener: (from: string, to: string) => void): () => void {
  renameListeners.add(listener);
  return () => void renameListeners.delete(listener);
}

export function parseJson<T>(text: JsonText<T>): T {
  return JSON.parse(text) as T;
}

function enqueue<T>(job: () => Promise<T>): Promise<T> {
  const result = chain.then(job);
  chain = result.catch(() => undefined);
  return result;
}

function settleSaveState() {
  useMatriz.setState({ saveState: editsInFlight > 0 ? "saving" : lastEditFailed ? "error" : "saved" });
}

/** Applies a patch to what is shown (not to the confirmed grid). */
export function applyLocal(patch: Patch): void {
  const doc = useMatriz.getState().document;
  if (doc) useMatriz.setState({ document: patch(doc) });
}

/** Shows the confirmed grid with the pending patches on top, and keeps the plan summary's revision and counts in step. */
function show(): void {
  if (!confirmed) return;
  const document = pending.reduce((d, p) => p.apply(d), confirmed);
  const plan = useMatriz.getState().plan;
  useMatriz.setState(plan ? { document, plan: { ...plan, revision: confirmedRevision, counts: countRows(confirmed), title: confirmed.title ?? plan.title } } : { document });
}

/* ------------------------------------------------------------ budget lines */

const budgetWanted = new Set<string>();
const budgetInFlight = new Set<string>();
let budgetFlush: ReturnType<typeof setTimeout> | null = null;

/**
 * Keeps lines in the cache at once (so later edits, refreshes and forgets act on
 * the truth in arrival order); with `redraw: "idle"` the rows that show them are
 * redrawn in the page's next idle moment instead of inside a busy scroll frame.
 */
function storeBudgetLines(lines: Record<string, BudgetLineDoc[]>, clear = false, redraw: "now" | "idle" = "now"): void {
  const state = useBudgetLines.getState();
  const map = clear ? new Map<string, BudgetLineDoc[]>() : state.lines;
  for (const [id, list] of Object.entries(lines)) map.set(id, list);
  if (redraw === "now" || clear) useBudgetLines.setState({ lines: map, version: state.version + 1 });
  else redrawWhenIdle();
}

let redrawQueued = false;
function redrawWhenIdle(): void {
  if (redrawQueued) return;
  redrawQueued = true;
  whenIdle(() => {
    redrawQueued = false;
    useBudgetLines.setState((s) => ({ version: s.version + 1 }));
  });
}

function forgetBudgetLines(ids: Iterable<string>): void {
  const state = useBudgetLines.getState();
  let changed = false;
  for (const id of ids) changed = state.lines.delete(id) || changed;
  if (changed) useBudgetLines.setState({ version: state.version + 1 });
}

/** Runs `work` in the page's next idle moment, or within 150 ms at the latest. */
function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(work, { timeout: 150 });
  else setTimeout(work, 0);
}

/** Asks for the budget lines of these actions (the rows on screen), a few at a time, through the queue. */
export function loadBudgetLines(actionIds: Iterable<string>): void {
  const { lines } = useBudgetLines.getState();
  for (const id of actionIds) {
    const real = realId(id);
    if (!real.startsWith("tmp-") && !lines.has(real) && !budgetInFlight.has(real)) budgetWanted.add(real);
  }
  if (budgetWanted.size === 0 || budgetFlush) return;
  budgetFlush = setTimeout(() => {
    budgetFlush = null;
    const batch = [...budgetWanted].slice(0, 5000);
    for (const id of batch) {
      budgetWanted.delete(id);
      budgetInFlight.add(id);
    }
    const mine = generation;
    void query("plan.budgetLines", { actionIds: batch }).then((answer) => {
      for (const id of batch) budgetInFlight.delete(id);
      if (mine !== generation || !answer) return;
      // Redrawn when the page has a moment: lines landing mid-scroll would redraw rows inside a busy frame.
      storeBudgetLines(answer, false, "idle");
      if (budgetWanted.size) loadBudgetLines([]);
    });
  }, 0);
}

/* ------------------------------------------------------------------ edits */

export interface EditOptions<M extends Method> {
  /** The optimistic change to the cached document. */
  patch?: Patch;
  /** Structure changed (rows added, moved, removed): without a delta in the answer, fetch the grid again. */
  structural?: boolean;
  onDone?: (value: Output<M>) => void;
}

/** Takes in what the core says an edit did; false when the grid has to be fetched again instead. */
function absorb(delta: GridDelta): boolean {
  if (!confirmed || delta.from !== confirmedRevision) return false;
  const next = applyGridDelta(confirmed, delta);
  if (!next) return false;
  confirmed = next;
  confirmedRevision = delta.revision;
  const touched = new Set(delta.actions.map((a) => a.id));
  // Lines the delta brings replace the cached ones; an action whose lines changed otherwise is fetched again when shown.
  if (Object.keys(delta.budgetLines).length) storeBudgetLines(delta.budgetLines);
  forgetBudgetLines([...touched].filter((id) => !(id in delta.budgetLines) && useBudgetLines.getState().lines.has(id) && changedBudget(id, delta)));
  return true;
}

function changedBudget(id: string, delta: GridDelta): boolean {
  const action = delta.actions.find((a) => a.id === id);
  const cached = useBudgetLines.getState().lines.get(id);
  return !action || !cached || cached.length !== action.budget.lines;
}

/**
 * Sends one edit. The input is built when its turn comes, so temporary ids
 * typed against a row still being inserted are already real by then.
 */
export function edit<M extends Method>(method: M, input: () => Input<M>, options: EditOptions<M> = {}): Promise<Output<M> | undefined> {
  const mine = generation;
  const entry = options.patch ? { apply: options.patch } : null;
  if (entry) {
    pending.push(entry);
    applyLocal(entry.apply);
  }
  editsInFlight++;
  settleSaveState();
  return enqueue(async () => {
    if (mine !== generation) return undefined;
    const value = await call(method, input());
    if (mine !== generation) return undefined;
    editsInFlight--;
    pending = pending.filter((p) => p !== entry);
    if (value === undefined) {
      // The core refused: show its truth again instead of the optimistic patch.
      lastEditFailed = true;
      settleSaveState();
      if (confirmed) show();
      refreshDocument();
      return undefined;
    }
    lastEditFailed = false;
    const history = (value as { history?: HistoryState }).history;
    if (history) useMatriz.setState({ history });
    options.onDone?.(value);
    const grid = (value as { grid?: JsonText<GridDelta> }).grid;
    if (grid !== undefined) {
      if (absorb(parseJson(grid))) show();
      else refreshDocument();
    } else if (options.structural) {
      refreshDocument();
    } else if (entry && confirmed) {
      confirmed = entry.apply(confirmed);
    }
    settleSaveState();
    return value;
  });
}

/** Records the id the core gave a locally inserted row, everywhere the temporary one is used. */
export function adoptRealId(temporary: string, real: string, rename: Patch): void {
  idMap.set(temporary, real);
  applyLocal(rename);
  for (const listener of renameListeners) listener(temporary, real);
}

/** Fetches the grid (and the summary with its counts) behind every queued edit: on opening, and when the core changed the plan. */
export function refreshDocument(): void {
  if (refreshQueued) return;
  refreshQueued = true;
  const mine = generation;
  void enqueue(async () => {
    refreshQueued = false;
    if (mine !== generation || !useMatriz.getState().plan) return;
    const [text, plan] = await Promise.all([call("plan.grid"), call("plan.current")]);
    if (mine !== generation || text === undefined) return;
    confirmed = parseJson(text);
    confirmedRevision = confirmed.revision ?? -1;
    // Lines fetched before may be stale now; the rows on screen ask again.
    storeBudgetLines({}, true);
    const current = useMatriz.getState().plan;
    if (plan && current && plan.path === current.path) useMatriz.setState({ plan });
    // Everything still pending was queued after this fetch: replay it on top.
    show();
  });
}

/**
 * Other laptops' edits (a live workshop), as the core pushed them: patched into the
 * confirmed grid when they follow on from it, else the grid is fetched again behind the
 * queue. Pending edits are replayed on top, and a cell being typed keeps its own text.
 */
export function absorbRemote(grid: JsonText<GridDelta>): void {
  if (!confirmed || !useMatriz.getState().plan) return;
  if (absorb(parseJson(grid))) show();
  else refreshDocument();
}

/** The plan revision the cached grid shows (-1 before the first fetch). */
export function cachedRevision(): number {
  return confirmed ? confirmedRevision : -1;
}

/** Reads through the queue, so the answer reflects every edit sent before it. */
export function query<M extends Method>(method: M, input?: Input<M>): Promise<Output<M> | undefined> {
  return enqueue(() => call(method, input));
}

export function resetSync(): void {
  generation++;
  pending = [];
  refreshQueued = false;
  idMap.clear();
  editsInFlight = 0;
  lastEditFailed = false;
  confirmed = null;
  confirmedRevision = -1;
  budgetWanted.clear();
  budgetInFlight.clear();
  storeBudgetLines({}, true);
}
