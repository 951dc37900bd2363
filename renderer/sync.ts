/**
 * How edits reach the core without making the user wait. Every edit is applied to
 * the cached document at once (an optimistic patch) and sent through one queue, so
 * the core sees them in the order they were typed. A document fetched from the core
 * is only as new as the queue position it was fetched at: the patches still in the
 * queue behind it are replayed on top, so a refetch never undoes what was just typed.
 */
import type { HistoryState, Input, Method, Output, PlanDocument } from "../src/api/contract";
import { call, useMatriz } from "./state";

type Patch = (doc: PlanDocument) => PlanDocument;
interface PendingPatch {
  apply: Patch;
}

let chain: Promise<unknown> = Promise.resolve();
let editsInFlight = 0;
let lastEditFailed = false;
let pending: PendingPatch[] = [];
let refreshQueued = false;
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

function enqueue<T>(job: () => Promise<T>): Promise<T> {
  const result = chain.then(job);
  chain = result.catch(() => undefined);
  return result;
}

function settleSaveState() {
  useMatriz.setState({ saveState: editsInFlight > 0 ? "saving" : lastEditFailed ? "error" : "saved" });
}

export function applyLocal(patch: Patch): void {
  const doc = useMatriz.getState().document;
  if (doc) useMatriz.setState({ document: patch(doc) });
}

export interface EditOptions<M extends Method> {
  /** The optimistic change to the cached document. */
  patch?: Patch;
  /** Structure changed (rows added, moved, removed): fetch the document again afterwards. */
  structural?: boolean;
  onDone?: (value: Output<M>) => void;
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
      refreshDocument();
      return undefined;
    }
    lastEditFailed = false;
    const history = (value as { history?: HistoryState }).history;
    if (history) useMatriz.setState({ history });
    options.onDone?.(value);
    settleSaveState();
    if (options.structural) refreshDocument();
    return value;
  });
}

/** Records the id the core gave a locally inserted row, everywhere the temporary one is used. */
export function adoptRealId(temporary: string, real: string, rename: Patch): void {
  idMap.set(temporary, real);
  applyLocal(rename);
  for (const listener of renameListeners) listener(temporary, real);
}

/** Asks the core for the document (and the summary with its counts) behind every queued edit. */
export function refreshDocument(): void {
  if (refreshQueued) return;
  refreshQueued = true;
  const mine = generation;
  void enqueue(async () => {
    refreshQueued = false;
    if (mine !== generation || !useMatriz.getState().plan) return;
    const doc = await call("plan.document");
    const plan = await call("plan.current");
    if (mine !== generation || !doc) return;
    // Everything still pending was queued after this fetch: replay it on top.
    const document = pending.reduce((d, p) => p.apply(d), doc);
    const current = useMatriz.getState().plan;
    useMatriz.setState(plan && current && plan.path === current.path ? { document, plan } : { document });
  });
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
}
