/**
 * The live workshop as the app serves it: one LiveSession for the open plan,
 * the contract's live.* methods, and what the page is told as it happens (who
 * is here and where, other laptops' edits as grid deltas, refusals). A laptop
 * without the plan (or with another one open) fetches the host's plan first
 * and opens it. The network is the session's; this only turns its events into
 * the page's.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { LiveConflict, LiveFoundHost, LiveInvitation, LiveState, MatrizEvent } from "../api/contract";
import { MatrizError, isMatrizError } from "../domain/errors";
import { translate, type Language, type MessageKey } from "../i18n";
import { currentRevision, gridDelta } from "../storage/grid-io";
import type { PlanStore } from "../storage/plan-store";
import { fetchPlanFile } from "../sync/client";
import { networkDetail } from "../sync/network-detail";
import { groupConflicts, listSyncConflicts, resolveWithCompanions, type SyncConflict, type SyncConflictGroup, type SyncTake } from "../sync/conflicts";
import { defaultLocale, refusalWords, rowText, sideWords, valueWords, type Words } from "../sync/describe";
import type { Device } from "../sync/device";
import type { Discovery } from "../sync/discovery";
import type { Refusal } from "../sync/engine";
import { mergeCopyInto, type MergeOutcome } from "../sync/merge";
import { isPinned, parseJoinCode, parseJoinLink, pinFingerprint, type PairingCode } from "../sync/pairing";
import type { Scope } from "../sync/protocol";
import { LiveSession, type HostInfo, type Peer, type SessionEvent } from "../sync/session";
import { currentRound } from "./editing";
import { qrPath, type QrPath } from "./qr";

/** Where the session listens and how hosts are found: every interface and mDNS in the app; tests use 127.0.0.1 and a fake. */
export interface LiveNetwork {
  bind: string;
  discovery: (() => Promise<Discovery>) | null;
}

/** What the controller needs from the Workspace. */
export interface LiveEnvironment {
  plan(): PlanStore | null;
  author(): string;
  device(): Device;
  language(): Language;
  notify(event: MatrizEvent): void;
  /** Opens a plan fetched from a host as the open plan (closing the one open before). */
  openFetched(file: string): void;
  /** Where fetched plans are kept (Documents/Matriz/Talleres in the app). */
  workshopsDir: string;
}

type Status = LiveState["status"];

/** What the Join dialog sends: the code (or a join link), the host's address, and the host's whole fingerprint when a link gave it. */
type JoinInput = { code: string; address?: string; fingerprint?: string };
/** A host to join, checked: its code pinned to its whole fingerprint when that is known. */
interface JoinTarget {
  host: string;
  port: number;
  code: PairingCode;
  /** The code as given (groups of four for a link's). */
  codeText: string;
}

/** How long a join waits for the host to answer before saying it is still trying. */
const JOIN_WAIT_MS = 10_000;
/** Cursors move often: the page hears of them at most this often. */
const STATE_EVERY_MS = 80;
/** Remote edits arriving in a stream reach the page at most this often, each time as one delta. */
const EDITS_EVERY_MS = 16;
const DISCOVER_MS = 1500;
/** Tables whose rows hang off an action: an edit to one is an edit to its action (and which column it shows in). */
const ACTION_PARTS: Record<string, string | null> = {
  action_institution: "institutions",
  action_commitment: "commitments",
  budget_line: "budget",
  custom_value: null,
  progress_note: null,
};
const ACTION_COLUMNS: Record<string, string> = { text: "action", schedule: "schedule", schedule_years: "schedule", status: "status", status_date: "status" };

export class LiveController {
  /** Every interface and mDNS; MATRIZ_LIVE_BIND and MATRIZ_LIVE_DISCOVERY=off narrow them (the test suite sets both). */
  network: LiveNetwork = {
    bind: process.env.MATRIZ_LIVE_BIND || "0.0.0.0",
    discovery: process.env.MATRIZ_LIVE_DISCOVERY === "off" ? null : async () => (await import("../sync/discovery")).bonjourDiscovery(),
  };
  private session: LiveSession | null = null;
  /** The plan the session belongs to. */
  private store: PlanStore | null = null;
  private hostInfo: (HostInfo & { qr: QrPath | null }) | null = null;
  private announcer: Discovery | null = null;
  private status: Status = "off";
  private everOnline = false;
  private joined: { address: string; pinned: boolean } | null = null;
  private scope: Scope = null;
  private locks: string[] = [];
  private denied: { reason: string; message: string } | null = null;
  private waiters: Array<() => void> = [];
  /** The revision the page last heard of: remote edits are sent as the delta from there. */
  private pageRevision = 0;
  private editTimer: NodeJS.Timeout | null = null;
  /** When remote edits last reached the page. */
  private lastFlush = 0;
  private newConflicts = 0;
  private stateTimer: NodeJS.Timeout | null = null;
  /** A join link opened on this computer, waiting for the page's Join dialog. */
  private invitation: LiveInvitation | null = null;

  constructor(private readonly env: LiveEnvironment) {}

  get active(): boolean {
    return this.session !== null;
  }

  /** The session's plan, while it runs. */
  get plan(): PlanStore | null {
    return this.store;
  }

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return translate(this.env.language(), key, params);
  }

  private requirePlan(): PlanStore {
    const plan = this.env.plan();
    if (!plan) throw new MatrizError("no_plan_open");
    return plan;
  }

  private newSession(store: PlanStore): LiveSession {
    const session = new LiveSession(store, { author: () => this.env.author(), device: this.env.device() }, (event) => {
      if (this.session === session) this.fromSession(event);
    });
    this.session = session;
    this.store = store;
    this.status = "connecting";
    this.everOnline = false;
    this.denied = null;
    this.scope = null;
    this.locks = [];
    this.pageRevision = currentRevision(store.db);
    return session;
  }

  /* ------------------------------------------------------------ hosting */

  async host(port = 0): Promise<LiveState> {
    const store = this.requirePlan();
    store.requireWritable();
    if (this.session?.role === "host" && this.store === store) return this.state();
    // A laptop that was in the room takes over hosting with everything it has.
    await this.stop();
    let announcer: Discovery | null = null;
    try {
      announcer = this.network.discovery ? await this.network.discovery() : null;
    } catch {
      // No multicast on this network: laptops type the address instead.
    }
    const session = this.newSession(store);
    try {
      const info = await session.host({ port, bind: this.network.bind, discovery: announcer });
      this.announcer = announcer;
      this.hostInfo = { ...info, qr: info.links[0] ? qrPath(info.links[0]) : null };
      this.status = "hosting";
    } catch (error) {
      announcer?.close();
      this.session = null;
      this.store = null;
      this.status = "off";
      throw error;
    }
    this.pushState();
    return this.state();
  }

  /* ------------------------------------------------------------ joining */

  /**
   * The host and code a person typed (or a join link), checked before anything reaches the
   * network. With the host's whole fingerprint (kept from a join link), the host must match it all.
   */
  private target(input: JoinInput): JoinTarget {
    const given = input.code.trim();
    if (/^matriz:/i.test(given)) {
      const link = parseJoinLink(given);
      // A fingerprint given beside a link must be the link's own.
      return input.fingerprint ? { ...link, code: pinFingerprint(link.code, input.fingerprint) } : link;
    }
    const address = (input.address ?? "").trim();
    const match = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(address);
    const port = match ? Number(match[2]) : NaN;
    if (!match || !(port > 0 && port <= 65535)) throw new MatrizError(address ? "live_address" : "live_no_address", { address });
    return { host: match[1]!, port, code: parseJoinCode(given, input.fingerprint), codeText: given };
  }

  /**
   * A matriz://join link the operating system handed over (a QR code scanned, an invitation
   * clicked): checked strictly, then kept for the Join dialog, where the person sees the host
   * and the code and decides. Nothing reaches the network before they do.
   */
  receiveInvitation(link: string): LiveInvitation {
    const target = parseJoinLink(link);
    // The whole fingerprint goes with it: the dialog sends it back, and the host must match all of it.
    const invitation = { address: `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`, code: target.codeText, fingerprint: target.code.fingerprint! };
    this.invitation = invitation;
    this.env.notify({ type: "live-invitation" });
    return invitation;
  }

  /** The invitation waiting for the Join dialog, once. */
  takeInvitation(): LiveInvitation | null {
    const invitation = this.invitation;
    this.invitation = null;
    return invitation;
  }

  async join(input: JoinInput & { fresh?: boolean }): Promise<LiveState> {
    const target = this.target(input);
    await this.stop();
    this.clearDenied();
    const open = this.env.plan();
    if (open && !open.readOnly && !input.fresh) {
      await this.connect(open, target);
      // The host shares another plan: this laptop gets its own copy of it.
      if (this.denied?.reason !== "other_plan") return this.state();
      await this.stop();
    }
    const file = await this.fetch(target);
    if (!file) return this.state();
    this.env.openFetched(file);
    await this.connect(this.requirePlan(), target);
    return this.state();
  }

  private async connect(store: PlanStore, target: JoinTarget): Promise<void> {
    const session = this.newSession(store);
    this.joined = { address: `${target.host}:${target.port}`, pinned: isPinned(target.code) };
    const outcome = new Promise<void>((resolve) => this.waiters.push(resolve));
    // The session reads the code again: the whole fingerprint, when known, goes with it.
    session.join({ host: target.host, port: target.port, code: target.codeText, fingerprint: target.code.fingerprint ?? undefined });
    this.pushState();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([outcome, new Promise<void>((resolve) => (timer = setTimeout(resolve, JOIN_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** The host's plan file, written under the workshops folder; null when the host refused (said in the state). */
  private async fetch(target: { host: string; port: number; code: PairingCode }): Promise<string | null> {
    fs.mkdirSync(this.env.workshopsDir, { recursive: true });
    const temp = path.join(this.env.workshopsDir, `.joining-${process.pid}-${Date.now()}.matriz`);
    const identity = { author: this.env.author(), device: this.env.device() };
    try {
      await fetchPlanFile({ host: target.host, port: target.port, code: target.code, identity, target: temp, timeoutMs: 120_000 });
    } catch (error) {
      const reason = isMatrizError(error) && error.code === "live_denied" ? error.params.reason : undefined;
      if (reason === "wrong_code" || reason === "wrong_fingerprint") {
        this.status = "denied";
        this.denied = { reason, message: this.t(`ui.live.denied.${reason}` as MessageKey) };
        this.joined = { address: `${target.host}:${target.port}`, pinned: isPinned(target.code) };
        this.pushState();
        return null;
      }
      // Said in words already (a refusal, the host stopping, the network); anything else is the network's.
      if (isMatrizError(error)) throw error;
      throw new MatrizError("live_unreachable", { address: `${target.host}:${target.port}`, ...networkDetail(error) });
    }
    // Named after the plan, beside the others from earlier workshops; never over an existing file.
    let title = "Matriz";
    try {
      const db = new Database(temp, { readonly: true, fileMustExist: true });
      title = (db.prepare("SELECT title FROM plan").pluck().get() as string | undefined) ?? title;
      db.close();
    } catch {
      // Opening it properly below says what is wrong with it.
    }
    // Reading a write-ahead-log file leaves its (empty) log beside it: not to be renamed apart from it.
    for (const suffix of ["-wal", "-shm"]) if (fs.existsSync(temp + suffix) && (suffix === "-shm" || fs.statSync(temp + suffix).size === 0)) fs.rmSync(temp + suffix);
    const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "-").trim().slice(0, 80) || "Matriz";
    let file = path.join(this.env.workshopsDir, `${base}.matriz`);
    for (let n = 2; fs.existsSync(file) && n < 1000; n++) file = path.join(this.env.workshopsDir, `${base} (${n}).matriz`);
    fs.renameSync(temp, file);
    return file;
  }

  /* ------------------------------------------------------------ in the session */

  private fromSession(event: SessionEvent): void {
    switch (event.type) {
      case "status":
        if (event.status === "hosting") this.status = "hosting";
        else if (event.status === "online") {
          this.status = "online";
          this.everOnline = true;
          this.settle();
        } else if (event.status === "offline" && this.status !== "denied") this.status = this.everOnline ? "offline" : "connecting";
        this.pushState();
        return;
      case "denied":
        this.status = "denied";
        this.denied = { reason: event.reason, message: this.t(`ui.live.denied.${event.reason}` as MessageKey) };
        this.settle();
        // A refused laptop does not keep trying: the session ends, the reason stays on screen.
        void this.stop();
        return;
      case "scope":
        this.scope = event.scope;
        this.pushState();
        return;
      case "locks":
        this.locks = event.locks;
        this.pushState();
        return;
      case "peers":
        this.scheduleState();
        return;
      case "plan-changed":
        this.newConflicts += event.conflicts.length;
        this.scheduleEdits();
        return;
      case "refused":
        this.env.notify({ type: "live-refused", messages: event.refusals.map((r) => this.refusalMessage(r)), by: event.by });
        return;
    }
  }

  private settle(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private refusalMessage(refusal: Refusal): string {
    const number = this.store ? pillarNumberOf(this.store, refusal.entity, refusal.id) : null;
    const pillar = number ?? this.pillarNumber(this.scope?.pillar ?? null) ?? 0;
    if (refusal.reason === "outside_scope") return this.t("ui.live.refused.outsideScope", { pillar: this.pillarNumber(this.scope?.pillar ?? null) ?? pillar, other: number ?? 0 });
    if (refusal.reason === "locked") return this.t("ui.live.refused.locked", { pillar });
    const lang = this.env.language();
    return this.t("ui.live.refused.other", { detail: refusalWords(refusal, { lang, locale: defaultLocale(lang) }) });
  }

  /** Called before every contract call: remote edits still waiting reach the page before the call's answer. */
  beforeCall(): void {
    if (this.editTimer) this.flushEdits();
  }

  /** Called after every contract call: the page now knows the plan up to here (the answer said so, or it will read it). */
  afterCall(): void {
    if (this.store && this.session && !this.editTimer) this.pageRevision = currentRevision(this.store.db);
  }

  /**
   * An edit after a quiet moment reaches the page on the next turn (edits applied together
   * still go as one delta); a stream of them at most once every EDITS_EVERY_MS.
   */
  private scheduleEdits(): void {
    this.editTimer ??= setTimeout(() => this.flushEdits(), Math.max(0, this.lastFlush + EDITS_EVERY_MS - Date.now()));
  }

  private flushEdits(): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = null;
    this.lastFlush = Date.now();
    const store = this.store;
    if (!store || !this.session) return;
    const from = this.pageRevision;
    const delta = gridDelta(store.db, from);
    const conflicts = this.newConflicts;
    this.newConflicts = 0;
    if (delta.revision === from && !conflicts) return;
    this.pageRevision = delta.revision;
    this.env.notify({ type: "live-edits", revision: delta.revision, grid: JSON.stringify(delta), where: latestEdit(store, from), conflicts });
  }

  private scheduleState(): void {
    this.stateTimer ??= setTimeout(() => this.pushState(), STATE_EVERY_MS);
  }

  private pushState(): void {
    if (this.stateTimer) clearTimeout(this.stateTimer);
    this.stateTimer = null;
    this.env.notify({ type: "live", state: this.state() });
  }

  private pillarNumber(id: string | null): number | null {
    if (!id || !this.store) return null;
    return (this.store.db.prepare("SELECT number FROM pillar WHERE id = ?").pluck().get(id) as number | undefined) ?? null;
  }

  private pillarRef(id: string | null): LiveState["scope"] {
    const number = this.pillarNumber(id);
    return id && number !== null ? { pillar: id, number } : null;
  }

  state(): LiveState {
    const session = this.session;
    const me = this.env.device();
    const peers = (session?.peers() ?? []).map((p: Peer, i) => ({
      key: p.device?.id || `${p.name}|${p.device?.name ?? ""}|${i}`,
      name: p.name,
      device: p.device?.name ?? null,
      deviceId: p.device?.id || null,
      scope: p.scope ? this.pillarRef(p.scope.pillar) : null,
      cursor: p.cursor,
      host: p.host,
      me: session?.role === "host" ? p.host : false,
    }));
    if (session?.role === "guest") {
      // A laptop's awareness lists the others: this laptop goes first.
      peers.unshift({ key: me.id, name: this.env.author(), device: me.name, deviceId: me.id, scope: this.pillarRef(this.scope?.pillar ?? null), cursor: null, host: false, me: true });
    }
    const info = this.hostInfo;
    return {
      role: session?.role ?? (this.status === "denied" ? "guest" : null),
      status: session ? this.status : this.status === "denied" ? "denied" : "off",
      hosting: session?.role === "host" && info ? { code: info.code, port: info.port, fingerprint: info.fingerprint, addresses: info.addresses, links: info.links, qr: info.qr } : null,
      joined: session?.role === "guest" || this.status === "denied" ? this.joined : null,
      peers,
      scope: session?.role === "guest" ? this.pillarRef(this.scope?.pillar ?? null) : null,
      locks: (session?.locks ?? []).map((id) => this.pillarRef(id)).filter((p): p is NonNullable<typeof p> => p !== null),
      denied: this.denied,
    };
  }

  setCursor(cursor: { entity: string; id: string; field?: string } | null): void {
    this.session?.setCursor(cursor);
  }

  private requireHost(): LiveSession {
    if (this.session?.role !== "host") throw new MatrizError("live_host_only");
    return this.session;
  }

  assign(deviceId: string, pillarId: string | null): LiveState {
    this.requireHost().setScope(deviceId, pillarId);
    this.pushState();
    return this.state();
  }

  lock(pillarId: string, locked: boolean): LiveState {
    const session = this.requireHost();
    if (locked) session.lockPillar(pillarId);
    else session.unlockPillar(pillarId);
    this.pushState();
    return this.state();
  }

  async discover(): Promise<LiveFoundHost[]> {
    if (!this.network.discovery) return [];
    let discovery: Discovery;
    try {
      discovery = await this.network.discovery();
    } catch {
      return [];
    }
    try {
      const found = await LiveSession.discover(discovery, DISCOVER_MS);
      return found
        .filter((h) => h.addresses.length > 0)
        .map((h) => ({ name: h.name, title: h.title, address: h.addresses.find((a) => !a.includes(":")) ?? h.addresses[0]!, port: h.port, fingerprint: h.fingerprint }));
    } finally {
      discovery.close();
    }
  }

  /* ------------------------------------------------------------ conflicts and merging */

  /** The conflicts people resolve: a field that follows another (the years read from a schedule) goes with it. */
  conflicts(store: PlanStore, all = false): LiveConflict[] {
    completeBases(store);
    const lang = this.env.language();
    return groupConflicts(listSyncConflicts(store.db, { all })).map((g) => describeConflict(store, g, { lang, locale: defaultLocale(lang) }));
  }

  /** Resolves the conflicts chosen; the years read from a schedule, the date of a status, are taken from the same side. */
  resolve(store: PlanStore, ids: string[] | "all", take: SyncTake): number {
    completeBases(store);
    store.requireWritable();
    // The years read from a schedule, the date of a status: taken from the same side, in the same step of undo.
    return resolveWithCompanions(store.db, ids, take, { author: this.env.author(), device: this.env.device(), roundId: currentRound(store) });
  }

  /** A copy edited apart, merged into the open plan: through the session when one runs, so the room gets it. */
  merge(store: PlanStore, file: string): MergeOutcome {
    store.requireWritable();
    const live = this.store === store ? (this.session?.sharedPlanIfOpen ?? null) : null;
    return mergeCopyInto(store, file, { author: this.env.author(), device: this.env.device() }, live);
  }

  /* ------------------------------------------------------------ ending */

  /**
   * Stops hosting or leaves; the plan stays open with every edit. Everything the page
   * sees changes at once; the session's sockets and shared document close after.
   */
  async stop(): Promise<LiveState> {
    const session = this.session;
    if (!session) return this.state();
    this.session = null;
    if (this.editTimer) clearTimeout(this.editTimer);
    if (this.stateTimer) clearTimeout(this.stateTimer);
    this.editTimer = null;
    this.stateTimer = null;
    this.settle();
    const announcer = this.announcer;
    this.announcer = null;
    this.hostInfo = null;
    this.store = null;
    if (this.status !== "denied") {
      this.status = "off";
      this.joined = null;
    }
    this.pushState();
    await session.stop();
    announcer?.close();
    return this.state();
  }

  /** Forgets a refusal shown (the Join dialog was closed, or another join starts). */
  clearDenied(): void {
    if (this.status !== "denied" || this.session) return;
    this.status = "off";
    this.denied = null;
    this.joined = null;
  }
}

/**
 * A cell's value before two laptops wrote it, when the shared document could not say
 * (its first value came with the row): the plan's change log knows it. The first change
 * of that cell to either written value started from it. Without it, "go back to before"
 * would empty the cell.
 */
function completeBases(store: PlanStore): void {
  if (store.readOnly) return;
  const db = store.db;
  const unknown = db
    .prepare("SELECT id, entity, entity_id, field, kept_value, other_value FROM sync_conflict WHERE status = 'open' AND kind = 'both_changed' AND field IS NOT NULL AND base_value = 'null'")
    .all() as Array<{ id: string; entity: string; entity_id: string; field: string; kept_value: string; other_value: string }>;
  for (const c of unknown) {
    const changes = db.prepare("SELECT old_value, new_value FROM change WHERE entity = ? AND entity_id = ? AND field = ? ORDER BY id LIMIT 500").all(c.entity, c.entity_id, c.field) as Array<{ old_value: string | null; new_value: string | null }>;
    const written = new Set([c.kept_value, c.other_value]);
    const first = changes.find((ch) => ch.new_value !== null && written.has(ch.new_value));
    if (first && first.old_value !== null && !written.has(first.old_value)) db.prepare("UPDATE sync_conflict SET base_value = ? WHERE id = ?").run(first.old_value, c.id);
  }
}

/** The pillar number a row is under (an action, a need, a budget line…), or null. */
function pillarNumberOf(store: PlanStore, entity: string, id: string): number | null {
  const db = store.db;
  const actionPillar = "SELECT p.number FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id WHERE a.id = ?";
  const queries: Record<string, string> = {
    pillar: "SELECT number FROM pillar WHERE id = ?",
    need: "SELECT p.number FROM need n JOIN pillar p ON p.id = n.pillar_id WHERE n.id = ?",
    action: actionPillar,
  };
  try {
    if (queries[entity]) return (db.prepare(queries[entity]!).pluck().get(id) as number | undefined) ?? null;
    if (entity in ACTION_PARTS) {
      const actionId = db.prepare(`SELECT action_id FROM ${entity} WHERE id = ?`).pluck().get(id) as string | undefined;
      return actionId ? ((db.prepare(actionPillar).pluck().get(actionId) as number | undefined) ?? null) : null;
    }
  } catch {
    // A table without those columns: no number to say.
  }
  return null;
}

/** The row and column of the newest remote edit after `from`, for a projector following the room. */
function latestEdit(store: PlanStore, from: number): { kind: "action" | "need"; id: string; column: string | null; author: string } | null {
  const rows = store.db
    .prepare("SELECT c.entity, c.entity_id, c.op, c.field, c.new_value, c.old_value, s.author FROM change c JOIN change_set s ON s.id = c.change_set_id WHERE c.change_set_id > ? ORDER BY c.id DESC LIMIT 50")
    .all(from) as Array<{ entity: string; entity_id: string; op: string; field: string | null; new_value: string | null; old_value: string | null; author: string }>;
  const exists = (table: string, id: string) => Boolean(store.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id));
  for (const c of rows) {
    if ((c.entity === "action" || c.entity === "need") && c.op !== "delete" && exists(c.entity, c.entity_id)) {
      const column = c.entity === "action" ? (c.field ? (ACTION_COLUMNS[c.field] ?? null) : "action") : null;
      return { kind: c.entity, id: c.entity_id, column, author: c.author };
    }
    if (c.entity in ACTION_PARTS) {
      let actionId: string | undefined;
      try {
        actionId = (JSON.parse(c.new_value ?? c.old_value ?? "null") as { action_id?: string } | null)?.action_id;
      } catch {
        actionId = undefined;
      }
      actionId ??= store.db.prepare(`SELECT action_id FROM ${c.entity} WHERE id = ?`).pluck().get(c.entity_id) as string | undefined;
      if (!actionId || !exists("action", actionId)) continue;
      let column = ACTION_PARTS[c.entity] ?? null;
      if (c.entity === "custom_value") {
        column = (store.db.prepare("SELECT d.key FROM custom_value v JOIN column_def d ON d.id = v.column_id WHERE v.id = ?").pluck().get(c.entity_id) as string | undefined) ?? null;
      }
      return { kind: "action", id: actionId, column, author: c.author };
    }
  }
  return null;
}

/** A conflict (with the fields written with it) as the conflicts panel shows it: the row by its text, values in words. */
function describeConflict(store: PlanStore, group: SyncConflictGroup, words: Words): LiveConflict {
  const c = group.main;
  const db = store.db;
  // A deleted row: its text as the conflict kept it.
  const row = rowText(db, c.entity, c.entityId) ?? valueWords(db, { ...c, field: null }, c.returned, words) ?? valueWords(db, { ...c, field: null }, c.plan, words) ?? `${c.entity} ${c.entityId}`;
  const by = (p: SyncConflict["planBy"]) => (p ? { author: p.author, device: p.device?.name ?? null } : null);
  return {
    id: c.id,
    kind: c.kind,
    entity: c.entity,
    entityId: c.entityId,
    row: row.length > 300 ? `${row.slice(0, 300)}…` : row,
    field: c.field,
    plan: sideWords(db, group, "plan", words),
    other: sideWords(db, group, "returned", words),
    base: sideWords(db, group, "base", words),
    planBy: by(c.planBy),
    otherBy: by(c.returnedBy),
    reason: c.reason,
    status: c.status,
  };
}
