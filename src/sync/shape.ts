/**
 * The shape of a plan's shared document, mirroring the tables: one Y.Map per
 * table (src/storage/entities.ts), keyed by row id. Parent and position are
 * plain fields, so moving an action is one field change and a concurrent edit
 * of its text survives. Only long free text is a Y.Text (merged character by
 * character); short cells are single values, so two laptops writing one amount
 * at once is a conflict to show, not a mixture. Deleting sets a tombstone and
 * keeps the fields (an edit made meanwhile is kept and shown as an
 * edit-vs-delete conflict).
 *
 * Rows are stored flat, for size: under the row's id one value holding its
 * short cells as they were when the row entered the document (as JSON text), and under
 * `id␟field` each cell changed since (and every long text, as a Y.Text). A
 * 10,000-action plan is then about one item per row instead of one per cell:
 * nested maps per row took 800 MB to load; flat rows a fraction of it. Two
 * laptops changing different cells of one row write different keys, so neither
 * is lost; the same cell is the same key, whose concurrent writes are found and
 * listed as conflicts.
 */
import * as Y from "yjs";
import { ENTITIES, ENTITY_COLUMNS, isEntity, type Entity, type Row, type SqlValue } from "../storage/entities";

/** Long free text: merged character by character. Every other field is one value. */
export const TEXT_FIELDS: Readonly<Partial<Record<Entity, readonly string[]>>> = {
  action: ["text"],
  need: ["title", "description"],
  budget_line: ["note"],
  progress_note: ["note"],
  gap: ["text"],
  stocktaking: ["activity"],
  consultation_round: ["objectives", "progress"],
  recommendation: ["text"],
};

/** Row keys that are not table columns. */
export const DELETED = "_deleted";
/** The row's values as the person deleting it saw them: an edit they did not see is a conflict. */
export const SEEN = "_seen";
/** Who typed each local change set: key `${clientID}:${first clock}`. */
export const SETS = "_sets";
/** The document's identity: which plan, which base it grew from. */
export const META = "_meta";

/** Separates a row id from a field in the document's keys (never in an id or a column name). */
export const SEP = "\u001f";
export type Root = Y.Map<unknown>;

export const cellKey = (id: string, field: string) => `${id}${SEP}${field}`;

/** A document key as row id and field (field null: the row's first values). */
export function parseKey(key: string): { id: string; field: string | null } {
  const at = key.indexOf(SEP);
  return at < 0 ? { id: key, field: null } : { id: key.slice(0, at), field: key.slice(at + 1) };
}

export function isTextField(entity: string, field: string): boolean {
  return (TEXT_FIELDS[entity as Entity] ?? []).includes(field);
}

export function fieldsOf(entity: Entity): readonly string[] {
  return ENTITY_COLUMNS[entity];
}

/** The entity tables this build knows, each a root map of the document. */
export function entityRoots(doc: Y.Doc): Map<Entity, Root> {
  return new Map(ENTITIES.map((entity) => [entity, doc.getMap<unknown>(entity)]));
}

export function hasRow(root: Root, id: string): boolean {
  return typeof root.get(id) === "string";
}

/** The row's first values (JSON text: three times faster to load than an object per row). */
function baseOf(root: Root, id: string): Record<string, unknown> | null {
  const base = root.get(id);
  if (typeof base !== "string") return null;
  try {
    const parsed = JSON.parse(base) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function fieldFrom(root: Root, id: string, field: string, base: Record<string, unknown> | null): unknown {
  const changed = root.get(cellKey(id, field));
  if (changed instanceof Y.Text) return changed.toString();
  if (changed !== undefined) return changed;
  const value = base ? base[field] : undefined;
  return value === undefined ? null : value;
}

/** A field's value as the tables hold it: a Y.Text reads as its string; anything a table cannot hold is returned as is, for validation to refuse. */
export function readField(root: Root, id: string, field: string): unknown {
  return fieldFrom(root, id, field, baseOf(root, id));
}

export function readRow(entity: Entity, root: Root, id: string): Record<string, unknown> & { id: string } {
  const base = baseOf(root, id);
  const values: Record<string, unknown> & { id: string } = { id };
  for (const field of fieldsOf(entity)) values[field] = fieldFrom(root, id, field, base);
  return values;
}

export function isDeleted(root: Root, id: string): boolean {
  return root.get(cellKey(id, DELETED)) === true;
}

/** Makes a cell hold `value`; text is changed by the smallest edit, so a concurrent edit elsewhere in it survives. */
export function setField(entity: string, root: Root, id: string, field: string, value: SqlValue): void {
  const key = cellKey(id, field);
  if (isTextField(entity, field) && typeof value === "string") {
    const current = root.get(key);
    if (current instanceof Y.Text) editText(current, value);
    else root.set(key, new Y.Text(value));
    return;
  }
  if (sameCell(readField(root, id, field), value)) return;
  root.set(key, value);
}

const sameCell = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** A new row: its short cells in one value (nulls left out), its long texts as Y.Texts. */
export function addRow(entity: string, root: Root, row: Row): void {
  const base: Record<string, SqlValue> = {};
  for (const field of fieldsOf(entity as Entity)) {
    const value = row[field] ?? null;
    if (value === null) continue;
    if (isTextField(entity, field) && typeof value === "string") root.set(cellKey(row.id, field), new Y.Text(value));
    else base[field] = value;
  }
  root.set(row.id, JSON.stringify(base));
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Replaces the text by deleting and inserting only the part that differs. */
export function editText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const shortest = Math.min(current.length, next.length);
  while (start < shortest && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  let endCurrent = current.length;
  let endNext = next.length;
  while (endCurrent > start && endNext > start && current.charCodeAt(endCurrent - 1) === next.charCodeAt(endNext - 1)) {
    endCurrent--;
    endNext--;
  }
  if (endCurrent < current.length && isHighSurrogate(current.charCodeAt(endCurrent - 1))) {
    endCurrent++;
    endNext++;
  }
  if (endCurrent > start) text.delete(start, endCurrent - start);
  if (endNext > start) text.insert(start, next.slice(start, endNext));
}

/** The table a changed shared type is, or the table, row and field of a changed text. */
export function locate(type: Y.AbstractType<any>, roots: Map<Y.AbstractType<any>, Entity>): { entity: Entity; id: string | null; field: string | null } | null {
  const rootEntity = roots.get(type);
  if (rootEntity) return { entity: rootEntity, id: null, field: null };
  const item = type._item;
  if (!item || typeof item.parentSub !== "string") return null;
  const entity = roots.get(item.parent as Y.AbstractType<any>);
  if (!entity || !(type instanceof Y.Text)) return null;
  const { id, field } = parseKey(item.parentSub);
  return field ? { entity, id, field } : null;
}

export { isEntity };
