/**
 * Every write to a plan goes through a ChangeWriter inside one change set: one
 * transaction, one row in change_set saying who, when, in which round and from
 * where, and one row in change per row or field touched, with old and new value.
 * Undo, provenance and the three-way merge all read this log.
 */
import type { Database as Db, Statement } from "better-sqlite3";
import { MatrizError } from "../domain/errors";
import { CONFLICT_COLUMNS, ENTITY_COLUMNS, isConflictTable, isEntity, isField, isLoggedField, isLoggedTable, type Entity, type LoggedTable, type Row, type SqlValue } from "./entities";

export type ChangeSource = "typed" | "imported" | "example" | "cli" | "undo" | "redo" | "migration";

export interface ChangeMeta {
  author: string;
  source: ChangeSource;
  label: string;
  roundId?: string | null;
  sourceFile?: string | null;
  reverts?: number | null;
  /** Fixed clock for tests and imports that must be reproducible. */
  at?: string;
  /** The laptop that typed it; by default this installation's (see useDevice). */
  device?: { id: string; name: string } | null;
}

export interface ChangeRecord {
  id: number;
  changeSetId: number;
  entity: Entity;
  entityId: string;
  op: "insert" | "update" | "delete";
  field: string | null;
  oldValue: SqlValue | Row | null;
  newValue: SqlValue | Row | null;
}

/**
 * A change as undo and redo read it: a row of the plan's content, or a conflict's
 * status (only ever updated, see CONFLICT_COLUMNS). Live sync mirrors ChangeRecords only.
 */
export type LoggedChange = Omit<ChangeRecord, "entity" | "op"> & ({ op: "insert" | "delete"; entity: Entity } | { op: "update"; entity: LoggedTable });

/** Statements are prepared once per database and table, not per write. */
class StatementCache {
  private readonly cache = new Map<string, Statement>();
  constructor(private readonly db: Db) {}
  get(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}

const caches = new WeakMap<Db, StatementCache>();
export function statements(db: Db): StatementCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new StatementCache(db);
    caches.set(db, cache);
  }
  return cache;
}

/** The one way a table name reaches SQL here: it must be one of the tables users change (or a conflict's status). */
function tableName<T extends LoggedTable>(entity: T): T {
  if (!isLoggedTable(entity)) throw new MatrizError("internal", { detail: `not a table users change: ${JSON.stringify(String(entity).slice(0, 60))}` });
  return entity;
}

export class ChangeWriter {
  private count = 0;
  /** Kept only while live sync observes this plan (see observeChangeSets). */
  readonly records: ChangeRecord[] | null;
  constructor(
    private readonly db: Db,
    readonly changeSetId: number,
    collect = false,
  ) {
    this.records = collect ? [] : null;
  }

  get changes(): number {
    return this.count;
  }

  private log(entity: LoggedTable, entityId: string, op: ChangeRecord["op"], field: string | null, oldValue: unknown, newValue: unknown) {
    this.count++;
    // Observers (live sync) see the plan's content; a conflict's status stays on this laptop.
    if (isEntity(entity)) this.records?.push({ id: 0, changeSetId: this.changeSetId, entity, entityId, op, field, oldValue: (oldValue ?? null) as ChangeRecord["oldValue"], newValue: (newValue ?? null) as ChangeRecord["newValue"] });
    statements(this.db)
      .get(
        "INSERT INTO change (change_set_id, entity, entity_id, op, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        this.changeSetId,
        entity,
        entityId,
        op,
        field,
        oldValue === undefined ? null : JSON.stringify(oldValue),
        newValue === undefined ? null : JSON.stringify(newValue),
      );
  }

  read(entity: LoggedTable, id: string): Row | undefined {
    return statements(this.db).get(`SELECT * FROM ${tableName(entity)} WHERE id = ?`).get(id) as Row | undefined;
  }

  insert(entity: Entity, row: Row): Row {
    tableName(entity);
    const columns = ["id", ...ENTITY_COLUMNS[entity].filter((c) => c in row)];
    for (const key of Object.keys(row)) {
      if (key !== "id" && !isField(entity, key)) throw new MatrizError("internal", { detail: `${entity} has no field ${key}` });
    }
    const sql = `INSERT INTO ${entity} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;
    statements(this.db)
      .get(sql)
      .run(...columns.map((c) => row[c] ?? null));
    const stored = this.read(entity, row.id)!;
    this.log(entity, row.id, "insert", null, undefined, stored);
    return stored;
  }

  /** Sets one field; a value equal to the stored one records nothing. Returns whether it changed. */
  update(entity: LoggedTable, id: string, field: string, value: SqlValue): boolean {
    if (!isLoggedField(entity, field)) throw new MatrizError("internal", { detail: `${entity} has no field ${field}` });
    const current = this.read(entity, id);
    if (!current) throw new MatrizError("not_found", { entity, id });
    const old = current[field] ?? null;
    if (old === value) return false;
    statements(this.db).get(`UPDATE ${tableName(entity)} SET ${field} = ? WHERE id = ?`).run(value, id);
    this.log(entity, id, "update", field, old, value);
    return true;
  }

  /**
   * Sets several fields of one row, read once and written in one statement; logs each field that
   * changed. Returns how many did. `known`: the row as already read in this same transaction.
   */
  updateFields(entity: LoggedTable, id: string, fields: Readonly<Record<string, SqlValue>>, known?: Row): number {
    for (const field of Object.keys(fields)) if (!isLoggedField(entity, field)) throw new MatrizError("internal", { detail: `${entity} has no field ${field}` });
    const current = known ?? this.read(entity, id);
    if (!current) throw new MatrizError("not_found", { entity, id });
    const changed = Object.entries(fields).filter(([field, value]) => (current[field] ?? null) !== value);
    if (!changed.length) return 0;
    statements(this.db)
      .get(`UPDATE ${tableName(entity)} SET ${changed.map(([field]) => `${field} = ?`).join(", ")} WHERE id = ?`)
      .run(...changed.map(([, value]) => value), id);
    for (const [field, value] of changed) this.log(entity, id, "update", field, current[field] ?? null, value);
    return changed.length;
  }

  /** Deletes one row and logs it whole so undo can put it back. Children must be removed first. */
  remove(entity: Entity, id: string): Row {
    const current = this.read(entity, id);
    if (!current) throw new MatrizError("not_found", { entity, id });
    statements(this.db).get(`DELETE FROM ${tableName(entity)} WHERE id = ?`).run(id);
    this.log(entity, id, "delete", null, current, undefined);
    return current;
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Runs `work` as one change set in one transaction; nothing is written if it throws. */
export function inChangeSet<T>(db: Db, meta: ChangeMeta, work: (writer: ChangeWriter) => T): T {
  return db.transaction(() => {
    const at = meta.at ?? nowIso();
    const device = meta.device === undefined ? (devices.get(db) ?? null) : meta.device;
    const info = device
      ? statements(db)
          .get("INSERT INTO change_set (at, author, round_id, source, source_file, label, reverts, device) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .run(at, meta.author, meta.roundId ?? null, meta.source, meta.sourceFile ?? null, meta.label, meta.reverts ?? null, knownDevice(db, device))
      : statements(db)
          .get("INSERT INTO change_set (at, author, round_id, source, source_file, label, reverts) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .run(at, meta.author, meta.roundId ?? null, meta.source, meta.sourceFile ?? null, meta.label, meta.reverts ?? null);
    const observer = observers.get(db);
    const writer = new ChangeWriter(db, Number(info.lastInsertRowid), Boolean(observer));
    const result = work(writer);
    if (writer.changes === 0) {
      // An edit that changed nothing leaves no empty entry in the history.
      statements(db).get("DELETE FROM change_set WHERE id = ?").run(writer.changeSetId);
    } else if (observer) {
      observer({ id: writer.changeSetId, meta: { ...meta, at, device }, records: writer.records! });
    }
    return result;
  })();
}

/* ---- live sync (src/sync): which laptop typed a change set, and who mirrors it ---- */

const devices = new WeakMap<Db, { id: string; name: string }>();
const namedDevices = new WeakMap<Db, Set<string>>();

/** Change sets written to this plan record this laptop (plans at the latest schema only). */
export function useDevice(db: Db, device: { id: string; name: string } | null): void {
  if (device) devices.set(db, device);
  else devices.delete(db);
}

/** The laptop this plan's local change sets are recorded as typed on (null: none registered). */
export function deviceOf(db: Db): { id: string; name: string } | null {
  return devices.get(db) ?? null;
}

/** The device's id, its name kept once per plan so History can say which laptop. */
function knownDevice(db: Db, device: { id: string; name: string }): string {
  let named = namedDevices.get(db);
  if (!named) namedDevices.set(db, (named = new Set()));
  if (!named.has(device.id)) {
    statements(db).get("INSERT INTO device (id, name, first_seen) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING").run(device.id, device.name, nowIso());
    named.add(device.id);
  }
  return device.id;
}

export interface ObservedChangeSet {
  id: number;
  meta: ChangeMeta & { at: string; device: { id: string; name: string } | null };
  records: ChangeRecord[];
}

/**
 * Called inside each change set's transaction, after its work, when it changed
 * something; live sync mirrors it into the shared document there. A throw rolls
 * the change set back.
 */
export type ChangeSetObserver = (changeSet: ObservedChangeSet) => void;
const observers = new WeakMap<Db, ChangeSetObserver>();

export function observeChangeSets(db: Db, observer: ChangeSetObserver | null): void {
  if (observer) observers.set(db, observer);
  else observers.delete(db);
}

const OPS = new Set<string>(["insert", "update", "delete"]);
const UNDOABLE_SOURCES = "('typed','imported','undo','redo')";

const clip = (text: unknown) => JSON.stringify(String(text).slice(0, 60));

/**
 * What in the change log undo could not trust, or null. A plan is a file anyone
 * can edit with an SQLite tool, and undo turns the log's table and field names
 * into SQL: every table the log names must be one users change, and every change
 * undo or redo can reach (those after the last change set undo does not go below)
 * must name a field of its table. The tables come from an index, so this stays
 * quick on a plan with 100,000 changes.
 */
export function changeLogProblem(db: Db): string | null {
  const entities = db.prepare("SELECT DISTINCT entity FROM change").pluck().all() as unknown[];
  for (const entity of entities) if (typeof entity !== "string" || !isLoggedTable(entity)) return `unknown table ${clip(entity)}`;
  const floor = (db.prepare(`SELECT coalesce(max(id), 0) FROM change_set WHERE source NOT IN ${UNDOABLE_SOURCES}`).pluck().get() as number) ?? 0;
  const reachable = db.prepare("SELECT DISTINCT entity, op, field FROM change WHERE change_set_id > ?").all(floor) as Array<{ entity: unknown; op: unknown; field: unknown }>;
  for (const { entity, op, field } of reachable) {
    const problem = recordProblem(entity, op, field);
    if (problem) return problem;
  }
  return null;
}

function recordProblem(entity: unknown, op: unknown, field: unknown): string | null {
  if (typeof entity !== "string" || !isLoggedTable(entity)) return `unknown table ${clip(entity)}`;
  if (typeof op !== "string" || !OPS.has(op)) return `unknown operation ${clip(op)} on ${entity}`;
  // A conflict's row is never added or removed through the log: only its status changes.
  if (op !== "update" && isConflictTable(entity)) return `${entity}: only its status is logged`;
  if (op === "update" && (typeof field !== "string" || !isLoggedField(entity, field))) return `${entity} has no field ${clip(field)}`;
  return null;
}

const isSqlValue = (value: unknown): value is SqlValue => value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value));

/** A whole row as the log keeps it for inserts and deletes: its id and fields of its table, plain values only. */
function rowProblem(entity: Entity, entityId: string, value: unknown): string | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return `${entity} ${clip(entityId)}: not a row`;
  const row = value as Record<string, unknown>;
  if (row.id !== entityId) return `${entity} ${clip(entityId)}: the row's id differs`;
  for (const [key, v] of Object.entries(row)) {
    if (key !== "id" && !isField(entity, key)) return `${entity} has no field ${clip(key)}`;
    if (!isSqlValue(v)) return `${entity}.${key}: not a plain value`;
  }
  return null;
}

function parseValue(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The changes of one change set to the plan's content (what live sync mirrors), each checked as below. */
export function readChanges(db: Db, changeSetId: number): ChangeRecord[] {
  return readLoggedChanges(db, changeSetId).filter((change) => isEntity(change.entity)) as ChangeRecord[];
}

/** Every change of one change set, conflicts' status included, each checked before undo or redo may turn it into SQL. */
export function readLoggedChanges(db: Db, changeSetId: number): LoggedChange[] {
  const rows = statements(db).get("SELECT * FROM change WHERE change_set_id = ? ORDER BY id").all(changeSetId) as Array<Record<string, unknown>>;
  return rows.map((r) => {
    const oldValue = parseValue(r.old_value as string | null);
    const newValue = parseValue(r.new_value as string | null);
    const problem =
      recordProblem(r.entity, r.op, r.field) ??
      (typeof r.entity_id !== "string" ? "an entity id that is not text" : null) ??
      (r.op === "update" && !(isSqlValue(oldValue) && isSqlValue(newValue)) ? `${String(r.entity)}.${String(r.field)}: not a plain value` : null) ??
      (r.op === "insert" ? rowProblem(r.entity as Entity, r.entity_id as string, newValue) : null) ??
      (r.op === "delete" ? rowProblem(r.entity as Entity, r.entity_id as string, oldValue) : null);
    if (problem) throw new MatrizError("history_damaged", { detail: `change ${String(r.id)}: ${problem}` });
    return {
      id: r.id as number,
      changeSetId: r.change_set_id as number,
      entity: r.entity as Entity,
      entityId: r.entity_id as string,
      op: r.op as ChangeRecord["op"],
      field: r.field as string | null,
      oldValue: oldValue as SqlValue | Row | null,
      newValue: newValue as SqlValue | Row | null,
    } as LoggedChange;
  });
}

const CONFLICT_TABLES = `(${Object.keys(CONFLICT_COLUMNS).map((t) => `'${t}'`).join(",")})`;

/** Whether the change sets after `revision` opened or closed a conflict (an undone or redone resolution). */
export function conflictsChangedSince(db: Db, revision: number): boolean {
  return statements(db).get(`SELECT 1 FROM change WHERE change_set_id > ? AND entity IN ${CONFLICT_TABLES} LIMIT 1`).get(revision) !== undefined;
}

/** Applies the inverse of a change set, newest change first, as a new change set that `reverts` it. */
export function revertChangeSet(db: Db, changeSetId: number, meta: Omit<ChangeMeta, "reverts">): number {
  const changes = readLoggedChanges(db, changeSetId);
  return inChangeSet(db, { ...meta, reverts: changeSetId }, (writer) => {
    for (const change of [...changes].reverse()) {
      if (change.op === "insert") writer.remove(change.entity, change.entityId);
      else if (change.op === "delete") writer.insert(change.entity, change.oldValue as Row);
      else writer.update(change.entity, change.entityId, change.field!, change.oldValue as SqlValue);
    }
    return writer.changeSetId;
  });
}
