/**
 * The shape of a plan's shared document, mirroring the tables: one Y.Map per
 * table (src/storage/entities.ts), keyed by row id; each row a Y.Map of its
 * fields. Parent and position are plain fields, so moving an action is one
 * field change and a concurrent edit of its text survives. Only long free text
 * is a Y.Text (merged character by character); short cells are single values,
 * so two laptops writing one amount at once is a conflict to show, not a
 * mixture. Deleting sets a tombstone and keeps the fields (an edit made
 * meanwhile is kept and shown as an edit-vs-delete conflict).
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
};

/** Row keys that are not table columns. */
export const DELETED = "_deleted";
/** The row's values as the person deleting it saw them: an edit they did not see is a conflict. */
export const SEEN = "_seen";
/** Who typed each local change set: key `${clientID}:${first clock}`. */
export const SETS = "_sets";
/** The document's identity: which plan, which base it grew from. */
export const META = "_meta";

export type RowMap = Y.Map<unknown>;

export function isTextField(entity: string, field: string): boolean {
  return (TEXT_FIELDS[entity as Entity] ?? []).includes(field);
}

export function fieldsOf(entity: Entity): readonly string[] {
  return ENTITY_COLUMNS[entity];
}

/** The entity tables this build knows, each a root map of the document. */
export function entityRoots(doc: Y.Doc): Map<Entity, Y.Map<RowMap>> {
  return new Map(ENTITIES.map((entity) => [entity, doc.getMap<RowMap>(entity)]));
}

/** A field's value as the tables hold it: a Y.Text reads as its string; anything else a table cannot hold is returned as is for validation to refuse. */
export function readField(row: RowMap, field: string): unknown {
  const value = row.get(field);
  if (value instanceof Y.Text) return value.toString();
  return value === undefined ? null : value;
}

export function readRow(entity: Entity, id: string, row: RowMap): Record<string, unknown> & { id: string } {
  const values: Record<string, unknown> & { id: string } = { id };
  for (const field of fieldsOf(entity)) values[field] = readField(row, field);
  return values;
}

export function isDeleted(row: RowMap): boolean {
  return row.get(DELETED) === true;
}

/** Makes a row map's field hold `value`; text is changed by the smallest edit, so a concurrent edit elsewhere in it survives. */
export function setField(entity: string, row: RowMap, field: string, value: SqlValue): void {
  const current = row.get(field);
  if (isTextField(entity, field) && typeof value === "string") {
    if (current instanceof Y.Text) {
      editText(current, value);
      return;
    }
    row.set(field, new Y.Text(value));
    return;
  }
  if (current === value || (current === undefined && value === null)) return;
  row.set(field, value);
}

/** Fields of a new row; a null field is left out (absent reads as null), which keeps the document small. */
export function newRowMap(entity: string, row: Row): RowMap {
  const map = new Y.Map<unknown>();
  for (const field of fieldsOf(entity as Entity)) {
    const value = row[field] ?? null;
    if (value === null) continue;
    map.set(field, isTextField(entity, field) && typeof value === "string" ? new Y.Text(value) : value);
  }
  return map;
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

/** The entity and row a changed shared type belongs to, or null for types that are not rows or fields. */
export function locate(type: Y.AbstractType<any>, roots: Map<Y.AbstractType<any>, Entity>): { entity: Entity; id: string | null; field: string | null } | null {
  const rootEntity = roots.get(type);
  if (rootEntity) return { entity: rootEntity, id: null, field: null };
  const item = type._item;
  if (!item || typeof item.parentSub !== "string") return null;
  const parent = item.parent as Y.AbstractType<any>;
  const entity = roots.get(parent);
  if (entity) return { entity, id: item.parentSub, field: null };
  const rowItem = parent._item;
  if (!rowItem || typeof rowItem.parentSub !== "string") return null;
  const grand = roots.get(rowItem.parent as Y.AbstractType<any>);
  if (grand && type instanceof Y.Text) return { entity: grand, id: rowItem.parentSub, field: item.parentSub };
  return null;
}

export { isEntity };
