/**
 * Importing returned files: read and check the file, find the export it came
 * from, merge three ways against the plan as it is now, and either show the
 * preview or apply it in one transaction. The file itself is kept in the plan
 * and every value it brought is logged with it as the source.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import type { Database as Db } from "better-sqlite3";
import { MatrizError, isMatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import { countryNumberStyle, type NumberLocale } from "../domain/numbers";
import type { Language } from "../i18n";
import { inChangeSet, nowIso, statements, type ChangeWriter } from "../storage/change-log";
import { ACTIONS_SHEET_NAMES, MANIFEST_VERSION, type Manifest } from "./layout";
import { countMerge, mergeLines, type MergeConflict, type MergeCounts, type MergeOp, type MergeResult } from "./merge";
import { currentInstitutionId, followMergedInstitutions } from "./merged-institutions";
import { importIfMonitoring } from "../monitoring/finance-bridge";
import type { MonitoringChange } from "../monitoring/workbook-import";
import { readFileChecked, readSpreadsheet, type ReadNotice, type ReadWorkbook } from "./read";
import { checkCells, locateSheet, parseReturned, type CustomReturn, type ReturnedFile, type SheetLayout } from "./returned";
import { FIELD_COLUMN, currentLines, findInstitution, planIdentity, type FinanceSnapshot, type LineField, type LineFields, type LineRecord } from "./snapshot";

export interface ImportOptions {
  author: string;
  language?: Language;
  /**
   * Decides "1.250" when neither the text nor the file's other amounts can: es reads a
   * thousand, en one and a quarter. By default the plan's country's way (Guatemala: en).
   */
  numberLocale?: NumberLocale;
  /** The institution the file must be for; required when the file lost its manifest. */
  institution?: string | null;
  /** Consultation round number the imported values belong to. */
  round?: number | null;
  /** Rows matched by their text (hidden ids lost) are applied only once confirmed. */
  confirmMatches?: boolean;
  at?: string;
}

export interface FilePreview {
  file: string;
  sha256: string;
  alreadyImported: boolean;
  exportId: string | null;
  institution: string | null;
  sheet: string;
  rowsRead: number;
  counts: MergeCounts;
  ops: MergeOp[];
  /** Budget-line conflicts, then values of the plan's own columns changed on both sides. */
  conflicts: Array<MergeConflict | ColumnConflict>;
  outside: ReturnedFile["outside"];
  proposed: ReturnedFile["proposed"];
  matches: ReturnedFile["matches"];
  errors: ReturnedFile["errors"];
  /** What the user should know though the file was read (its text encoding was guessed). */
  notices: ReadNotice[];
  /** Values changed in the open columns of the plan's own; a "conflict" (the plan changed it too) is stored with the others, to resolve. */
  columns: CustomOutcome[];
  /** A monitoring workbook's changes, already said (it has no budget operations). */
  monitoring?: MonitoringChange[];
}

export interface CustomOutcome extends CustomReturn {
  plan: string;
  status: "apply" | "conflict";
  /** Why it is a conflict: the plan changed the value too, or its action or column is gone. */
  kind?: "both_changed" | "edit_vs_delete";
}

/**
 * A value of the plan's own column changed both in the plan and in the file (or whose
 * action or column the plan has removed): stored as a conflict like a budget one,
 * resolved by side later. It is about no year.
 */
export interface ColumnConflict {
  /** col:<column key>:<action id> */
  key: string;
  /** custom:<column key> */
  field: string;
  kind: "both_changed" | "edit_vs_delete";
  actionId: string;
  institutionId: string;
  year: null;
  base: string;
  /** null: the action or the column is no longer in the plan. */
  plan: string | null;
  returned: string;
}

export const COLUMN_CONFLICT = /^col:([a-z][a-z0-9_]*):(.+)$/;

function columnConflicts(outcomes: readonly CustomOutcome[]): ColumnConflict[] {
  return outcomes
    .filter((o) => o.status === "conflict")
    .map((o) => ({
      key: `col:${o.key}:${o.actionId}`,
      field: `custom:${o.key}`,
      kind: o.kind ?? "both_changed",
      actionId: o.actionId,
      institutionId: o.institutionId,
      year: null,
      base: o.base,
      plan: o.kind === "edit_vs_delete" ? null : o.plan,
      returned: o.value,
    }));
}

export interface ImportOutcome {
  status: "applied" | "conflicts" | "already_imported" | "preview";
  importedFileId: string | null;
  changeSetId: number | null;
  conflictIds: string[];
  preview: FilePreview;
}

/** A file read and checked, not yet merged: reading is the slow part and needs no transaction. */
interface ReadReturn {
  file: string;
  bytes: Buffer;
  sha256: string;
  exportId: string;
  base: FinanceSnapshot;
  returned: ReturnedFile;
  notices: ReadNotice[];
}

type R = Record<string, any>;

/** An export's id and institution; its snapshot (about 1 KB per row) is read only where the base is needed. */
function exportRecord(db: Db, id: string): R | undefined {
  return statements(db).get("SELECT id, institution_id FROM export_record WHERE id = ?").get(id) as R | undefined;
}

function exportBase(db: Db, id: string): FinanceSnapshot {
  return JSON.parse((statements(db).get("SELECT snapshot FROM export_record WHERE id = ?").get(id) as R).snapshot as string) as FinanceSnapshot;
}

/**
 * Which export a file answers, refusing files from another plan or institution. Any
 * export ever made from the plan is merged against its own base, however many were
 * made after it: ministries fill whatever they received, and later changes to the plan
 * show as conflicts as usual.
 */
function baseFor(db: Db, manifest: Manifest | null, file: string, options: ImportOptions): { exportId: string; base: FinanceSnapshot } {
  const plan = planIdentity(db);
  const expected = options.institution ? findInstitution(db, options.institution) : undefined;
  if (options.institution && !expected) throw new MatrizError("unknown_institution", { institution: options.institution });
  const label = (id: string | null) =>
    id ? ((statements(db).get("SELECT label FROM institution WHERE id = ?").get(id) as R | undefined)?.label ?? id) : "—";
  let record: R | undefined;
  if (manifest) {
    if (manifest.plan !== plan.id) throw new MatrizError("spreadsheet_other_plan", { file, found: manifest.plan, expected: plan.id });
    record = exportRecord(db, manifest.export);
    if (!record) throw new MatrizError("spreadsheet_unknown_export", { file, export: manifest.export });
    if (manifest.version !== MANIFEST_VERSION) throw new MatrizError("spreadsheet_stale_export", { file, found: `v${manifest.version}`, expected: `v${MANIFEST_VERSION}` });
    if (record.institution_id !== manifest.institution) {
      throw new MatrizError("spreadsheet_other_institution", { file, found: label(manifest.institution), expected: label(record.institution_id) });
    }
  } else {
    if (!expected) throw new MatrizError("spreadsheet_no_manifest", { file });
    record = statements(db)
      // A file that lost its manifest answers the institution's latest finance workbook, never a monitoring one.
      .get("SELECT id, institution_id FROM export_record WHERE institution_id = ? AND json_extract(snapshot, '$.kind') IS NOT 'monitoring' ORDER BY created_at DESC, rowid DESC LIMIT 1")
      .get(expected.id) as R | undefined;
    if (!record) throw new MatrizError("spreadsheet_unknown_export", { file, export: expected.label });
  }
  if (expected && currentInstitutionId(db, record.institution_id) !== expected.id) {
    throw new MatrizError("spreadsheet_other_institution", { file, found: label(record.institution_id), expected: expected.label });
  }
  return { exportId: record.id, base: exportBase(db, record.id) };
}

/** Reads a returned file from disk once (a regular file under the size cap) and checks it. */
export function readReturn(db: Db, filePath: string, options: ImportOptions): ReadReturn {
  const file = path.basename(filePath);
  return readReturnedBytes(db, file, readFileChecked(filePath, file), options);
}

/** Checks and reads a returned file's bytes; the hash kept is of these very bytes. */
export function readReturnedBytes(db: Db, file: string, bytes: Buffer, options: ImportOptions, alreadyRead?: ReadWorkbook, sha256 = sha256Of(bytes)): ReadReturn {
  const lang = options.language ?? planIdentity(db).language;
  // The actions sheet alone, when the file has it by its name; every sheet when that is not the one.
  let book = alreadyRead ?? readSpreadsheet(bytes, file, { sheets: ACTIONS_SHEET_NAMES });
  let layout: SheetLayout;
  try {
    layout = locateSheet(book, file);
  } catch (error) {
    if (!book.partial || !isMatrizError(error) || error.code !== "spreadsheet_wrong_sheet") throw error;
    book = readSpreadsheet(bytes, file);
    layout = locateSheet(book, file);
  }
  checkCells(layout, file, lang);
  const { exportId, base } = baseFor(db, layout.manifest, file, options);
  const fixed = options.institution ? (findInstitution(db, options.institution)?.id ?? null) : null;
  const iso3 = (statements(db).get("SELECT iso3 FROM plan").get() as R | undefined)?.iso3 as string | undefined;
  const returned = parseReturned(layout, base, {
    file,
    language: lang,
    numberLocale: options.numberLocale ?? countryNumberStyle(iso3),
    institutionId: fixed,
  });
  followMergedInstitutions(db, base, returned);
  return { file, bytes, sha256, exportId, base, returned, notices: book.notices };
}

function sha256Of(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The plan's lines now, keyed like the base: by id, and lines added since the export by action, institution and year. */
function planSide(db: Db, base: FinanceSnapshot): { lines: Map<string, LineRecord>; lineIds: Map<string, string> } {
  const lines = new Map<string, LineRecord>();
  const lineIds = new Map<string, string>();
  for (const [id, line] of Object.entries(currentLines(db, base.institutionId))) {
    if (!base.actions[line.actionId]) continue;
    let key = id;
    if (!base.lines[id]) {
      key = `new:${line.actionId}:${line.institutionId}:${line.year}`;
      for (let n = 2; lines.has(key); n++) key = `new:${line.actionId}:${line.institutionId}:${line.year}#${n}`;
    }
    lines.set(key, line);
    lineIds.set(key, id);
  }
  return { lines, lineIds };
}

function baseSide(base: FinanceSnapshot): Map<string, LineRecord> {
  return new Map(Object.entries(base.lines));
}

function alreadyImported(db: Db, sha256: string): R | undefined {
  return statements(db).get("SELECT id FROM imported_file WHERE sha256 = ?").get(sha256) as R | undefined;
}

/**
 * The open columns of the plan's own against the plan now: a value still as
 * exported takes the returned one; one the plan changed too, or whose action or
 * column is gone, keeps the plan's value and becomes a conflict to resolve.
 */
function customOutcomes(db: Db, returned: readonly CustomReturn[]): CustomOutcome[] {
  const current = statements(db).get("SELECT v.value FROM custom_value v JOIN column_def c ON c.id = v.column_id WHERE v.action_id = ? AND c.key = ?");
  const exists = statements(db).get("SELECT (SELECT count(*) FROM action WHERE id = ?) AS action, (SELECT count(*) FROM column_def WHERE key = ? AND builtin = 0) AS col");
  return returned.flatMap((change): CustomOutcome[] => {
    const plan = ((current.get(change.actionId, change.key) as R | undefined)?.value as string | undefined) ?? "";
    if (plan === change.value) return [];
    const there = exists.get(change.actionId, change.key) as R;
    if (!there.action || !there.col) return [{ ...change, plan, status: "conflict", kind: "edit_vs_delete" }];
    return [plan === change.base ? { ...change, plan, status: "apply" } : { ...change, plan, status: "conflict", kind: "both_changed" }];
  });
}

function writeCustom(w: ChangeWriter, db: Db, outcomes: readonly CustomOutcome[]): void {
  for (const o of outcomes) {
    if (o.status !== "apply") continue;
    const column = statements(db).get("SELECT id FROM column_def WHERE key = ? AND builtin = 0").get(o.key) as R;
    const row = statements(db).get("SELECT id FROM custom_value WHERE action_id = ? AND column_id = ?").get(o.actionId, column.id) as R | undefined;
    if (row && o.value === "") w.remove("custom_value", row.id);
    else if (row) w.update("custom_value", row.id, "value", o.value);
    else w.insert("custom_value", { id: newId(), action_id: o.actionId, column_id: column.id, value: o.value });
  }
}

function previewOf(db: Db, read: ReadReturn, merged: MergeResult, columns = customOutcomes(db, read.returned.custom)): FilePreview {
  const record = exportRecord(db, read.exportId)!;
  const counted = countMerge(merged);
  const columnConflictList = columnConflicts(columns);
  return {
    columns,
    file: read.file,
    sha256: read.sha256,
    alreadyImported: false,
    exportId: read.exportId,
    institution: record.institution_id ? (read.base.institutions[record.institution_id] ?? record.institution_id) : null,
    sheet: read.returned.sheet,
    rowsRead: read.returned.rowsRead,
    counts: { ...counted, conflicts: counted.conflicts + columnConflictList.length },
    ops: merged.ops,
    conflicts: [...merged.conflicts, ...columnConflictList],
    outside: read.returned.outside,
    proposed: read.returned.proposed,
    matches: read.returned.matches,
    errors: read.returned.errors,
    notices: read.notices,
  };
}

function emptyPreview(file: string, sha256: string): FilePreview {
  return {
    file,
    sha256,
    alreadyImported: true,
    columns: [],
    exportId: null,
    institution: null,
    sheet: "",
    rowsRead: 0,
    counts: { added: 0, changed: 0, removed: 0, conflicts: 0 },
    ops: [],
    conflicts: [],
    outside: [],
    proposed: [],
    matches: [],
    errors: [],
    notices: [],
  };
}

export function lineRow(id: string, record: LineRecord): R & { id: string } {
  const f = record.fields;
  return {
    id,
    action_id: record.actionId,
    institution_id: record.institutionId,
    year: record.year,
    amount_minor: f.amount,
    currency: f.currency,
    funding_source: f.funding_source,
    pei_ref: f.pei,
    poa_ref: f.poa,
    budget_code: f.budget_code,
    note: f.note,
  };
}

export function conflictId(importedFileId: string, key: string, field: string | null): string {
  return `c${createHash("sha256").update(`${importedFileId}|${key}|${field ?? ""}`).digest("hex").slice(0, 10)}`;
}

function isResponsible(db: Db, actionId: string, institutionId: string): boolean {
  return Boolean(statements(db).get("SELECT 1 FROM action_institution WHERE action_id = ? AND institution_id = ?").get(actionId, institutionId));
}

/** Inserting into an action the plan deleted (or an institution no longer responsible) becomes a conflict, not an error. */
function guardInserts(db: Db, merged: MergeResult): MergeResult {
  const ops: MergeOp[] = [];
  const conflicts = [...merged.conflicts];
  for (const op of merged.ops) {
    if (op.op === "insert" && !isResponsible(db, op.record.actionId, op.record.institutionId)) {
      const r = op.record;
      conflicts.push({ key: op.key, field: null, kind: "edit_vs_delete", actionId: r.actionId, institutionId: r.institutionId, year: r.year, base: null, plan: null, returned: r.fields });
    } else ops.push(op);
  }
  return { ops, conflicts };
}

function writeOps(w: ChangeWriter, ops: readonly MergeOp[], lineIds: Map<string, string>, lines: Map<string, LineRecord>) {
  for (const op of ops) {
    if (op.op === "insert") {
      w.insert("budget_line", lineRow(newId(), op.record));
    } else if (op.op === "delete") {
      w.remove("budget_line", lineIds.get(op.key)!);
    } else {
      const columns = Object.entries(op.fields).map(([field, value]) => [FIELD_COLUMN[field as LineField], value as string | number | null]);
      const id = lineIds.get(op.key)!;
      // The line as the merge read it, in this transaction: not read again.
      w.updateFields("budget_line", id, Object.fromEntries(columns), lineRow(id, lines.get(op.key)!));
    }
  }
}

function roundId(db: Db, round: number | null | undefined): string | null {
  if (round === null || round === undefined) return null;
  const found = statements(db).get("SELECT id FROM consultation_round WHERE number = ?").get(round) as R | undefined;
  if (!found) throw new MatrizError("not_found", { entity: "consultation_round", id: String(round) });
  return found.id;
}

/** Reads, merges and (unless dryRun) applies one file, all or nothing. */
export function importReturnedFile(db: Db, filePath: string, options: ImportOptions & { dryRun?: boolean }): ImportOutcome {
  // Read once: what is hashed, kept in the plan and parsed are the same bytes.
  const file = path.basename(filePath);
  const bytes = readFileChecked(filePath, file);
  const sha = sha256Of(bytes);
  const seen = alreadyImported(db, sha);
  if (seen) {
    return { status: "already_imported", importedFileId: seen.id, changeSetId: null, conflictIds: [], preview: emptyPreview(file, sha) };
  }
  // A monitoring workbook goes through its own merge under the same rules; any other file is read once, here.
  const bridged = importIfMonitoring(db, file, bytes, sha, options);
  if (bridged.kind === "monitoring") return bridged.outcome as unknown as ImportOutcome;
  const read = readReturnedBytes(db, file, bytes, options, bridged.book, sha);
  const mergeNow = () => {
    const plan = planSide(db, read.base);
    return { plan, merged: guardInserts(db, mergeLines(baseSide(read.base), plan.lines, read.returned.values)) };
  };
  if (options.dryRun) {
    return { status: "preview", importedFileId: null, changeSetId: null, conflictIds: [], preview: previewOf(db, read, mergeNow().merged) };
  }
  const errors = read.returned.errors;
  if (errors.length) {
    const first = errors[0]!;
    throw new MatrizError("spreadsheet_bad_rows", { file: read.file, count: errors.length, sheet: first.sheet, row: first.row, column: first.column, found: first.found, expected: first.expected });
  }
  if (read.returned.matches.length && !options.confirmMatches) {
    throw new MatrizError("spreadsheet_unconfirmed_matches", { file: read.file, count: read.returned.matches.length });
  }
  const importedFileId = newId();
  const at = options.at ?? nowIso();
  const record = exportRecord(db, read.exportId)!;
  // The merge runs inside the transaction, so the plan cannot change between merging and writing.
  return db.transaction(() => {
    const { plan, merged } = mergeNow();
    const columns = customOutcomes(db, read.returned.custom);
    const conflictIds: string[] = [];
    const changeSetId = inChangeSet(
      db,
      { author: options.author, source: "imported", sourceFile: importedFileId, roundId: roundId(db, options.round), label: `import ${read.file}`, at },
      (w) => {
        statements(db)
          .get("INSERT INTO imported_file (id, file_name, sha256, content, institution_id, export_id, imported_at, round_id, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .run(importedFileId, read.file, read.sha256, read.bytes, record.institution_id, read.exportId, at, roundId(db, options.round), options.author);
        writeOps(w, merged.ops, plan.lineIds, plan.lines);
        writeCustom(w, db, columns);
        for (const c of [...merged.conflicts, ...columnConflicts(columns)]) {
          const id = conflictId(importedFileId, c.key, c.field);
          conflictIds.push(id);
          statements(db)
            .get(
              `INSERT INTO merge_conflict (id, imported_file_id, export_id, line_key, plan_line_id, action_id, institution_id, year, field, kind, base_value, plan_value, returned_value, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            // A plan column's conflict is about no year: stored as 0 (the column is NOT NULL), read back as none.
            .run(id, importedFileId, read.exportId, c.key, plan.lineIds.get(c.key) ?? null, c.actionId, c.institutionId, c.year ?? 0, c.field, c.kind, JSON.stringify(c.base), JSON.stringify(c.plan), JSON.stringify(c.returned), at);
        }
        return w.changes ? w.changeSetId : null;
      },
    );
    const preview = previewOf(db, read, merged, columns);
    return { status: preview.conflicts.length ? "conflicts" : "applied", importedFileId, changeSetId, conflictIds, preview } satisfies ImportOutcome;
  })();
}

export type { LineFields };

/** About how long one commit's worth of files takes: the core answers other calls, and a cancel, between two groups. */
export const IMPORT_GROUP_MS = 100;

export type GroupOutcome<F> = { file: F; outcome: ImportOutcome; error: null } | { file: F; outcome: null; error: unknown };

/**
 * Imports files in order inside one transaction while `more()` (asked after each
 * file) says so. Each file is still all or nothing, with a savepoint and a change
 * set of its own: a refused file leaves nothing and the others apply. The group
 * shares one commit, which writes a page the files have in common (their lines
 * sit side by side in the plan) once for the group, not once per file. If the
 * commit itself fails (a full disk), no file of the group was applied.
 */
export function importReturnedGroup<F extends { path: string; options: ImportOptions & { dryRun?: boolean } }>(
  db: Db,
  files: readonly F[],
  more: () => boolean,
  starting: (index: number) => void = () => {},
): Array<GroupOutcome<F>> {
  const outcomes: Array<GroupOutcome<F>> = [];
  try {
    db.transaction(() => {
      for (const [index, file] of files.entries()) {
        starting(index);
        try {
          outcomes.push({ file, outcome: importReturnedFile(db, file.path, file.options), error: null });
        } catch (error) {
          outcomes.push({ file, outcome: null, error });
          // SQLite rolled the whole group back (a full disk, an I/O error): stop, or the next file would commit on its own.
          if (!db.inTransaction) throw error;
        }
        if (!more()) break;
      }
    })();
  } catch (error) {
    return outcomes.map(({ file }) => ({ file, outcome: null, error }));
  }
  return outcomes;
}

/** Imports every file, a group per IMPORT_GROUP_MS as the app does (the command line, the benchmark). */
export function importReturnedFiles<F extends { path: string; options: ImportOptions & { dryRun?: boolean } }>(db: Db, files: readonly F[]): Array<GroupOutcome<F>> {
  const outcomes: Array<GroupOutcome<F>> = [];
  while (outcomes.length < files.length) {
    const started = performance.now();
    outcomes.push(...importReturnedGroup(db, files.slice(outcomes.length), () => performance.now() - started < IMPORT_GROUP_MS));
  }
  return outcomes;
}
