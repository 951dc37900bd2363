/**
 * The tables whose rows users change, with their columns. The change log writes
 * and undoes rows through this list only, so a field name never reaches SQL
 * without being one of these.
 */
export const ENTITY_COLUMNS = {
  plan: [
    "country",
    "iso3",
    "title",
    "template_id",
    "language",
    "period_start",
    "period_end",
    "base_currency",
    "source",
    "source_columns",
    "notes",
    "overarching",
    "created_at",
    "reporting",
  ],
  column_def: ["key", "heading_es", "heading_en", "kind", "builtin", "position", "options", "open"],
  profile: ["title_es", "title_en", "position"],
  pillar: ["number", "title_es", "title_en", "crrf_pillar", "position"],
  need: ["pillar_id", "profile_id", "title", "description", "theme", "position"],
  action: ["need_id", "text", "schedule", "schedule_years", "status", "position", "status_date"],
  institution: ["label", "acronym", "name_es", "name_en", "kind", "focal_name", "focal_email", "focal_phone", "level", "merged_into"],
  action_institution: ["action_id", "institution_id", "is_lead", "position"],
  commitment: ["label", "canonical"],
  action_commitment: ["action_id", "commitment_id", "position"],
  acronym: ["acronym", "expansion", "position"],
  budget_line: [
    "action_id",
    "institution_id",
    "year",
    "amount_minor",
    "currency",
    "funding_source",
    "pei_ref",
    "poa_ref",
    "budget_code",
    "note",
  ],
  stocktaking: ["pillar_id", "profile", "theme", "activity", "supervisors", "commitments", "commitment_detail", "position"],
  gap: ["pillar_id", "text", "position"],
  consultation_round: ["number", "date", "participants", "objectives", "progress", "place", "attendance"],
  recommendation: ["text", "detail", "position"],
  progress_note: ["action_id", "period", "status", "note", "author", "recorded_at"],
  indicator: ["action_id", "need_id", "title_es", "title_en", "unit", "baseline_year", "baseline_value", "by_sex", "age_groups", "position"],
  indicator_value: ["indicator_id", "kind", "period", "sex", "age", "value", "note", "source"],
  custom_value: ["action_id", "column_id", "value"],
} as const;

export type Entity = keyof typeof ENTITY_COLUMNS;
export type EntityField<E extends Entity> = (typeof ENTITY_COLUMNS)[E][number];
export type SqlValue = string | number | null;
export type Row = { id: string } & Record<string, SqlValue>;

export const ENTITIES = Object.keys(ENTITY_COLUMNS) as Entity[];

export function isEntity(name: string): name is Entity {
  return Object.prototype.hasOwnProperty.call(ENTITY_COLUMNS, name);
}

export function isField(entity: Entity, field: string): boolean {
  return (ENTITY_COLUMNS[entity] as readonly string[]).includes(field);
}

/**
 * Tables the change log also writes that are no part of the plan's content: a
 * conflict's status. A resolution logs the status it closes in the same change set
 * as the value it takes, so undo reopens the conflict and redo resolves it again.
 * Only updates of these fields are logged (rows are added by imports and by live
 * sync, not by edits); live sync does not mirror them as rows, it shares a live
 * conflict's status on its own (src/sync/engine.ts).
 */
export const CONFLICT_COLUMNS = {
  merge_conflict: ["status", "resolution", "resolved_at"],
  sync_conflict: ["status", "resolution", "resolved_at"],
} as const;

export type ConflictTable = keyof typeof CONFLICT_COLUMNS;
/** Every table the change log names: the plan's content and the conflicts' status. */
export type LoggedTable = Entity | ConflictTable;

export function isConflictTable(name: string): name is ConflictTable {
  return Object.prototype.hasOwnProperty.call(CONFLICT_COLUMNS, name);
}

export function isLoggedTable(name: string): name is LoggedTable {
  return isEntity(name) || isConflictTable(name);
}

/** A field the change log may write in this table. */
export function isLoggedField(table: LoggedTable, field: string): boolean {
  return isConflictTable(table) ? (CONFLICT_COLUMNS[table] as readonly string[]).includes(field) : isField(table, field);
}
