/**
 * Checks a row that arrived from another laptop before it reaches the tables:
 * each value against the contract's schemas (the same rules a typed edit
 * meets), and against the table itself (type, NOT NULL, foreign keys, unique
 * keys, read from SQLite so tables added later are checked too). A row that
 * fails is refused and reported; the rest of the update goes on.
 */
import type { Database as Db } from "better-sqlite3";
import { z } from "zod";
import {
  ACTION_STATUSES,
  FUNDING_SOURCES,
  INSTITUTION_KINDS,
  budgetLineSchema,
  consultationRoundSchema,
  currencyCode,
  pillarSchema,
} from "../domain/document";
import { MAX_AMOUNT } from "../domain/money";
import { ENTITY_COLUMNS, type Entity } from "../storage/entities";

const MAX_TEXT = 100_000;
const text = z.string().max(MAX_TEXT);
const required = z.string().trim().min(1, "must not be empty").max(MAX_TEXT);
const nullableText = text.nullable();
const position = z.number().finite();
const flag = z.union([z.literal(0), z.literal(1)]);
const jsonYears = z.string().refine((value) => {
  try {
    const years = JSON.parse(value) as unknown;
    return Array.isArray(years) && years.every((y) => Number.isInteger(y) && y >= 1900 && y <= 2200);
  } catch {
    return false;
  }
}, "yearsList");
const jsonList = z.string().refine((value) => {
  try {
    return Array.isArray(JSON.parse(value));
  } catch {
    return false;
  }
}, "jsonList");

/** The contract's rules per field (src/domain/document.ts, src/api/contract.ts); fields not listed meet the table's rules only. */
const FIELD_RULES: Partial<Record<Entity, Record<string, z.ZodType>>> = {
  plan: {
    title: text,
    language: z.enum(["es", "en"]),
    iso3: z.string().regex(/^[A-Z]{3}$/),
    base_currency: currencyCode,
    period_start: budgetLineSchema.shape.year,
    period_end: budgetLineSchema.shape.year,
    notes: jsonList,
  },
  pillar: { number: pillarSchema.shape.number, crrf_pillar: z.number().int().min(1).max(4), title_es: text, title_en: text, position },
  need: { title: required, description: nullableText, theme: nullableText, position },
  action: { text: required, schedule: nullableText, schedule_years: jsonYears, status: z.enum(ACTION_STATUSES), position },
  institution: { label: required, kind: z.enum(INSTITUTION_KINDS).nullable() },
  action_institution: { is_lead: flag, position },
  commitment: { label: required },
  action_commitment: { position },
  budget_line: {
    year: budgetLineSchema.shape.year,
    amount_minor: z.number().int().min(-MAX_AMOUNT * 100).max(MAX_AMOUNT * 100).nullable(),
    currency: currencyCode,
    funding_source: z.enum(FUNDING_SOURCES).nullable(),
    note: nullableText,
  },
  stocktaking: { activity: required, commitments: jsonList, position },
  gap: { text: required, position },
  consultation_round: { number: consultationRoundSchema.shape.number, date: consultationRoundSchema.shape.date },
  progress_note: { status: z.enum(ACTION_STATUSES), note: text },
  custom_value: { value: text },
};

interface Column {
  name: string;
  type: string;
  notNull: boolean;
}

export interface ForeignKey {
  from: string;
  table: string;
}

export interface TableRules {
  columns: Map<string, Column>;
  foreignKeys: ForeignKey[];
  /** Column sets that must be unique (besides the id). */
  unique: string[][];
}

const cache = new WeakMap<Db, Map<string, TableRules>>();

/** What SQLite itself says about a table: column types, NOT NULL, foreign keys, unique indexes. */
export function tableRules(db: Db, entity: string): TableRules {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  let rules = perDb.get(entity);
  if (rules) return rules;
  const columns = new Map(
    (db.pragma(`table_info(${entity})`) as Array<{ name: string; type: string; notnull: number }>).map((c) => [c.name, { name: c.name, type: c.type.toUpperCase(), notNull: c.notnull === 1 }]),
  );
  const foreignKeys = (db.pragma(`foreign_key_list(${entity})`) as Array<{ from: string; table: string; to: string | null }>).map((f) => ({ from: f.from, table: f.table }));
  const unique = (db.pragma(`index_list(${entity})`) as Array<{ name: string; unique: number; origin: string }>)
    .filter((index) => index.unique === 1 && index.origin !== "pk")
    .map((index) => (db.pragma(`index_info(${index.name})`) as Array<{ name: string }>).map((c) => c.name));
  rules = { columns, foreignKeys, unique };
  perDb.set(entity, rules);
  return rules;
}

/** Tables whose rows point at `entity` (children), from SQLite's foreign keys. */
export function childTables(db: Db, entity: string, entities: readonly string[]): Array<{ table: string; from: string }> {
  return entities.flatMap((table) => tableRules(db, table).foreignKeys.filter((f) => f.table === entity).map((f) => ({ table, from: f.from })));
}

/**
 * What is wrong with one value, as data: the receiving laptop says it in its own
 * language (src/sync/words.ts); `detail` is the same in English for logs.
 */
export interface ValueProblem {
  field: string;
  problem: "id" | "cell" | "empty" | "text" | "integer" | "number" | "too_long" | "one_of" | "min" | "max" | "format" | "years" | "list" | "invalid";
  values?: string;
  minimum?: number;
  maximum?: number;
  detail: string;
}

/** A broken rule of the contract's schemas as a ValueProblem. */
function problemOf(field: string, issue: z.core.$ZodIssue | undefined, value: unknown): ValueProblem {
  const detail = `${field}: ${issue?.message ?? "not allowed"} (${JSON.stringify(value)?.slice(0, 80)})`;
  if (!issue) return { field, problem: "invalid", detail };
  switch (issue.code) {
    case "invalid_value":
      return { field, problem: "one_of", values: issue.values.map(String).join(", "), detail };
    case "too_small":
      return issue.origin === "string" || issue.origin === "array" ? { field, problem: "empty", detail } : { field, problem: "min", minimum: Number(issue.minimum), detail };
    case "too_big":
      return issue.origin === "string" ? { field, problem: "too_long", maximum: Number(issue.maximum), detail } : { field, problem: "max", maximum: Number(issue.maximum), detail };
    case "invalid_type":
      return { field, problem: issue.expected === "int" ? "integer" : issue.expected === "number" ? "number" : issue.expected === "string" ? "text" : "invalid", detail };
    case "invalid_format":
      return { field, problem: "format", detail };
    case "custom":
      return { field, problem: issue.message === "yearsList" ? "years" : issue.message === "jsonList" ? "list" : "invalid", detail };
    default:
      return { field, problem: "invalid", detail };
  }
}

/** Why a row cannot be stored as it is, or null when it can. */
export function invalidValue(db: Db, entity: Entity, row: Record<string, unknown>): ValueProblem | null {
  const rules = tableRules(db, entity);
  if (typeof row.id !== "string" || row.id.length === 0 || row.id.length > 200) return { field: "id", problem: "id", detail: "id: must be a short text" };
  for (const field of ENTITY_COLUMNS[entity]) {
    const value = row[field] ?? null;
    const column = rules.columns.get(field);
    if (value !== null && typeof value !== "string" && typeof value !== "number") return { field, problem: "cell", detail: `${field}: a table cell holds text or a number` };
    if (column) {
      if (value === null && column.notNull) return { field, problem: "empty", detail: `${field}: must not be empty` };
      if (value !== null) {
        if (column.type === "TEXT" && typeof value !== "string") return { field, problem: "text", detail: `${field}: must be text` };
        if (column.type === "INTEGER" && !Number.isSafeInteger(value)) return { field, problem: "integer", detail: `${field}: must be a whole number` };
        if (column.type === "REAL" && !(typeof value === "number" && Number.isFinite(value))) return { field, problem: "number", detail: `${field}: must be a number` };
        if (typeof value === "string" && value.length > MAX_TEXT) return { field, problem: "too_long", maximum: MAX_TEXT, detail: `${field}: longer than ${MAX_TEXT} characters` };
      }
    }
    const rule = FIELD_RULES[entity]?.[field];
    // A null in a nullable column is the table's business; the rule is for present values.
    if (rule && !(value === null && column && !column.notNull)) {
      const parsed = rule.safeParse(value);
      if (!parsed.success) return problemOf(field, parsed.error.issues[0], value);
    }
  }
  return null;
}
