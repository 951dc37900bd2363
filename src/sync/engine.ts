/**
 * One plan's shared document (Yjs) beside its tables. The tables and the change
 * log stay the truth for everything the app reads; the document is how laptops
 * exchange edits.
 *
 * - A local edit goes through the change log as always; in the same transaction
 *   the engine applies it to the document and stores the resulting update in the
 *   plan file (sync_update, linked to its change set).
 * - An update from another laptop is applied to the document; every row it
 *   touched is read back, checked (src/sync/validate.ts and, on a host, the
 *   laptop's pillar and the locks), and written to the tables through the change
 *   log with the original author, time, round and device. A row that fails is
 *   refused and reported; on the host (authoritative) the document is put back
 *   for that row, so every laptop converges on the valid plan.
 * - Two laptops writing one short cell at once, and an edit meeting a deletion,
 *   are listed in sync_conflict with both values and who typed them.
 */
import type { Database as Db } from "better-sqlite3";
import { createHash } from "node:crypto";
import * as Y from "yjs";
import { MatrizError } from "../domain/errors";
import {
  inChangeSet,
  nowIso,
  observeChangeSets,
  readChanges,
  statements,
  type ChangeMeta,
  type ChangeRecord,
  type ChangeSource,
  type ObservedChangeSet,
} from "../storage/change-log";
import { ENTITIES, ENTITY_COLUMNS, isEntity, type Entity, type Row, type SqlValue } from "../storage/entities";
import { DELETED, META, SEEN, SEP, SETS, addRow, cellKey, entityRoots, fieldsOf, hasRow, isDeleted, isTextField, locate, parseKey, readField, readRow, setField, type Root } from "./shape";
import { childTables, invalidValue, tableRules, type ValueProblem } from "./validate";

/** Transaction origins: an edit made here, an update from elsewhere, the host putting a refused row back. */
const LOCAL = "matriz-local";
const REMOTE = "matriz-remote";
const ENGINE = "matriz-engine";
/** Conflicts found here, shared with every laptop (a value lost in a merge is only readable where the two met). */
const CONFLICTS = "_conflicts";

const MIRRORED_THROUGH = "sync_mirrored_through";
const COMPACT_AFTER = 2000;
const SOURCES: readonly ChangeSource[] = ["typed", "imported", "example", "cli", "undo", "redo", "migration"];

export interface Provenance {
  author: string;
  at: string;
  roundId: string | null;
  source: ChangeSource;
  label: string;
  device: { id: string; name: string } | null;
}

/** The compact form kept in the document for each change set. */
interface StoredProvenance {
  a: string;
  t: string;
  r: string | null;
  s: string;
  l: string;
  d: string | null;
  n: string | null;
}

export interface RowChange {
  entity: Entity;
  id: string;
  /** The row in the tables now (null: absent). */
  before: Row | null;
  /** The row the update would leave (null: deleted). */
  after: Row | null;
}

/** The plan as the update would leave it: a row of the update (null when deleted), else the tables'. */
export type PlanView = (entity: string, id: string) => Row | null;

/** A host's check of a row another laptop changed: a reason to refuse it, or null. */
export type RowPolicy = (change: RowChange, view: PlanView) => string | null;

export interface Refusal {
  entity: Entity;
  id: string;
  reason: string;
  /** In English, for logs and the conflict's record; people read `reason`, `problem` and `fields` in their language (src/sync/words.ts). */
  detail: string;
  /** An invalid value: which field and the rule it broke. */
  problem?: Omit<ValueProblem, "detail">;
  /** A duplicate: the fields whose values another row already has. */
  fields?: string;
}

export interface ApplyReport {
  /** Change sets written to the tables. */
  changeSets: number;
  /** Rows inserted, changed or deleted. */
  rows: number;
  refused: Refusal[];
  /** Ids of conflicts found by this update (new ones only). */
  conflicts: string[];
  /** On an authoritative engine: the update that puts refused rows back, for every laptop. */
  compensation: Uint8Array | null;
}

export interface SharedPlanOptions {
  /** Who the engine writes as when it puts refused rows back (the host's user). */
  author?: () => string;
  device?: { id: string; name: string } | null;
}

interface Target {
  entity: Entity;
  id: string;
  root: Root;
  live: boolean;
  values: Record<string, unknown> & { id: string };
  current: Row | null;
}

const CONFLICT_KINDS = ["both_changed", "edit_vs_delete", "refused"];

interface StoredConflictRecord {
  id: string;
  entity: string;
  entityId: string;
  field: string | null;
  kind: string;
  base: unknown;
  kept: unknown;
  other: unknown;
  keptBy: Provenance | null;
  otherBy: Provenance | null;
  reason: string | null;
}

type Candidate = { entity: Entity; id: string; field: string; lost: Y.Item; winner: Y.Item; base: Y.Item | null; lostValue: unknown; winnerValue: unknown; baseValue: unknown };

const rowKey = (entity: string, id: string) => `${entity}\u0000${id}`;

function sha(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Values a table can hold, for comparing a document row with a table row. */
function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

export class SharedPlan {
  readonly doc: Y.Doc;
  private readonly roots: Map<Entity, Root>;
  private readonly rootTypes = new Map<Y.AbstractType<any>, Entity>();
  private readonly sets: Y.Map<StoredProvenance>;
  /** Per client, the first clocks of its change sets, sorted: who typed an item is found by binary search. */
  private readonly setStarts = new Map<number, number[]>();
  private readonly listeners = new Set<(update: Uint8Array) => void>();
  private pendingBroadcast: Array<{ rowId: number; update: Uint8Array }> = [];
  private capturedUpdate: Uint8Array | null = null;
  private projecting = false;
  private touched: Map<string, { entity: Entity; id: string }> | null = null;
  private textItems = new Map<string, Y.ID>();
  private candidates: Candidate[] = [];
  private readonly conflictMap: Y.Map<unknown>;
  private conflictKeys: Set<string> | null = null;
  private newConflicts: StoredConflictRecord[] = [];
  private closed = false;

  private constructor(
    readonly db: Db,
    private readonly options: SharedPlanOptions,
  ) {
    this.doc = new Y.Doc({ gc: true });
    this.roots = entityRoots(this.doc);
    for (const [entity, root] of this.roots) this.rootTypes.set(root, entity);
    this.sets = this.doc.getMap<StoredProvenance>(SETS);
    this.conflictMap = this.doc.getMap<unknown>(CONFLICTS);
    this.doc.on("afterTransaction", (tr: Y.Transaction) => this.afterTransaction(tr));
    this.sets.observe((event) => {
      for (const key of event.keysChanged) this.indexSet(key);
    });
  }

  /**
   * Opens a plan's shared document: from the updates stored in the file, or, the
   * first time, built from the tables. Change sets written while no engine was
   * attached are mirrored now, with their own authors.
   */
  static attach(db: Db, options: SharedPlanOptions = {}): SharedPlan {
    const plan = new SharedPlan(db, options);
    const stored = statements(db).get("SELECT data FROM sync_update ORDER BY id").all() as Array<{ data: Buffer }>;
    if (stored.length === 0) {
      plan.bootstrap();
    } else {
      // Buffers are Uint8Arrays already: no copy of a snapshot that can be tens of megabytes.
      const updates = stored.map((r) => r.data as Uint8Array);
      Y.applyUpdate(plan.doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), "load");
    }
    // Listened to only now: with a listener, Yjs encodes every transaction as an update, and
    // encoding the whole document just loaded would take as much memory again for nothing.
    plan.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL || origin === ENGINE) plan.capturedUpdate = update;
    });
    for (const key of plan.sets.keys()) plan.indexSet(key);
    plan.catchUp();
    // Thousands of small updates load slower than one snapshot of the same document.
    if (stored.length > COMPACT_AFTER) plan.compact();
    observeChangeSets(db, (set) => plan.mirror(set));
    return plan;
  }

  /** Does this file already carry a shared document? */
  static isShared(db: Db): boolean {
    return Boolean(statements(db).get("SELECT 1 FROM sync_update LIMIT 1").get());
  }

  /* ------------------------------------------------------------ identity */

  /** The base the document grew from: copies with the same base share history and merge by the document. */
  get base(): string | null {
    const meta = this.doc.getMap<unknown>(META);
    return (meta.get("base") as string | undefined) ?? null;
  }

  /**
   * The document as it is built from the tables: the same tables always give the
   * same bytes (its client id is a hash of the content), so two copies of a plan
   * that start sharing from the same state have the same history.
   */
  private bootstrap(): void {
    const rows: Array<{ entity: Entity; row: Row }> = [];
    const hash = createHash("sha256");
    for (const entity of ENTITIES) {
      const list = statements(this.db).get(`SELECT * FROM ${entity} ORDER BY id`).all() as Row[];
      for (const row of list) {
        rows.push({ entity, row });
        hash.update(entity).update(JSON.stringify(fieldsOf(entity).map((f) => row[f] ?? null))).update(row.id);
      }
    }
    const digest = hash.digest();
    const base = new Y.Doc({ gc: true });
    // Client ids are 32-bit; 0 is avoided only for readability of dumps.
    base.clientID = digest.readUInt32BE(0) || 1;
    const roots = entityRoots(base);
    base.transact(() => {
      for (const { entity, row } of rows) addRow(entity, roots.get(entity)!, row);
      const meta = base.getMap<unknown>(META);
      meta.set("base", digest.toString("hex").slice(0, 32));
      const planRow = rows.find((r) => r.entity === "plan");
      if (planRow) meta.set("plan", planRow.row.id);
    });
    const update = Y.encodeStateAsUpdate(base);
    base.destroy();
    Y.applyUpdate(this.doc, update, "load");
    const through = this.lastChangeSet();
    this.db.transaction(() => {
      statements(this.db).get("INSERT INTO sync_update (change_set_id, kind, data, at) VALUES (NULL, 'base', ?, ?)").run(Buffer.from(update), nowIso());
      this.setMirroredThrough(through);
    })();
  }

  private lastChangeSet(): number {
    return (statements(this.db).get("SELECT coalesce(max(id), 0) AS id FROM change_set").get() as { id: number }).id;
  }

  /** The last change set the document holds: from the marker (bootstrap, remote updates) or the last local update row. */
  private mirroredThrough(): number {
    const row = statements(this.db).get("SELECT value FROM meta WHERE key = ?").get(MIRRORED_THROUGH) as { value: string } | undefined;
    const local = (statements(this.db).get("SELECT coalesce(max(change_set_id), 0) AS id FROM sync_update").get() as { id: number }).id;
    return Math.max(row ? Number(row.value) : 0, local);
  }

  private setMirroredThrough(id: number): void {
    statements(this.db).get("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(MIRRORED_THROUGH, String(id));
  }

  /** Change sets written while no engine was attached (the app without live editing, the command line). */
  private catchUp(): void {
    const from = this.mirroredThrough();
    const sets = statements(this.db)
      .get("SELECT s.*, d.name AS device_name FROM change_set s LEFT JOIN device d ON d.id = s.device WHERE s.id > ? ORDER BY s.id")
      .all(from) as Array<Record<string, any>>;
    if (!sets.length) return;
    this.db.transaction(() => {
      for (const set of sets) {
        this.mirror({
          id: set.id,
          meta: {
            author: set.author,
            source: set.source,
            label: set.label,
            roundId: set.round_id,
            at: set.at,
            device: set.device ? { id: set.device, name: set.device_name ?? set.device } : null,
          },
          records: readChanges(this.db, set.id),
        });
      }
    })();
  }

  /* ------------------------------------------------------------ local edits */

  /** Mirrors one local change set into the document (inside its transaction) and keeps the update with it. */
  private mirror(set: ObservedChangeSet): void {
    if (this.projecting || this.closed) return;
    const start = Y.getState(this.doc.store, this.doc.clientID);
    this.capturedUpdate = null;
    this.doc.transact(() => {
      for (const record of set.records) this.mirrorRecord(record);
      this.shareResolutions();
      this.shareReopened(set.id);
      this.sets.set(`${this.doc.clientID}:${start}`, storedProvenance(set.meta));
    }, LOCAL);
    const update = this.capturedUpdate as Uint8Array | null;
    if (!update) return;
    // The update row names its change set: that is how far the mirror has come (no marker to write per edit).
    const info = statements(this.db).get("INSERT INTO sync_update (change_set_id, kind, data, at) VALUES (?, 'local', ?, ?)").run(set.id, Buffer.from(update), set.meta.at);
    this.queueBroadcast(Number(info.lastInsertRowid), update);
  }

  private mirrorRecord(record: ChangeRecord): void {
    const root = this.roots.get(record.entity);
    if (!root) return;
    const id = record.entityId;
    if (record.op === "insert") {
      const values = record.newValue as Row;
      if (!hasRow(root, id)) {
        addRow(record.entity, root, values);
        return;
      }
      for (const field of fieldsOf(record.entity)) setField(record.entity, root, id, field, (values[field] ?? null) as SqlValue);
      if (isDeleted(root, id)) root.set(cellKey(id, DELETED), false);
      return;
    }
    if (record.op === "update") {
      if (!hasRow(root, id)) {
        // A row the document never had (it should not happen): take it whole from the table.
        const current = statements(this.db).get(`SELECT * FROM ${record.entity} WHERE id = ?`).get(id) as Row | undefined;
        if (current) addRow(record.entity, root, current);
        return;
      }
      setField(record.entity, root, id, record.field!, record.newValue as SqlValue);
      return;
    }
    if (hasRow(root, id) && !isDeleted(root, id)) {
      root.set(cellKey(id, SEEN), JSON.stringify(record.oldValue));
      root.set(cellKey(id, DELETED), true);
    }
  }

  /** Conflicts resolved here since: every laptop's list shows them resolved. */
  private shareResolutions(): void {
    const resolved = statements(this.db).get("SELECT id, resolution, resolved_at FROM sync_conflict WHERE status = 'resolved'").all() as Array<{ id: string; resolution: string; resolved_at: string }>;
    for (const r of resolved) {
      const key = `${r.id}${SEP}status`;
      const shared = this.conflictMap.get(key) as { resolution?: string } | undefined;
      if (shared?.resolution !== r.resolution) this.conflictMap.set(key, { status: "resolved", resolution: r.resolution, at: r.resolved_at });
    }
  }

  /**
   * Conflicts this change set opened again (the undo of a resolution): every laptop
   * lists them open again. Only a change set's own status changes are shared as
   * open, never a conflict merely not yet resolved here.
   */
  private shareReopened(changeSetId: number): void {
    const reopened = statements(this.db)
      .get("SELECT DISTINCT c.entity_id AS id FROM change c JOIN sync_conflict s ON s.id = c.entity_id WHERE c.change_set_id = ? AND c.entity = 'sync_conflict' AND s.status = 'open'")
      .all(changeSetId) as Array<{ id: string }>;
    for (const { id } of reopened) {
      const key = `${id}${SEP}status`;
      if ((this.conflictMap.get(key) as { status?: string } | undefined)?.status !== "open") this.conflictMap.set(key, { status: "open", at: nowIso() });
    }
  }

  /** Updates reach the network only once their transaction committed. */
  private queueBroadcast(rowId: number, update: Uint8Array): void {
    this.pendingBroadcast.push({ rowId, update });
    if (this.pendingBroadcast.length > 1) return;
    queueMicrotask(() => this.flushBroadcast());
  }

  private flushBroadcast(): void {
    const pending = this.pendingBroadcast;
    this.pendingBroadcast = [];
    // Closed meanwhile: the updates are in the file, and the next sync sends them.
    if (this.closed) return;
    const kept = pending.filter((p) => statements(this.db).get("SELECT 1 FROM sync_update WHERE id = ?").get(p.rowId));
    if (kept.length !== pending.length) {
      // A change set was rolled back after it reached the document: the tables take the document's word for those rows.
      for (const p of pending) if (!kept.includes(p)) this.reconcile(p.update);
    }
    for (const { update } of kept) for (const listener of this.listeners) listener(update);
  }

  /** Writes the rows an update touched as the document holds them (for an update the tables missed). */
  reconcile(update: Uint8Array): ApplyReport {
    const touched = new Map<string, { entity: Entity; id: string }>();
    const decoded = Y.decodeUpdate(update);
    // Decoded items name their parent only when they have no neighbours; otherwise the neighbour, already in the document, says where they are.
    const keyOf = (struct: Y.Item): { entity: Entity; id: string } | null => {
      try {
        let type: Y.AbstractType<any> | null = null;
        let sub: string | null = struct.parentSub;
        if (typeof struct.parent === "string") type = (this.doc.share.get(struct.parent) as Y.AbstractType<any> | undefined) ?? null;
        else if (struct.parent instanceof Y.ID) {
          const parent = Y.getItem(this.doc.store, struct.parent);
          type = parent instanceof Y.Item && parent.content instanceof Y.ContentType ? parent.content.type : null;
        } else {
          const neighbour = struct.origin ?? struct.rightOrigin;
          const item = neighbour ? Y.getItem(this.doc.store, neighbour) : null;
          if (!(item instanceof Y.Item)) return null;
          type = item.parent as Y.AbstractType<any>;
          sub = item.parentSub;
        }
        if (!type) return null;
        const where = locate(type, this.rootTypes);
        if (!where) return null;
        if (where.id) return { entity: where.entity, id: where.id };
        return sub ? { entity: where.entity, id: parseKey(sub).id } : null;
      } catch {
        return null;
      }
    };
    for (const struct of decoded.structs) {
      if (!(struct instanceof Y.Item)) continue;
      const where = keyOf(struct);
      if (where) touched.set(rowKey(where.entity, where.id), where);
    }
    const targets = [...touched.values()].map((t) => this.target(t.entity, t.id)).filter((t): t is Target => t !== null);
    return this.db.transaction(() => {
      const report: ApplyReport = { changeSets: 0, rows: 0, refused: [], conflicts: [], compensation: null };
      this.project(targets, [], report, {}, false);
      this.setMirroredThrough(this.lastChangeSet());
      return report;
    })();
  }

  /**
   * Applies an update brought from outside the session (a copy merged while live) and
   * passes it on as if typed here: the host sends it to every laptop, a laptop to the host.
   */
  mergeAndShare(update: Uint8Array, options: { authoritative?: boolean } = {}): ApplyReport {
    const report = this.applyRemote(update, options);
    for (const listener of this.listeners) listener(update);
    return report;
  }

  /** Local updates (edits made here, refused rows put back) as they happen, for the network. */
  onLocalUpdate(listener: (update: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /* ------------------------------------------------------------ provenance */

  private indexSet(key: string): void {
    const [client, clock] = key.split(":").map(Number);
    if (client === undefined || clock === undefined || !Number.isFinite(client) || !Number.isFinite(clock)) return;
    let starts = this.setStarts.get(client);
    if (!starts) this.setStarts.set(client, (starts = []));
    // Kept sorted by inserting in place: a laptop's own change sets arrive in order, so this is usually a push.
    const at = upperBound(starts, clock);
    if (starts[at - 1] === clock) return;
    starts.splice(at, 0, clock);
  }

  /** The first clock of the change set an item belongs to (-1: none known). */
  private setStartOf(id: Y.ID): number {
    const starts = this.setStarts.get(id.client);
    if (!starts) return -1;
    const at = upperBound(starts, id.clock);
    return at > 0 ? starts[at - 1]! : -1;
  }

  /** Who typed the item with this id: the change set whose first clock is the largest not after it. */
  provenanceOf(id: Y.ID | null): Provenance {
    const unknown: Provenance = { author: "?", at: nowIso(), roundId: null, source: "typed", label: "live edit", device: null };
    if (!id) return unknown;
    const start = this.setStartOf(id);
    if (start < 0) return unknown;
    const stored = this.sets.get(`${id.client}:${start}`);
    return stored ? fromStored(stored) : unknown;
  }

  /* ------------------------------------------------------------ remote updates */

  private afterTransaction(tr: Y.Transaction): void {
    if (tr.origin !== REMOTE || !this.touched) return;
    for (const [type, keys] of tr.changed) {
      if (type === (this.conflictMap as unknown)) {
        for (const key of keys) if (key) this.conflictKeys?.add(parseKey(key).id);
        continue;
      }
      const where = locate(type, this.rootTypes);
      if (!where) continue;
      if (where.id !== null) {
        // A long text changed inside: remember its newest piece, to credit its writer.
        this.touched.set(rowKey(where.entity, where.id), { entity: where.entity, id: where.id });
        const newest = newestInsertedItem(type as unknown as Y.Text, tr);
        if (newest) this.textItems.set(`${rowKey(where.entity, where.id)}\u0000${where.field}`, newest);
        continue;
      }
      const root = type as unknown as Root;
      for (const key of keys) {
        if (!key) continue;
        const { id, field } = parseKey(key);
        this.touched.set(rowKey(where.entity, id), { entity: where.entity, id });
        if (field && !field.startsWith("_")) this.findLostWrites(where.entity, id, field, root, key, tr);
      }
    }
  }

  /**
   * Writes to one cell that the update made invisible without their author having
   * seen the winner: two laptops typed different values into one cell at once.
   * A value overwritten by someone who had seen it is not a conflict.
   */
  private findLostWrites(entity: Entity, id: string, field: string, root: Root, key: string, tr: Y.Transaction): void {
    const winner = root._map.get(key);
    if (!winner) return;
    const chain: Y.Item[] = [];
    for (let item: Y.Item | null = winner; item && chain.length < 10_000; item = item.left) chain.push(item);
    if (chain.length < 2) return;
    const find = (target: Y.ID | null) =>
      target ? (chain.find((it) => it.id.client === target.client && target.clock >= it.id.clock && target.clock < it.id.clock + it.length) ?? null) : null;
    const isNew = (item: Y.Item) => item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
    const winningLine = new Set<Y.Item>();
    for (let item: Y.Item | null = winner; item && !winningLine.has(item); item = find(item.origin)) winningLine.add(item);
    const overwritten = new Set<Y.Item>();
    for (const item of chain) {
      const parent = find(item.origin);
      if (parent) overwritten.add(parent);
    }
    const previous = chain.find((item) => !isNew(item));
    const candidates = chain.filter(isNew);
    if (previous) candidates.push(previous);
    for (const lost of candidates) {
      if (winningLine.has(lost) || overwritten.has(lost)) continue;
      let base = find(lost.origin);
      while (base && !winningLine.has(base)) base = find(base.origin);
      const lostValue = itemValue(lost, tr);
      const winnerValue = itemValue(winner, tr);
      const baseValue = base ? itemValue(base, tr) : undefined;
      if (lostValue === undefined || sameValue(lostValue, winnerValue) || (baseValue !== undefined && sameValue(lostValue, baseValue))) continue;
      this.candidates.push({ entity, id, field, lost, winner, base, lostValue, winnerValue, baseValue: baseValue ?? null });
    }
  }

  /**
   * Applies an update from another laptop (or a copy) to the document and the
   * tables. `authoritative`: this engine is the host (or the merge target), and
   * puts refused rows back in the document so every laptop converges.
   */
  applyRemote(update: Uint8Array, options: { authoritative?: boolean; policy?: RowPolicy } = {}): ApplyReport {
    if (this.closed) throw new MatrizError("live_closed");
    this.touched = new Map();
    this.textItems = new Map();
    this.candidates = [];
    this.conflictKeys = new Set();
    this.newConflicts = [];
    try {
      Y.applyUpdate(this.doc, update, REMOTE);
    } catch (error) {
      this.touched = null;
      throw new MatrizError("live_unreadable", { what: "update", detail: (error as Error).message });
    }
    const touched = [...this.touched.values()];
    const candidates = this.candidates;
    const conflictKeys = this.conflictKeys;
    this.touched = null;
    this.candidates = [];
    this.conflictKeys = null;
    const targets = this.withDeletedParents(touched.map((t) => this.target(t.entity, t.id)).filter((t): t is Target => t !== null));
    const run = (deferred: boolean) =>
      this.db.transaction(() => {
        const attempt: ApplyReport = { changeSets: 0, rows: 0, refused: [], conflicts: [], compensation: null };
        this.newConflicts = [];
        this.project(targets, candidates, attempt, options, deferred);
        for (const id of conflictKeys) this.storeSharedConflict(id);
        statements(this.db).get("INSERT INTO sync_update (change_set_id, kind, data, at) VALUES (NULL, 'remote', ?, ?)").run(Buffer.from(update), nowIso());
        this.setMirroredThrough(this.lastChangeSet());
        return attempt;
      })();
    let report: ApplyReport;
    // Another laptop's edit is not flushed to disk on its own: if this laptop crashes
    // before the next checkpoint, the laptop that typed it still has it and sends it
    // again on reconnect. A local edit keeps synchronous=FULL: it exists nowhere else.
    const durability = this.db.inTransaction ? null : (this.db.pragma("synchronous", { simple: true }) as number);
    if (durability !== null) this.db.pragma("synchronous = NORMAL");
    try {
      try {
        report = run(true);
      } catch (error) {
        // A foreign key the checks above missed: write row by row, parents first, each checked as it goes.
        if (!String((error as Error).message).includes("FOREIGN KEY")) throw error;
        report = run(false);
      }
      report.compensation = this.db.transaction(() => this.shareFindings(options.authoritative ? report.refused : []))();
    } finally {
      if (durability !== null) this.db.pragma(`synchronous = ${durability}`);
    }
    return report;
  }

  /**
   * A row deleted in the document but kept here because rows were still under it
   * goes once those rows go: rows this update deletes bring their parents along.
   */
  private withDeletedParents(targets: Target[]): Target[] {
    const seen = new Set(targets.map((t) => rowKey(t.entity, t.id)));
    const all = [...targets];
    for (let i = 0; i < all.length && i < 10_000; i++) {
      const t = all[i]!;
      if (t.live || !t.current) continue;
      for (const fk of tableRules(this.db, t.entity).foreignKeys) {
        const parentId = t.current[fk.from];
        if (typeof parentId !== "string" || !isEntity(fk.table) || seen.has(rowKey(fk.table, parentId))) continue;
        const root = this.roots.get(fk.table)!;
        if (!hasRow(root, parentId) || !isDeleted(root, parentId)) continue;
        const parent = this.target(fk.table, parentId);
        if (parent?.current) {
          seen.add(rowKey(fk.table, parentId));
          all.push(parent);
        }
      }
    }
    return all;
  }

  private target(entity: Entity, id: string): Target | null {
    const root = this.roots.get(entity)!;
    if (!hasRow(root, id)) return null;
    const current = (statements(this.db).get(`SELECT * FROM ${entity} WHERE id = ?`).get(id) as Row | undefined) ?? null;
    return { entity, id, root, live: !isDeleted(root, id), values: readRow(entity, root, id), current };
  }

  private project(targets: Target[], candidates: Candidate[], report: ApplyReport, options: { authoritative?: boolean; policy?: RowPolicy }, deferred: boolean): void {
    const byKey = new Map(targets.map((t) => [rowKey(t.entity, t.id), t]));
    const refused = new Map<string, Refusal>();
    const refuse = (t: Target, reason: string, detail: string, words: Pick<Refusal, "problem" | "fields"> = {}) => {
      if (!refused.has(rowKey(t.entity, t.id))) refused.set(rowKey(t.entity, t.id), { entity: t.entity, id: t.id, reason, detail, ...words });
    };
    const changes = (t: Target) => (t.live ? !t.current || fieldsOf(t.entity).some((f) => !sameValue(t.values[f], t.current![f])) : Boolean(t.current));
    const pending = targets.filter(changes);

    // Values first: what a typed edit would refuse is refused here too.
    for (const t of pending) {
      if (!t.live) continue;
      const problem = invalidValue(this.db, t.entity, t.values);
      if (problem) {
        const { detail, ...words } = problem;
        refuse(t, "invalid", detail, { problem: words });
      }
    }
    if (options.policy) {
      const view: PlanView = (entity, id) => {
        const t = byKey.get(rowKey(entity, id));
        if (t) return t.live ? (t.values as Row) : null;
        return isEntity(entity) ? ((statements(this.db).get(`SELECT * FROM ${entity} WHERE id = ?`).get(id) as Row | undefined) ?? null) : null;
      };
      for (const t of pending) {
        if (refused.has(rowKey(t.entity, t.id))) continue;
        const reason = options.policy({ entity: t.entity, id: t.id, before: t.current, after: t.live ? (t.values as Row) : null }, view);
        if (reason) refuse(t, reason, reason);
      }
    }
    // The plan as it would be: rows of the update that are not refused, the tables for the rest.
    const live = (entity: string, id: string): boolean => {
      const t = byKey.get(rowKey(entity, id));
      if (t && changes(t) && !refused.has(rowKey(entity, id))) return t.live;
      return Boolean(statements(this.db).get(`SELECT 1 FROM ${entity} WHERE id = ?`).get(id));
    };
    // A row that would take a unique name (a label, a number) already used is refused.
    for (const t of pending) {
      if (!t.live || refused.has(rowKey(t.entity, t.id))) continue;
      const clash = this.uniqueClash(t, byKey, refused, changes);
      if (clash) refuse(t, "duplicate", clash.detail, { fields: clash.fields });
    }
    // Until nothing changes: a deletion under which someone added or moved a row is
    // kept (the edit wins over the delete), then a row whose parent is gone is refused.
    for (let round = 0; round <= pending.length; round++) {
      let changed = false;
      for (const t of pending) {
        if (t.live || refused.has(rowKey(t.entity, t.id))) continue;
        const child = this.liveChild(t, byKey, refused, changes);
        if (child) {
          refuse(t, "has_children", `${child.table} ${child.id} is still under it`);
          changed = true;
        }
      }
      for (const t of pending) {
        if (!t.live || refused.has(rowKey(t.entity, t.id))) continue;
        for (const fk of tableRules(this.db, t.entity).foreignKeys) {
          const parent = t.values[fk.from];
          if (parent === null || parent === undefined || !isEntity(fk.table)) continue;
          if (!live(fk.table, String(parent))) {
            refuse(t, "missing_parent", `${fk.from} → ${fk.table} ${String(parent)} is not in the plan`);
            changed = true;
            break;
          }
        }
      }
      if (!changed) break;
    }

    this.recordConflicts(targets, candidates, refused, report);

    // Write the accepted rows, one change set per change set that typed them.
    const accepted = pending.filter((t) => !refused.has(rowKey(t.entity, t.id)));
    const groups = new Map<string, { provenance: Provenance; targets: Target[] }>();
    const add = (key: string, provenance: Provenance, t: Target) => {
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { provenance, targets: [] }));
      group.targets.push(t);
    };
    if (deferred) {
      for (const t of accepted) {
        const id = this.responsibleItem(t);
        add(id ? this.setKeyOf(id) : "?", this.provenanceOf(id), t);
      }
    } else {
      // Row by row: parents before children, deletions children first, so each row's foreign keys hold as it is written.
      const rank = (t: Target) => (t.live ? entityRank(this.db, t.entity) : 1000 - entityRank(this.db, t.entity));
      [...accepted].sort((a, b) => rank(a) - rank(b)).forEach((t, i) => add(String(i), this.provenanceOf(this.responsibleItem(t)), t));
    }
    this.projecting = true;
    try {
      this.db.pragma(`defer_foreign_keys = ${deferred ? "ON" : "OFF"}`);
      const ordered = deferred ? [...groups.values()].sort((a, b) => a.provenance.at.localeCompare(b.provenance.at)) : [...groups.values()];
      for (const group of ordered) {
        const written = inChangeSet(this.db, changeMetaOf(group.provenance, this.roundExists(group.provenance.roundId)), (w) => {
          let n = 0;
          for (const t of group.targets) {
            const save = this.db.transaction(() => {
              if (!t.live) w.remove(t.entity, t.id);
              else if (!t.current) w.insert(t.entity, t.values as Row);
              else for (const field of fieldsOf(t.entity)) w.update(t.entity, t.id, field, (t.values[field] ?? null) as SqlValue);
            });
            try {
              save();
              n++;
            } catch (error) {
              refuse(t, "invalid", (error as Error).message);
            }
          }
          return n;
        });
        if (written > 0) report.changeSets++;
        report.rows += written;
      }
    } finally {
      this.projecting = false;
    }
    report.refused.push(...refused.values());
    for (const r of refused.values()) {
      const t = byKey.get(rowKey(r.entity, r.id))!;
      const id = `r-${sha(`${r.entity}|${r.id}|${JSON.stringify(t.live ? t.values : null)}|${r.reason}`).slice(0, 24)}`;
      const item = this.responsibleItem(t);
      this.storeConflict(report, {
        id,
        entity: r.entity,
        entityId: r.id,
        field: null,
        kind: r.reason === "has_children" ? "edit_vs_delete" : "refused",
        base: null,
        kept: t.current,
        other: t.live ? t.values : null,
        keptBy: null,
        otherBy: this.provenanceOf(item),
        reason: `${r.reason}: ${r.detail}`,
      });
    }
  }

  private roundExists(roundId: string | null): boolean {
    return Boolean(roundId && statements(this.db).get("SELECT 1 FROM consultation_round WHERE id = ?").get(roundId));
  }

  /** A live row that would still point at a row being deleted. */
  private liveChild(t: Target, byKey: Map<string, Target>, refused: Map<string, Refusal>, changes: (t: Target) => boolean): { table: string; id: string } | null {
    for (const child of childTables(this.db, t.entity, ENTITIES)) {
      const ids = statements(this.db).get(`SELECT id FROM ${child.table} WHERE ${child.from} = ?`).all(t.id) as Array<{ id: string }>;
      for (const { id } of ids) {
        const other = byKey.get(rowKey(child.table, id));
        if (other && changes(other) && !refused.has(rowKey(child.table, id)) && (!other.live || other.values[child.from] !== t.id)) continue;
        return { table: child.table, id };
      }
      for (const other of byKey.values()) {
        if (other.entity !== child.table || !other.live || !changes(other) || refused.has(rowKey(other.entity, other.id))) continue;
        if (other.values[child.from] === t.id) return { table: child.table, id: other.id };
      }
    }
    return null;
  }

  private uniqueClash(t: Target, byKey: Map<string, Target>, refused: Map<string, Refusal>, changes: (t: Target) => boolean): { fields: string; detail: string } | null {
    for (const columns of tableRules(this.db, t.entity).unique) {
      const values = columns.map((c) => t.values[c] ?? null);
      if (values.some((v) => v === null)) continue;
      const found = statements(this.db)
        .get(`SELECT id FROM ${t.entity} WHERE ${columns.map((c) => `${c} = ?`).join(" AND ")} AND id <> ?`)
        .all(...values, t.id) as Array<{ id: string }>;
      for (const { id } of found) {
        const other = byKey.get(rowKey(t.entity, id));
        if (other && changes(other) && !refused.has(rowKey(t.entity, id)) && (!other.live || columns.some((c, i) => !sameValue(other.values[c], values[i])))) continue;
        return { fields: columns.join(", "), detail: `${columns.join(", ")} ${JSON.stringify(values)} is already used by ${id}` };
      }
    }
    return null;
  }

  /** The item whose writer is credited with this row's change. */
  private responsibleItem(t: Target): Y.ID | null {
    const item = (key: string) => t.root._map.get(key)?.id ?? null;
    if (!t.live) return item(cellKey(t.id, DELETED));
    if (!t.current) return item(cellKey(t.id, DELETED)) ?? item(t.id);
    let newest: Y.ID | null = null;
    for (const field of fieldsOf(t.entity)) {
      if (sameValue(t.values[field], t.current[field])) continue;
      const id = (isTextField(t.entity, field) ? this.textItems.get(`${rowKey(t.entity, t.id)}\u0000${field}`) : null) ?? item(cellKey(t.id, field)) ?? item(t.id);
      if (id && (!newest || id.clock > newest.clock)) newest = id;
    }
    return newest;
  }

  private setKeyOf(id: Y.ID): string {
    return `${id.client}:${this.setStartOf(id)}`;
  }

  /* ------------------------------------------------------------ conflicts */

  private recordConflicts(targets: Target[], candidates: Candidate[], refused: Map<string, Refusal>, report: ApplyReport): void {
    for (const c of candidates) {
      this.storeConflict(report, {
        id: `c-${sha(`${c.entity}|${c.id}|${c.field}|${c.lost.id.client}:${c.lost.id.clock}`).slice(0, 24)}`,
        entity: c.entity,
        entityId: c.id,
        field: c.field,
        kind: "both_changed",
        base: c.baseValue,
        kept: c.winnerValue,
        other: c.lostValue,
        keptBy: this.provenanceOf(c.winner.id),
        otherBy: this.provenanceOf(c.lost.id),
        reason: null,
      });
    }
    // A deletion made without seeing an edit: the row goes, the edit waits in the conflicts.
    for (const t of targets) {
      if (t.live || refused.has(rowKey(t.entity, t.id))) continue;
      const seenText = t.root.get(cellKey(t.id, SEEN));
      if (typeof seenText !== "string") continue;
      let seen: Record<string, unknown>;
      try {
        seen = JSON.parse(seenText) as Record<string, unknown>;
      } catch {
        continue;
      }
      const edited = fieldsOf(t.entity).filter((f) => !sameValue(seen[f], t.values[f]));
      if (!edited.length) continue;
      const other = Object.fromEntries(edited.map((f) => [f, t.values[f] ?? null]));
      const tombstone = t.root._map.get(cellKey(t.id, DELETED))?.id ?? null;
      const editor = edited.map((f) => (isTextField(t.entity, f) ? this.textItems.get(`${rowKey(t.entity, t.id)}\u0000${f}`) : null) ?? t.root._map.get(cellKey(t.id, f))?.id ?? null).find(Boolean) ?? null;
      this.storeConflict(report, {
        id: `d-${sha(`${t.entity}|${t.id}|${tombstone ? `${tombstone.client}:${tombstone.clock}` : ""}|${JSON.stringify(other)}`).slice(0, 24)}`,
        entity: t.entity,
        entityId: t.id,
        field: edited.length === 1 ? edited[0]! : null,
        kind: "edit_vs_delete",
        base: Object.fromEntries(edited.map((f) => [f, seen[f] ?? null])),
        kept: null,
        other: { ...t.values },
        keptBy: this.provenanceOf(tombstone),
        otherBy: this.provenanceOf(editor),
        reason: null,
      });
    }
  }

  private storeConflict(report: ApplyReport, c: StoredConflictRecord): void {
    if (!this.conflictMap.has(c.id)) this.newConflicts.push(c);
    this.insertConflict(report, c);
  }

  /** A conflict another laptop found, from the document into this plan's list. */
  private storeSharedConflict(id: string): void {
    const record = this.conflictMap.get(id) as StoredConflictRecord | undefined;
    if (record && typeof record === "object" && record.id === id && isEntity(record.entity) && CONFLICT_KINDS.includes(record.kind)) this.insertConflict(null, record);
    const status = this.conflictMap.get(`${id}${SEP}status`) as { status: string; resolution: string; at: string } | undefined;
    if (status && typeof status === "object" && status.status === "resolved" && ["kept", "other", "base"].includes(status.resolution)) {
      statements(this.db)
        .get("UPDATE sync_conflict SET status = 'resolved', resolution = ?, resolved_at = ? WHERE id = ? AND status = 'open'")
        .run(status.resolution, String(status.at).slice(0, 40), id);
    } else if (status && typeof status === "object" && status.status === "open") {
      // Whoever resolved it took it back (undo): it waits again here too.
      statements(this.db).get("UPDATE sync_conflict SET status = 'open', resolution = NULL, resolved_at = NULL WHERE id = ? AND status = 'resolved'").run(id);
    }
  }

  private insertConflict(report: ApplyReport | null, c: StoredConflictRecord): void {
    const info = statements(this.db)
      .get(
        `INSERT INTO sync_conflict (id, entity, entity_id, field, kind, base_value, kept_value, other_value, kept_by, other_by, reason, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
      )
      .run(
        c.id,
        c.entity,
        c.entityId,
        c.field,
        c.kind,
        JSON.stringify(c.base ?? null),
        JSON.stringify(c.kept ?? null),
        JSON.stringify(c.other ?? null),
        c.keptBy ? JSON.stringify(c.keptBy) : null,
        c.otherBy ? JSON.stringify(c.otherBy) : null,
        c.reason,
        nowIso(),
      );
    if (info.changes > 0) report?.conflicts.push(c.id);
  }

  /**
   * One update for every laptop with what this engine found: conflicts (so every
   * laptop lists them) and, on the host, refused rows put back as the tables hold them.
   */
  private shareFindings(refused: Refusal[]): Uint8Array | null {
    const conflicts = this.newConflicts;
    this.newConflicts = [];
    if (!conflicts.length && !refused.length) return null;
    const start = Y.getState(this.doc.store, this.doc.clientID);
    this.capturedUpdate = null;
    const author = this.options.author?.() ?? "host";
    this.doc.transact(() => {
      for (const c of conflicts) if (!this.conflictMap.has(c.id)) this.conflictMap.set(c.id, c);
      for (const r of refused) {
        const root = this.roots.get(r.entity)!;
        const current = (statements(this.db).get(`SELECT * FROM ${r.entity} WHERE id = ?`).get(r.id) as Row | undefined) ?? null;
        if (!hasRow(root, r.id)) continue;
        if (current) {
          for (const field of fieldsOf(r.entity)) setField(r.entity, root, r.id, field, (current[field] ?? null) as SqlValue);
          if (isDeleted(root, r.id)) root.set(cellKey(r.id, DELETED), false);
        } else if (!isDeleted(root, r.id)) {
          root.set(cellKey(r.id, SEEN), JSON.stringify(readRow(r.entity, root, r.id)));
          root.set(cellKey(r.id, DELETED), true);
        }
      }
      if (refused.length) {
        this.sets.set(
          `${this.doc.clientID}:${start}`,
          storedProvenance({ author, at: nowIso(), roundId: null, source: "typed", label: `refused: ${refused.map((r) => r.reason).join(", ")}`, device: this.options.device ?? null }),
        );
      }
    }, ENGINE);
    const update = this.capturedUpdate as Uint8Array | null;
    if (!update) return null;
    const info = statements(this.db).get("INSERT INTO sync_update (change_set_id, kind, data, at) VALUES (NULL, 'local', ?, ?)").run(Buffer.from(update), nowIso());
    this.queueBroadcast(Number(info.lastInsertRowid), update);
    return update;
  }

  /* ------------------------------------------------------------ exchange */

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  /** What a laptop with this state vector lacks (everything, without one). */
  diff(stateVector?: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  /** Replaces the stored updates by one snapshot of the document; the file shrinks, nothing is lost. */
  compact(): { rowsBefore: number; bytesBefore: number; bytesAfter: number } {
    const before = statements(this.db).get("SELECT count(*) AS n, coalesce(sum(length(data)), 0) AS bytes FROM sync_update").get() as { n: number; bytes: number };
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    const through = this.mirroredThrough();
    this.db.transaction(() => {
      // The update rows said how far the mirror had come; the marker says it from now on.
      this.setMirroredThrough(through);
      statements(this.db).get("DELETE FROM sync_update").run();
      statements(this.db).get("INSERT INTO sync_update (change_set_id, kind, data, at) VALUES (NULL, 'snapshot', ?, ?)").run(Buffer.from(snapshot), nowIso());
    })();
    return { rowsBefore: before.n, bytesBefore: before.bytes, bytesAfter: snapshot.byteLength };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    observeChangeSets(this.db, null);
    this.listeners.clear();
    this.doc.destroy();
  }
}

/** How many of the sorted numbers are not greater than `value`. */
function upperBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const ranks = new WeakMap<Db, Map<string, number>>();
/** How deep a table is under others (plan and pillar 0, need 1, action 2, budget line 3…), from its foreign keys. */
function entityRank(db: Db, entity: string, depth = 0): number {
  let perDb = ranks.get(db);
  if (!perDb) ranks.set(db, (perDb = new Map()));
  const known = perDb.get(entity);
  if (known !== undefined) return known;
  const parents = depth > 10 ? [] : tableRules(db, entity).foreignKeys.filter((f) => f.table !== entity && isEntity(f.table));
  const rank = parents.length ? 1 + Math.max(...parents.map((f) => entityRank(db, f.table, depth + 1))) : 0;
  perDb.set(entity, rank);
  return rank;
}

function storedProvenance(meta: ChangeMeta & { at: string; device?: { id: string; name: string } | null }): StoredProvenance {
  return { a: meta.author, t: meta.at, r: meta.roundId ?? null, s: meta.source, l: meta.label, d: meta.device?.id ?? null, n: meta.device?.name ?? null };
}

function fromStored(s: StoredProvenance): Provenance {
  return {
    author: typeof s.a === "string" ? s.a.slice(0, 200) : "?",
    at: typeof s.t === "string" ? s.t.slice(0, 40) : nowIso(),
    roundId: typeof s.r === "string" ? s.r : null,
    source: SOURCES.includes(s.s as ChangeSource) ? (s.s as ChangeSource) : "typed",
    label: typeof s.l === "string" ? s.l.slice(0, 500) : "live edit",
    device: typeof s.d === "string" ? { id: s.d.slice(0, 100), name: typeof s.n === "string" ? s.n.slice(0, 200) : s.d.slice(0, 100) } : null,
  };
}

function changeMetaOf(p: Provenance, roundKnown: boolean): ChangeMeta {
  return { author: p.author, at: p.at, roundId: roundKnown ? p.roundId : null, source: p.source, label: p.label, device: p.device };
}

/** An item's value as it was in this transaction (a value replaced in it still readable). */
function itemValue(item: Y.Item, tr: Y.Transaction): unknown {
  const content = item.content;
  if (content instanceof Y.ContentAny) return content.getContent()[0] ?? null;
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.Text) return textIncludingDeletedIn(type, tr);
    return undefined;
  }
  return undefined;
}

/** A text's content counting what this transaction deleted (a text that just lost keeps its words). */
function textIncludingDeletedIn(text: Y.Text, tr: Y.Transaction): string {
  let out = "";
  for (let item = text._start; item; item = item.right) {
    if (!(item.content instanceof Y.ContentString)) continue;
    if (!item.deleted || Y.isDeleted(tr.deleteSet, item.id)) out += item.content.str;
  }
  return out;
}

function newestInsertedItem(text: Y.Text, tr: Y.Transaction): Y.ID | null {
  let newest: Y.ID | null = null;
  for (let item = text._start; item; item = item.right) {
    if (item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0) && (!newest || item.id.clock > newest.clock)) newest = item.id;
  }
  return newest;
}

export { readField, ENTITY_COLUMNS };

