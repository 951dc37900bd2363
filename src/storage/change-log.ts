/**
 * Every write to a plan goes through a ChangeWriter inside one change set: one
 * transaction, one row in change_set saying who, when, in which round and from
 * where, and one row in change per row or field touched, with old and new value.
 * Undo, provenance and the three-way merge all read this log.
 */
import type { Database as Db, Statement } from "better-sqlite3";
import { MatrizError } from "../domain/errors";
import { ENTITY_COLUMNS, isField, type Entity, type Row, type SqlValue } from "./entities";

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

  private log(entity: Entity, entityId: string, op: ChangeRecord["op"], field: string | null, oldValue: unknown, newValue: unknown) {
    this.count++;
    this.records?.push({ id: 0, changeSetId: this.changeSetId, entity, entityId, op, field, oldValue: (oldValue ?? null) as ChangeRecord["oldValue"], newValue: (newValue ?? null) as ChangeRecord["newValue"] });
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

  read(entity: Entity, id: string): Row | undefined {
    return statements(this.db).get(`SELECT * FROM ${entity} WHERE id = ?`).get(id) as Row | undefined;
  }

  insert(entity: Entity, row: Row): Row {
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
  update(entity: Entity, id: string, field: string, value: SqlValue): boolean {
    if (!isField(entity, field)) throw new MatrizError("internal", { detail: `${entity} has no field ${field}` });
    const current = this.read(entity, id);
    if (!current) throw new MatrizError("not_found", { entity, id });
    const old = current[field] ?? null;
    if (old === value) return false;
    statements(this.db).get(`UPDATE ${entity} SET ${field} = ? WHERE id = ?`).run(value, id);
    this.log(entity, id, "update", field, old, value);
    return true;
  }

  /** Deletes one row and logs it whole so undo can put it back. Children must be removed first. */
  remove(entity: Entity, id: string): Row {
    const current = this.read(entity, id);
    if (!current) throw new MatrizError("not_found", { entity, id });
    statements(this.db).get(`DELETE FROM ${entity} WHERE id = ?`).run(id);
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

export function readChanges(db: Db, changeSetId: number): ChangeRecord[] {
  const rows = statements(db).get("SELECT * FROM change WHERE change_set_id = ? ORDER BY id").all(changeSetId) as Array<{
    id: number;
    change_set_id: number;
    entity: Entity;
    entity_id: string;
    op: ChangeRecord["op"];
    field: string | null;
    old_value: string | null;
    new_value: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    changeSetId: r.change_set_id,
    entity: r.entity,
    entityId: r.entity_id,
    op: r.op,
    field: r.field,
    oldValue: r.old_value === null ? null : JSON.parse(r.old_value),
    newValue: r.new_value === null ? null : JSON.parse(r.new_value),
  }));
}

/** Applies the inverse of a change set, newest change first, as a new change set that `reverts` it. */
export function revertChangeSet(db: Db, changeSetId: number, meta: Omit<ChangeMeta, "reverts">): number {
  const changes = readChanges(db, changeSetId);
  return inChangeSet(db, { ...meta, reverts: changeSetId }, (writer) => {
    for (const change of [...changes].reverse()) {
      if (change.op === "insert") writer.remove(change.entity, change.entityId);
      else if (change.op === "delete") writer.insert(change.entity, change.oldValue as Row);
      else writer.update(change.entity, change.entityId, change.field!, change.oldValue as SqlValue);
    }
    return writer.changeSetId;
  });
}
