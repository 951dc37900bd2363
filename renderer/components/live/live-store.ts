/**
 * The live workshop as the page sees it: the session's state as the core last
 * pushed it (who is here and where, the code to show, pillars and locks), which
 * of its dialogs is open, the refusals to read, and the projector's "follow the
 * room". Other laptops' edits are patched into the grid through sync.ts; this
 * page's cursor goes to the core a few times a second at most.
 */
import { create } from "zustand";
import type { LiveCommand, LiveCursor, LiveFoundHost, LiveInvitation, LiveState, MatrizEvent } from "../../../src/api/contract";
import { invoke, subscribe } from "../../api";
import { call, currentLanguage, useMatriz } from "../../store";
import { absorbRemote, query } from "../../sync";
import { useEditor } from "../matrix/editor-state";
import { gridModel, type GridRow } from "../matrix/model";
import { loadConflicts, openConflicts } from "../finance/finance-store";

const OFF: LiveState = { role: null, status: "off", hosting: null, joined: null, peers: [], scope: null, locks: [], denied: null };

export interface MergeResult {
  file: string;
  changes: number;
  conflicts: number;
  refused: number;
}

export interface LiveUiState {
  state: LiveState;
  view: "panel" | "join" | null;
  busy: boolean;
  /** The pairing code in large type over the projector's matrix. */
  showCode: boolean;
  /** Projector mode: scroll to the latest edit from another laptop. */
  follow: boolean;
  /** The newest edit from another laptop: its row key and column key, and who typed it. */
  latest: { key: string; column: string | null; author: string; at: number } | null;
  /** What the host refused and put back: on a laptop its own edits, on the host whose edit (by). */
  refusals: Array<{ by: string | null; message: string }>;
  merged: MergeResult | null;
  /** The plan a join fetched from the host, to say where it was saved. */
  fetched: string | null;
  /** A matriz://join link opened on this computer: the Join dialog opens filled with it, and the person confirms. */
  invitation: LiveInvitation | null;
}

export const useLive = create<LiveUiState>()(() => ({
  state: OFF,
  view: null,
  busy: false,
  showCode: false,
  follow: false,
  latest: null,
  refusals: [],
  merged: null,
  fetched: null,
  invitation: null,
}));

const isLive = (s: LiveState = useLive.getState().state) => s.role !== null && s.status !== "denied";

export function openLivePanel(): void {
  useLive.setState({ view: "panel" });
}

export function openJoin(): void {
  useLive.setState({ view: "join" });
}

export function closeLive(): void {
  if (useLive.getState().busy) return;
  useLive.setState({ view: null, invitation: null });
}

/** A join link waiting in the core (opened before this page listened, or just now): the Join dialog opens with it; nothing joins until the person confirms. */
async function takeInvitation(): Promise<void> {
  const invitation = await call("live.invitation");
  if (invitation) useLive.setState({ view: "join", invitation });
}

async function busy<T>(work: () => Promise<T>): Promise<T> {
  useLive.setState({ busy: true });
  try {
    return await work();
  } finally {
    useLive.setState({ busy: false });
  }
}

function adopt(state: LiveState | undefined): void {
  if (state) useLive.setState({ state });
}

export async function host(): Promise<void> {
  await busy(async () => adopt(await call("live.host", {})));
  if (useLive.getState().state.role === "host") useLive.setState({ view: "panel" });
}

/** Joins a host; a refusal is in the state, a mistake in what was typed comes back as a message for the dialog. */
export async function join(input: { code: string; address?: string; fingerprint?: string; fresh?: boolean }): Promise<{ state?: LiveState; error?: string }> {
  const before = useMatriz.getState().plan?.path ?? null;
  const result = await busy(() => invoke("live.join", input, currentLanguage()));
  if (!result.ok) return { error: result.error.message };
  adopt(result.value);
  const after = useMatriz.getState().plan?.path ?? null;
  useLive.setState({ fetched: after && after !== before ? after : null });
  return { state: result.value };
}

export async function stop(): Promise<void> {
  await busy(async () => adopt(await call("live.stop")));
  useLive.setState({ showCode: false, follow: false, latest: null });
}

export function discover(): Promise<LiveFoundHost[] | undefined> {
  return call("live.discover");
}

export async function assign(device: string, pillar: string | null): Promise<void> {
  adopt(await call("live.assign", { device, pillar }));
}

export async function lock(pillar: string, locked: boolean): Promise<void> {
  adopt(await call("live.lock", { pillar, locked }));
}

export function toggleCode(): void {
  useLive.setState((s) => ({ showCode: !s.showCode }));
}

export function toggleFollow(): void {
  useLive.setState((s) => ({ follow: !s.follow }));
}

export function dismissRefusals(): void {
  useLive.setState({ refusals: [] });
}

export async function mergeCopy(): Promise<void> {
  if (!useMatriz.getState().plan) return;
  const merged = await query("dialog.mergeCopy");
  if (!merged) return;
  useLive.setState({ merged });
  await loadConflicts();
}

export function closeMerged(review: boolean): void {
  useLive.setState({ merged: null });
  if (review) openConflicts();
}

/* ------------------------------------------------------------ cursors */

/** The cursor as the others see it: which row (action, need, pillar) and which column. */
export function cursorOf(row: GridRow | undefined, column: string | null): LiveCursor | null {
  if (!row) return null;
  const ref = (id: string | undefined) => (id && !id.startsWith("tmp-") ? id : null);
  if (row.kind === "action") {
    const id = ref(row.action.id);
    return id ? { entity: "action", id, ...(column ? { field: column } : {}) } : null;
  }
  if (row.kind === "need") {
    const id = ref(row.need.id);
    return id ? { entity: "need", id } : null;
  }
  if (row.kind === "pillar") {
    const id = ref(row.pillar.id);
    return id ? { entity: "pillar", id } : null;
  }
  return null;
}

/** The grid row key a peer's cursor names. */
export function rowKeyOf(cursor: { entity: string; id: string }): string | null {
  const prefix = cursor.entity === "action" ? "a" : cursor.entity === "need" ? "n" : cursor.entity === "pillar" ? "p" : null;
  return prefix ? `${prefix}:${cursor.id}` : null;
}

const CURSOR_EVERY_MS = 120;
let cursorTimer: ReturnType<typeof setTimeout> | null = null;
let sentCursor = "";

function sendCursor(): void {
  cursorTimer = null;
  const doc = useMatriz.getState().document;
  if (!doc || !isLive()) return;
  const { filter, draft, cursor } = useEditor.getState();
  const model = gridModel(doc, filter, draft);
  const index = model.indexByKey.get(cursor.key) ?? cursor.row;
  const row = model.rows[index];
  const column = cursor.col > 0 && row?.kind === "action" ? (model.columns[cursor.col - 1]?.key ?? null) : null;
  const at = cursorOf(row, column);
  const text = JSON.stringify(at);
  if (text === sentCursor) return;
  sentCursor = text;
  void call("live.cursor", { cursor: at });
}

function cursorMoved(): void {
  if (!isLive()) return;
  cursorTimer ??= setTimeout(sendCursor, CURSOR_EVERY_MS);
}

/* ------------------------------------------------------------ edits from the room */

/**
 * May this laptop start editing this row? A pillar locked for the plenary, or one
 * outside the pillar the host gave it, is said at once instead of being typed and put back.
 */
export function liveRefusal(row: GridRow | undefined): "ui.notice.liveLocked" | "ui.notice.liveOutsideScope" | null {
  const { state } = useLive.getState();
  if (state.role !== "guest" || !row || !("pillar" in row)) return null;
  const pillar = row.pillar.id;
  if (!pillar) return null;
  if (state.locks.some((l) => l.pillar === pillar)) return "ui.notice.liveLocked";
  if (state.scope && state.scope.pillar !== pillar) return "ui.notice.liveOutsideScope";
  return null;
}

function remoteEdits(event: Extract<MatrizEvent, { type: "live-edits" }>): void {
  absorbRemote(event.grid);
  if (event.where) {
    const key = `${event.where.kind === "action" ? "a" : "n"}:${event.where.id}`;
    useLive.setState({ latest: { key, column: event.where.column, author: event.where.author, at: Date.now() } });
  }
  if (event.conflicts > 0) void loadConflicts();
}

function onCommand(command: LiveCommand): void {
  if (command === "join") openJoin();
  else if (!useMatriz.getState().plan) return;
  else if (command === "host") openLivePanel();
  else void mergeCopy();
}

/** Listens for the core's live events and the menu's commands, and sends this page's cursor while a session runs. */
export function startLive(): () => void {
  const unsubscribe = subscribe((event: MatrizEvent) => {
    if (event.type === "live") {
      const was = useLive.getState().state;
      useLive.setState({ state: event.state });
      // Just connected or hosting: the others learn where this cursor is.
      if (!isLive(was) && isLive(event.state)) {
        sentCursor = "";
        cursorMoved();
      }
      if (!isLive(event.state)) useLive.setState({ showCode: false, latest: null });
    } else if (event.type === "live-edits") remoteEdits(event);
    else if (event.type === "live-refused") {
      const refused = event.messages.map((message) => ({ by: event.by, message }));
      if (refused.length) useLive.setState((s) => ({ refusals: [...s.refusals, ...refused].slice(-5) }));
      void loadConflicts();
    } else if (event.type === "live-command") onCommand(event.command);
    else if (event.type === "live-invitation") void takeInvitation();
  });
  const stopCursor = useEditor.subscribe((s, previous) => {
    if (s.cursor !== previous.cursor) cursorMoved();
  });
  void call("live.state").then(adopt);
  void takeInvitation();
  return () => {
    unsubscribe();
    stopCursor();
    if (cursorTimer) clearTimeout(cursorTimer);
    cursorTimer = null;
  };
}
