/**
 * The financial part of a plan as the finance workbook sees it: the actions an
 * institution (or every institution) is responsible for, their structure cells,
 * and the budget lines keyed by id. The same projection is stored as the export
 * base and taken again from the plan at import time, so the three sides of the
 * merge are compared like for like.
 */
import type { Database as Db } from "better-sqlite3";
import type { CustomColumnKind } from "../domain/document";
import { statements } from "../storage/change-log";

export const LINE_FIELDS = ["amount", "currency", "funding_source", "pei", "poa", "budget_code", "note"] as const;
export type LineField = (typeof LINE_FIELDS)[number];

/** The budget_line column that stores each field. */
export const FIELD_COLUMN: Record<LineField, string> = {
  amount: "amount_minor",
  currency: "currency",
  funding_source: "funding_source",
  pei: "pei_ref",
  poa: "poa_ref",
  budget_code: "budget_code",
  note: "note",
};

/** Amounts in hundredths, so equal amounts compare equal. */
export interface LineFields {
  amount: number | null;
  currency: string;
  funding_source: string | null;
  pei: string | null;
  poa: string | null;
  budget_code: string | null;
  note: string | null;
}

export interface LineRecord {
  actionId: string;
  institutionId: string;
  year: number;
  fields: LineFields;
}

export interface ActionCells {
  pillar: string;
  need: string;
  action: string;
  institutions: string;
  schedule: string;
  /** The action's values in the plan's own columns, by column key (absent in exports made before such columns). */
  custom?: Record<string, string>;
}

/** A plan's own column as it was when the workbook was made: open ones come back from the institution. */
export interface SnapshotColumn {
  key: string;
  heading: { es: string; en: string };
  kind: CustomColumnKind;
  options: string[];
  open: boolean;
}

export interface FinanceSnapshot {
  format: 1;
  planId: string;
  institutionId: string | null;
  revision: number;
  years: number[];
  baseCurrency: string;
  language: "es" | "en";
  /** Labels of the institutions that have rows. */
  institutions: Record<string, string>;
  actions: Record<string, ActionCells>;
  /** (action, institution) in matrix order: one or more rows each. */
  pairs: Array<[string, string]>;
  lines: Record<string, LineRecord>;
  /** The plan's own columns, in order (absent in exports made before such columns). */
  columns?: SnapshotColumn[];
}

type R = Record<string, any>;

export function planIdentity(db: Db): { id: string; language: "es" | "en"; start: number; end: number; baseCurrency: string; title: string } {
  const plan = statements(db).get("SELECT id, language, period_start, period_end, base_currency, title FROM plan").get() as R;
  return { id: plan.id, language: plan.language, start: plan.period_start, end: plan.period_end, baseCurrency: plan.base_currency, title: plan.title };
}

export function planRevision(db: Db): number {
  return (statements(db).get("SELECT coalesce(max(id), 0) AS r FROM change_set").get() as R).r as number;
}

/** Finds an institution by label, acronym or name in either language (case and accents ignored). */
export function findInstitution(db: Db, wanted: string): { id: string; label: string } | undefined {
  const norm = (s: string | null) => (s ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim().toLowerCase();
  const target = norm(wanted);
  const rows = statements(db).get("SELECT id, label, acronym, name_es, name_en, merged_into FROM institution").all() as R[];
  const hit = rows.find((r) => r.id === wanted) ?? rows.find((r) => [r.label, r.acronym, r.name_es, r.name_en].some((v) => v && norm(v) === target));
  // A spelling merged into another entry names that entry.
  const entry = hit?.merged_into ? rows.find((r) => r.id === hit.merged_into) : hit;
  return entry ? { id: entry.id, label: entry.label } : undefined;
}

export function lineFieldsFromRow(row: R): LineFields {
  return {
    amount: row.amount_minor,
    currency: row.currency,
    funding_source: row.funding_source,
    pei: row.pei_ref,
    poa: row.poa_ref,
    budget_code: row.budget_code,
    note: row.note,
  };
}

/** Reads the projection for one institution, or for every institution when `institutionId` is null. */
export function takeSnapshot(db: Db, institutionId: string | null, language?: "es" | "en"): FinanceSnapshot {
  const plan = planIdentity(db);
  const lang = language ?? plan.language;
  const filter = institutionId ? "WHERE a.id IN (SELECT action_id FROM action_institution WHERE institution_id = ?)" : "";
  const params = institutionId ? [institutionId] : [];
  const actionRows = statements(db)
    .get(
      `SELECT a.id, a.text, a.schedule, n.title AS need, p.number, p.title_es, p.title_en
       FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id ${filter}
       ORDER BY p.position, n.position, a.position`,
    )
    .all(...params) as R[];
  const links = statements(db)
    .get(
      `SELECT l.action_id, l.institution_id, l.is_lead, i.label FROM action_institution l JOIN institution i ON i.id = l.institution_id
       ${institutionId ? "WHERE l.action_id IN (SELECT action_id FROM action_institution WHERE institution_id = ?)" : ""}
       ORDER BY l.action_id, l.position`,
    )
    .all(...params) as R[];
  const linksByAction = new Map<string, R[]>();
  for (const link of links) {
    const list = linksByAction.get(link.action_id) ?? [];
    list.push(link);
    linksByAction.set(link.action_id, list);
  }

  const snapshot: FinanceSnapshot = {
    format: 1,
    planId: plan.id,
    institutionId,
    revision: planRevision(db),
    years: [],
    baseCurrency: plan.baseCurrency,
    language: lang,
    institutions: {},
    actions: {},
    pairs: [],
    lines: {},
  };
  for (const a of actionRows) {
    const actionLinks = linksByAction.get(a.id) ?? [];
    snapshot.actions[a.id] = {
      pillar: `${a.number}. ${lang === "es" ? a.title_es : a.title_en}`,
      need: a.need,
      action: a.text,
      institutions: actionLinks.map((l) => l.label).join(", "),
      schedule: a.schedule ?? "",
    };
    for (const link of actionLinks) {
      if (institutionId && link.institution_id !== institutionId) continue;
      snapshot.pairs.push([a.id, link.institution_id]);
      snapshot.institutions[link.institution_id] = link.label;
    }
  }
  snapshot.columns = (statements(db).get("SELECT id, key, heading_es, heading_en, kind, options, open FROM column_def WHERE builtin = 0 ORDER BY position, rowid").all() as R[]).map((c) => ({
    key: c.key,
    heading: { es: c.heading_es, en: c.heading_en },
    kind: c.kind,
    options: JSON.parse(c.options),
    open: c.open === 1,
  }));
  if (snapshot.columns.length) {
    const values = statements(db).get("SELECT v.action_id, c.key, v.value FROM custom_value v JOIN column_def c ON c.id = v.column_id").all() as R[];
    for (const action of Object.values(snapshot.actions)) action.custom = {};
    for (const v of values) {
      const action = snapshot.actions[v.action_id];
      if (action) action.custom![v.key] = v.value;
    }
  }
  const lineRows = statements(db)
    .get(`SELECT * FROM budget_line ${institutionId ? "WHERE institution_id = ?" : ""} ORDER BY rowid`)
    .all(...params) as R[];
  const years = new Set<number>();
  for (let y = plan.start; y <= plan.end; y++) years.add(y);
  for (const row of lineRows) {
    if (!snapshot.actions[row.action_id]) continue;
    snapshot.lines[row.id] = { actionId: row.action_id, institutionId: row.institution_id, year: row.year, fields: lineFieldsFromRow(row) };
    years.add(row.year);
  }
  snapshot.years = [...years].sort((a, b) => a - b);
  return snapshot;
}

/**
 * The plan's budget lines as `takeSnapshot` would list them, without reading the
 * structure: for one institution, its lines on the actions it is still responsible
 * for; for every institution, all lines. The import's plan side needs only these.
 */
export function currentLines(db: Db, institutionId: string | null): Record<string, LineRecord> {
  const rows = (
    institutionId
      ? statements(db)
          .get(
            `SELECT b.* FROM budget_line b WHERE b.institution_id = ?
             AND EXISTS (SELECT 1 FROM action_institution l WHERE l.action_id = b.action_id AND l.institution_id = ?) ORDER BY b.rowid`,
          )
          .all(institutionId, institutionId)
      : statements(db).get("SELECT * FROM budget_line ORDER BY rowid").all()
  ) as R[];
  const lines: Record<string, LineRecord> = {};
  for (const row of rows) lines[row.id] = { actionId: row.action_id, institutionId: row.institution_id, year: row.year, fields: lineFieldsFromRow(row) };
  return lines;
}

export interface ExportRow {
  actionId: string;
  institutionId: string;
  lineIds: Map<number, string>;
  shared: Omit<LineFields, "amount">;
  amounts: Map<number, number | null>;
}

function sharedSignature(fields: LineFields): string {
  return JSON.stringify([fields.currency, fields.funding_source, fields.pei, fields.poa, fields.budget_code, fields.note]);
}

/**
 * Rows of the workbook: each (action, institution) gets one row per set of lines
 * sharing currency, source and references, with at most one line per year, so
 * every line sits in exactly one cell and nothing is lost on the way out.
 */
export function exportRows(snapshot: FinanceSnapshot): ExportRow[] {
  const idsByPair = new Map<string, string[]>();
  for (const [id, line] of Object.entries(snapshot.lines)) {
    const key = `${line.actionId}\u0000${line.institutionId}`;
    const list = idsByPair.get(key) ?? [];
    list.push(id);
    idsByPair.set(key, list);
  }
  const rows: ExportRow[] = [];
  for (const [actionId, institutionId] of snapshot.pairs) {
    const ids = idsByPair.get(`${actionId}\u0000${institutionId}`) ?? [];
    const pairRows: Array<ExportRow & { signature: string }> = [];
    for (const id of ids) {
      const line = snapshot.lines[id]!;
      const signature = sharedSignature(line.fields);
      let row = pairRows.find((r) => r.signature === signature && !r.lineIds.has(line.year));
      if (!row) {
        const { amount: _amount, ...shared } = line.fields;
        row = { actionId, institutionId, lineIds: new Map(), shared, amounts: new Map(), signature };
        pairRows.push(row);
      }
      row.lineIds.set(line.year, id);
      row.amounts.set(line.year, line.fields.amount);
    }
    if (pairRows.length === 0) {
      rows.push({
        actionId,
        institutionId,
        lineIds: new Map(),
        amounts: new Map(),
        shared: { currency: snapshot.baseCurrency, funding_source: null, pei: null, poa: null, budget_code: null, note: null },
      });
    }
    for (const { signature: _s, ...row } of pairRows) {
      row.lineIds = new Map([...row.lineIds].sort(([a], [b]) => a - b));
      rows.push(row);
    }
  }
  return rows;
}
