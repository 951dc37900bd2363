/**
 * The plan's directory of institutions: every entry with how many actions and
 * budget lines name it, renaming, editing its details, and merging spelling
 * variants into one entry. Each is one change set (one undo).
 *
 * A merge moves every action link and budget line of the variant to the entry it
 * joins, and records the mapping on the variant's own row (`merged_into`) instead of
 * deleting it: export records, imported files and conflicts keep naming the variant's
 * id, and every lookup follows the pointer. So history entries, workbooks exported
 * for the old spelling and the returns tracker all land on the surviving entry, and
 * undoing the merge takes the pointer away with everything else.
 */
import type { Database as Db } from "better-sqlite3";
import type { INSTITUTION_KINDS, INSTITUTION_LEVELS } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { inChangeSet, statements, type ChangeMeta } from "../storage/change-log";

export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];
export type InstitutionLevel = (typeof INSTITUTION_LEVELS)[number];

export interface InstitutionDetails {
  acronym: string | null;
  name_es: string | null;
  name_en: string | null;
  kind: InstitutionKind | null;
  focal_name: string | null;
  focal_email: string | null;
  focal_phone: string | null;
  level: InstitutionLevel | null;
}

export interface DirectoryEntry extends InstitutionDetails {
  id: string;
  label: string;
  /** Actions that name this institution, and of those, how many it leads. */
  actions: number;
  leads: number;
  budgetLines: number;
  /** Spellings merged into this entry. */
  merged: string[];
}

export const DETAIL_FIELDS = ["acronym", "name_es", "name_en", "kind", "focal_name", "focal_email", "focal_phone", "level"] as const;

type R = Record<string, any>;

const fold = (text: string | null | undefined) =>
  (text ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim().toLowerCase();

/** Every entry of the directory (merged spellings inside the entry that absorbed them), by label. */
export function listDirectory(db: Db): DirectoryEntry[] {
  const rows = statements(db)
    .get(
      `SELECT i.*,
         (SELECT count(DISTINCT l.action_id) FROM action_institution l WHERE l.institution_id = i.id) AS actions,
         (SELECT count(*) FROM action_institution l WHERE l.institution_id = i.id AND l.is_lead = 1) AS leads,
         (SELECT count(*) FROM budget_line b WHERE b.institution_id = i.id) AS lines
       FROM institution i WHERE i.merged_into IS NULL ORDER BY i.label COLLATE NOCASE`,
    )
    .all() as R[];
  const merged = new Map<string, string[]>();
  for (const m of statements(db).get("SELECT label, merged_into FROM institution WHERE merged_into IS NOT NULL ORDER BY label COLLATE NOCASE").all() as R[]) {
    merged.set(m.merged_into, [...(merged.get(m.merged_into) ?? []), m.label]);
  }
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    ...(Object.fromEntries(DETAIL_FIELDS.map((f) => [f, r[f] ?? null])) as unknown as InstitutionDetails),
    actions: r.actions,
    leads: r.leads,
    budgetLines: r.lines,
    merged: merged.get(r.id) ?? [],
  }));
}

/** The entry an id stands for now: itself, or the entry it was merged into. */
export function survivingId(db: Db, id: string): string {
  const row = statements(db).get("SELECT merged_into FROM institution WHERE id = ?").get(id) as R | undefined;
  return (row?.merged_into as string | null) ?? id;
}

/**
 * Finds a directory entry by id or name as a person types it: the exact label first,
 * then the label, acronym or a full name with case and accents ignored. A merged
 * spelling finds the entry it joined. Unknown or ambiguous names are refused.
 */
export function findEntry(db: Db, wanted: string): { id: string; label: string } {
  const rows = statements(db).get("SELECT id, label, acronym, name_es, name_en, merged_into FROM institution").all() as R[];
  const target = fold(wanted);
  const exact = rows.find((r) => r.id === wanted || r.label === wanted) ?? rows.filter((r) => fold(r.label) === target)[0];
  let hits = exact ? [exact] : rows.filter((r) => [r.acronym, r.name_es, r.name_en].some((v) => v && fold(v) === target));
  const resolve = (r: R) => (r.merged_into ? rows.find((x) => x.id === r.merged_into)! : r);
  hits = [...new Map(hits.map(resolve).map((r) => [r.id, r])).values()];
  if (hits.length === 0) throw new MatrizError("unknown_institution", { institution: wanted });
  if (hits.length > 1) throw new MatrizError("institution_ambiguous", { institution: wanted, matches: hits.map((h) => h.label).join(", ") });
  return { id: hits[0]!.id, label: hits[0]!.label };
}

function activeRow(db: Db, id: string): R {
  const row = statements(db).get("SELECT * FROM institution WHERE id = ?").get(id) as R | undefined;
  if (!row) throw new MatrizError("not_found", { entity: "institution", id });
  if (row.merged_into) throw new MatrizError("unknown_institution", { institution: row.label });
  return row;
}

/** Gives an entry a new name; every action, budget line and export shows it, since they refer to the entry by id. */
export function renameInstitution(db: Db, meta: Omit<ChangeMeta, "label">, id: string, newLabel: string): void {
  editInstitution(db, meta, id, { label: newLabel });
}

/** Sets the entry's acronym, full names, kind, focal point and level (the fields given). */
export function updateInstitution(db: Db, meta: Omit<ChangeMeta, "label">, id: string, details: Partial<InstitutionDetails>): void {
  editInstitution(db, meta, id, { details });
}

/**
 * A new name and details saved together (the directory's one Edit dialog): one
 * change set, so one undo takes both back, and a refused name changes nothing.
 */
export function editInstitution(db: Db, meta: Omit<ChangeMeta, "label">, id: string, change: { label?: string; details?: Partial<InstitutionDetails> }): void {
  const row = activeRow(db, id);
  const label = change.label?.trim();
  if (change.label !== undefined && !label) throw new MatrizError("institution_name_empty", {});
  const renaming = label !== undefined && row.label !== label;
  const holder = renaming ? (statements(db).get("SELECT id, label, merged_into FROM institution WHERE label = ? AND id <> ?").get(label, id) as R | undefined) : undefined;
  // Another entry's name (or a spelling merged into another entry) would make two entries one: that is a merge.
  if (holder && holder.merged_into !== id) {
    const other = holder.merged_into ? activeRow(db, holder.merged_into).label : holder.label;
    throw new MatrizError("institution_exists", { institution: label!, other });
  }
  const details = DETAIL_FIELDS.filter((field) => change.details && field in change.details);
  if (!renaming && details.length === 0) return;
  inChangeSet(db, { ...meta, label: details.length ? "institution details" : "rename institution" }, (w) => {
    if (renaming) {
      // Taking back a spelling merged into this very entry: the old row gives the name up.
      if (holder) w.update("institution", holder.id, "label", `${holder.label} [${holder.id}]`);
      w.update("institution", id, "label", label!);
    }
    for (const field of details) {
      const value = change.details![field];
      w.update("institution", id, field, typeof value === "string" && value.trim() === "" ? null : (value ?? null));
    }
  });
}

export interface MergeOutcome {
  from: string;
  into: string;
  links: number;
  budgetLines: number;
}

/**
 * Merges the entry `fromId` into `intoId`, in one change set. An action that names
 * both keeps one link (leading if either led); budget lines move to the survivor;
 * details the survivor lacks are taken from the variant; the variant's row stays,
 * pointing at the survivor, and so do spellings merged into the variant before.
 */
export function mergeInstitutions(db: Db, meta: Omit<ChangeMeta, "label">, fromId: string, intoId: string): MergeOutcome {
  const from = activeRow(db, fromId);
  if (fromId === intoId) throw new MatrizError("institution_into_itself", { institution: from.label });
  const into = activeRow(db, intoId);
  return inChangeSet(db, { ...meta, label: `merge institutions ${from.label} → ${into.label}` }, (w) => {
    const links = statements(db).get("SELECT * FROM action_institution WHERE institution_id = ?").all(fromId) as R[];
    for (const link of links) {
      const kept = statements(db).get("SELECT * FROM action_institution WHERE action_id = ? AND institution_id = ?").get(link.action_id, intoId) as R | undefined;
      if (kept) {
        if (link.is_lead && !kept.is_lead) w.update("action_institution", kept.id, "is_lead", 1);
        w.remove("action_institution", link.id);
      } else {
        // The link itself moves, so its history stays with the action.
        w.update("action_institution", link.id, "institution_id", intoId);
      }
    }
    const lines = statements(db).get("SELECT id FROM budget_line WHERE institution_id = ?").all(fromId) as R[];
    for (const line of lines) w.update("budget_line", line.id, "institution_id", intoId);
    for (const field of DETAIL_FIELDS) if (into[field] === null && from[field] !== null) w.update("institution", intoId, field, from[field]);
    for (const earlier of statements(db).get("SELECT id FROM institution WHERE merged_into = ?").all(fromId) as R[]) {
      w.update("institution", earlier.id, "merged_into", intoId);
    }
    w.update("institution", fromId, "merged_into", intoId);
    return { from: from.label as string, into: into.label as string, links: links.length, budgetLines: lines.length };
  });
}
