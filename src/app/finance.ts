/**
 * The contract's finance round-trip methods, served on the open plan: whom to
 * export for, exporting a workbook, previewing and applying returned files, and
 * the conflicts they left. The work is the spreadsheet core's (src/spreadsheet);
 * this only shapes its answers for the UI and tells the UI when the plan changed.
 */
import path from "node:path";
import type { Database as Db } from "better-sqlite3";
import type { z } from "zod";
import type { contract, FinanceApplyResult, FinanceChange, FinanceFilePreview, FinanceValue, GrantedFile, Method, Output } from "../api/contract";
import { toApiError } from "../api/dispatch";
import type { FUNDING_SOURCES } from "../domain/document";
import { MatrizError, isMatrizError } from "../domain/errors";
import { fromMinor } from "../domain/money";
import { translate, type Language, type MessageKey } from "../i18n";
import { statements } from "../storage/change-log";
import type { PlanStore } from "../storage/plan-store";
import { IMPORT_GROUP_MS, importReturnedFile, importReturnedGroup, type FilePreview, type ImportOptions } from "../spreadsheet/apply";
import { listConflicts, resolveAll, resolveConflicts, type StoredConflict } from "../spreadsheet/conflicts";
import { exportFinanceWorkbook } from "../spreadsheet/export";
import { LINE_FIELDS, lineFieldsFromRow, type LineFields } from "../spreadsheet/snapshot";
import { normaliseText } from "../spreadsheet/wording";
import { currentRound } from "./editing";
import type { FileGrants } from "./file-grants";
import { checkpoint, eachSlice, eachStep, isCancelled, type TaskRun, type Tasks } from "./tasks";

/** The part of the workspace's Dialogs port this uses (declared here: workspace.ts imports this file). */
export interface FinanceDialogs {
  pickExportPath?(suggestedName: string, extension: string): Promise<string | null>;
  pickSpreadsheetsToImport?(): Promise<string[]>;
}

type In<M extends Method> = z.output<(typeof contract)[M]["input"]>;
type FinanceFileInput = In<"finance.preview">["files"][number];
type FinanceMethod = Extract<Method, `finance.${string}` | "dialog.exportFinance" | "dialog.pickReturnedFiles">;
export type FinanceHandlers = { [M in FinanceMethod]: (input: In<M>) => Promise<Output<M>> | Output<M> };

export interface FinanceContext {
  plan(): PlanStore;
  /** Whether this store is still the open plan (a long import stops when the user closed it meanwhile). */
  isOpen(store: PlanStore): boolean;
  author(): string;
  language(): Language;
  /** The shell's file dialogs: where to save an export, which returned files to import. */
  dialogs(): FinanceDialogs | undefined;
  /** The plan changed under the UI (an import or a resolution): it must fetch the document again. */
  planChanged(): void;
  /** The files the page may name: returned workbooks it may preview and import are granted here. */
  grants: FileGrants;
  /** Long imports report progress and stop between files when cancelled. */
  tasks: Tasks;
  /** A workbook was written where the user chose in the save dialog: its handle lets the page show it in its folder. */
  exported(file: string): GrantedFile;
}

type R = Record<string, any>;

/** Amounts are kept in hundredths; the UI shows currency units. */
function scalar(field: string | null, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (field === "amount" && typeof value === "number") return fromMinor(value);
  return typeof value === "number" ? value : String(value);
}

function present(field: string | null, value: unknown): FinanceValue {
  if (field !== null || value === null || value === undefined || typeof value !== "object") return scalar(field, value);
  const fields = value as Partial<LineFields>;
  return Object.fromEntries(LINE_FIELDS.map((f) => [f, scalar(f, fields[f])]));
}

function labels(db: Db) {
  const actions = new Map<string, string>();
  const institutions = new Map<string, string>();
  return {
    action(id: string): string {
      if (!actions.has(id)) actions.set(id, (statements(db).get("SELECT text FROM action WHERE id = ?").get(id) as R | undefined)?.text ?? id);
      return actions.get(id)!;
    },
    institution(id: string): string {
      if (!institutions.has(id)) institutions.set(id, (statements(db).get("SELECT label FROM institution WHERE id = ?").get(id) as R | undefined)?.label ?? id);
      return institutions.get(id)!;
    },
  };
}

/** The merge's operations as lines a person can read: which action, whose, which year, what becomes what. */
function describeChanges(db: Db, preview: FilePreview): FinanceChange[] {
  // A monitoring workbook's changes come already said (status, notes, values reached).
  if (preview.monitoring) return preview.monitoring;
  const names = labels(db);
  const planLine = (key: string) => statements(db).get("SELECT * FROM budget_line WHERE id = ?").get(key) as R | undefined;
  const changes: FinanceChange[] = [];
  for (const op of preview.ops) {
    if (op.op === "insert") {
      const r = op.record;
      const fields = Object.fromEntries(LINE_FIELDS.map((f) => [f, [null, scalar(f, r.fields[f])] as [null, string | number | null]]));
      changes.push({ op: "added", actionId: r.actionId, action: names.action(r.actionId), institution: names.institution(r.institutionId), year: r.year, fields });
      continue;
    }
    const row = planLine(op.key);
    if (!row) continue;
    const now = lineFieldsFromRow(row);
    const base = { actionId: row.action_id as string, action: names.action(row.action_id), institution: names.institution(row.institution_id), year: row.year as number };
    if (op.op === "delete") {
      const fields = Object.fromEntries(LINE_FIELDS.map((f) => [f, [scalar(f, now[f]), null] as [string | number | null, null]]));
      changes.push({ op: "removed", ...base, fields });
    } else {
      const fields = Object.fromEntries(Object.entries(op.fields).map(([f, v]) => [f, [scalar(f, now[f as keyof LineFields]), scalar(f, v)] as [string | number | null, string | number | null]]));
      changes.push({ op: "changed", ...base, fields });
    }
  }
  return changes;
}

/** custom:<key> → the plan's own column's headings, as the plan has them now. */
function planColumnHeading(db: Db, field: string | null): { es: string; en: string } | null {
  const key = field?.startsWith("custom:") ? field.slice("custom:".length) : null;
  const row = key ? (statements(db).get("SELECT heading_es, heading_en FROM column_def WHERE key = ? AND builtin = 0").get(key) as R | undefined) : undefined;
  return row ? { es: row.heading_es, en: row.heading_en } : null;
}

function emptyCounts() {
  return { added: 0, changed: 0, removed: 0, conflicts: 0 };
}

function rejected(handle: string, filePath: string, error: unknown, language: Language): FinanceFilePreview {
  const apiError = toApiError(error, language);
  return {
    handle,
    file: path.basename(filePath),
    status: "rejected",
    institution: null,
    sheet: "",
    rowsRead: 0,
    counts: emptyCounts(),
    changes: [],
    conflicts: [],
    outside: [],
    columns: [],
    proposed: [],
    matches: [],
    errors: [],
    error: apiError,
    notices: [],
    needsConfirmation: false,
    needsInstitution: isMatrizError(error) && error.code === "spreadsheet_no_manifest",
  };
}

/**
 * A proposal's institution in the plan's directory as it is now: by the id the export
 * knew, else by label, acronym or name however typed. Null: new to the directory.
 */
function directoryResolver(db: Db): (id: string | null, written: string) => string | null {
  // Merged spellings answer with the entry that absorbed them.
  const rows = statements(db)
    .get("SELECT i.id, coalesce(s.label, i.label) AS label, i.acronym, i.name_es, i.name_en FROM institution i LEFT JOIN institution s ON s.id = i.merged_into ORDER BY i.merged_into IS NOT NULL, i.label")
    .all() as Array<Record<string, string | null>>;
  const byId = new Map(rows.map((r) => [r.id!, r.label!]));
  const byName = new Map<string, string>();
  for (const r of rows) for (const name of [r.label, r.acronym, r.name_es, r.name_en]) if (name && !byName.has(normaliseText(name))) byName.set(normaliseText(name), r.label!);
  return (id, written) => (id ? byId.get(id) : undefined) ?? (written ? byName.get(normaliseText(written)) : undefined) ?? null;
}

/** Actions of the plan as it is now, by their text as the reader compares it: a proposal already added shows as such. */
function actionsByText(db: Db): Set<string> {
  const rows = statements(db).get("SELECT text FROM action").all() as Array<{ text: string }>;
  return new Set(rows.map((r) => normaliseText(r.text)));
}

function toPreview(db: Db, handle: string, status: "preview" | "already_imported", preview: FilePreview, language: Language): FinanceFilePreview {
  const names = labels(db);
  const inPlan = preview.proposed.length ? actionsByText(db) : new Set<string>();
  const inDirectory = preview.proposed.length ? directoryResolver(db) : () => null;
  return {
    handle,
    file: preview.file,
    status: status === "already_imported" ? "already_imported" : preview.errors.length ? "rejected" : preview.conflicts.length ? "conflicts" : "ready",
    kind: preview.monitoring ? "monitoring" : "finance",
    institution: preview.institution,
    sheet: preview.sheet,
    rowsRead: preview.rowsRead,
    counts: preview.counts,
    changes: describeChanges(db, preview),
    conflicts: preview.conflicts.map((c) => ({
      kind: c.kind,
      action: names.action(c.actionId),
      institution: names.institution(c.institutionId),
      year: c.year,
      field: c.field,
      ...(c.year === null ? { column: planColumnHeading(db, c.field) } : {}),
      base: present(c.field, c.base),
      plan: present(c.field, c.plan),
      returned: present(c.field, c.returned),
    })),
    outside: preview.outside.map((o) => ({ row: o.row, column: o.column, action: names.action(o.actionId), base: o.base, found: o.found })),
    columns: preview.columns.map((c) => ({ row: c.row, column: c.column, action: names.action(c.actionId), base: c.base, plan: c.plan, returned: c.value, status: c.status })),
    proposed: preview.proposed.map((p) => {
      const known = inDirectory(p.institutionId, p.institution);
      return {
        row: p.row,
        text: p.text,
        institution: known ?? p.institution,
        amounts: p.amounts,
        lines: p.lines,
        newInstitution: Boolean(p.institution) && !known,
        inPlan: inPlan.has(normaliseText(p.text)),
        funding_source: p.funding_source as (typeof FUNDING_SOURCES)[number] | null,
        pei: p.pei,
        poa: p.poa,
      };
    }),
    matches: preview.matches.map((m) => ({ row: m.row, actionId: m.actionId, text: m.text })),
    errors: preview.errors,
    error: null,
    notices: preview.notices.map((n) => ({ code: n.code, message: translate(language, `notice.${n.code}` as MessageKey, n.params) })),
    needsConfirmation: preview.matches.length > 0,
    needsInstitution: false,
  };
}

function conflictOut(c: StoredConflict): Output<"finance.conflicts">[number] {
  return {
    id: c.id,
    file: c.fileName,
    actionId: c.actionId,
    action: c.action ?? c.actionId,
    institution: c.institution ?? c.institutionId,
    year: c.year,
    field: c.field,
    ...(c.column !== undefined ? { column: c.column } : {}),
    kind: c.kind,
    base: present(c.field, c.base),
    plan: present(c.field, c.plan),
    returned: present(c.field, c.returned),
    status: c.status,
    resolution: c.resolution,
  };
}

/** The consultation round the editor is in, as the number the import records. */
function roundNumber(store: PlanStore): number | null {
  const id = currentRound(store);
  if (!id) return null;
  return ((statements(store.db).get("SELECT number FROM consultation_round WHERE id = ?").get(id) as R | undefined)?.number as number | undefined) ?? null;
}

function institutionsFor(db: Db, language: Language): Output<"finance.institutions"> {
  const rows = statements(db)
    .get(
      `SELECT i.id, i.label, i.acronym, i.name_es, i.name_en,
              (SELECT count(DISTINCT l.action_id) FROM action_institution l WHERE l.institution_id = i.id) AS actions,
              (SELECT count(*) FROM budget_line b WHERE b.institution_id = i.id) AS lines
       FROM institution i WHERE EXISTS (SELECT 1 FROM action_institution l WHERE l.institution_id = i.id)`,
    )
    .all() as R[];
  return rows
    .map((r) => ({
      id: r.id as string,
      label: r.label as string,
      acronym: (r.acronym as string | null) ?? null,
      name: ((language === "es" ? r.name_es : r.name_en) ?? r.name_es ?? r.name_en ?? null) as string | null,
      actions: r.actions as number,
      lines: r.lines as number,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
}

export function financeHandlers(ctx: FinanceContext): FinanceHandlers {
  const options = (store: PlanStore, file: { institution?: string; confirmMatches?: boolean }): ImportOptions => ({
    author: ctx.author(),
    language: ctx.language(),
    institution: file.institution ?? null,
    round: roundNumber(store),
    confirmMatches: file.confirmMatches,
  });

  const exportWorkbook = async (out: string, institution: string | null, language?: Language, task?: TaskRun) => {
    const store = ctx.plan();
    const made = await exportFinanceWorkbook(store.db, path.resolve(out), { institution, language, beforeWrite: () => checkpoint(() => Boolean(task?.cancelled)) });
    return { path: path.resolve(out), rows: made.rows, exportId: made.exportId, institution: made.snapshot.institutionId ? (made.snapshot.institutions[made.snapshot.institutionId] ?? null) : null };
  };

  /** The files named by the page, each a handle granted for import; one that is not refuses the whole call before any file is read. */
  const chosen = (files: readonly FinanceFileInput[]) => files.map((file) => ({ ...file, path: ctx.grants.resolve(file.handle, "spreadsheet") }));

  return {
    "finance.institutions": () => institutionsFor(ctx.plan().db, ctx.language()),
    "dialog.exportFinance": async (input) => {
      const store = ctx.plan();
      const dialogs = ctx.dialogs();
      if (!dialogs?.pickExportPath) throw new MatrizError("internal", { detail: "no export dialog in this environment" });
      let suffix = ctx.language() === "es" ? "plan completo" : "whole plan";
      if (input.institution) {
        const found = institutionsFor(store.db, ctx.language()).find((i) => i.id === input.institution || i.label === input.institution || i.acronym === input.institution);
        suffix = (found?.acronym ?? found?.label ?? input.institution).replace(/[\\/:*?"<>|]+/g, "-");
      }
      const target = await dialogs.pickExportPath(`${path.basename(store.path, ".matriz")} - ${suffix}.xlsx`, "xlsx");
      if (!target) return null;
      return ctx.tasks.run(input.task, async (task) => {
        task.progress(0, 1, path.basename(target));
        try {
          const made = await exportWorkbook(target, input.institution, input.language, task);
          task.progress(1, 1, path.basename(target));
          const { path: _written, ...facts } = made;
          return { ...ctx.exported(made.path), ...facts };
        } catch (error) {
          // Cancelled before writing: no file, no export record.
          if (isCancelled(error)) return null;
          throw error;
        }
      });
    },
    "dialog.pickReturnedFiles": async () => {
      ctx.plan();
      const dialogs = ctx.dialogs();
      if (!dialogs?.pickSpreadsheetsToImport) throw new MatrizError("internal", { detail: "no open dialog in this environment" });
      return (await dialogs.pickSpreadsheetsToImport()).map((file) => ctx.grants.describe(file, "spreadsheet"));
    },
    "finance.preview": (input) => {
      const store = ctx.plan();
      const files = chosen(input.files);
      return ctx.tasks.run(input.task, async (task) => {
        const { results } = await eachStep(
          files,
          task,
          (file) => path.basename(file.path),
          (file) => {
            try {
              const outcome = importReturnedFile(store.db, file.path, { ...options(store, file), dryRun: true });
              return toPreview(store.db, file.handle, outcome.status === "already_imported" ? "already_imported" : "preview", outcome.preview, ctx.language());
            } catch (error) {
              // One file's refusal, whatever it is, never stops the others.
              return rejected(file.handle, file.path, error, ctx.language());
            }
          },
          () => ctx.isOpen(store),
        );
        return results;
      });
    },
    "finance.apply": (input) => {
      const store = ctx.plan();
      const files = chosen(input.files);
      const before = store.revision();
      return ctx.tasks.run(input.task, async (task) => {
        const { results, stopped } = await eachSlice(
          files,
          task,
          (file) => path.basename(file.path),
          // Files apply a group per commit, each all or nothing; the task yields between groups.
          (from, starting): FinanceApplyResult[] => {
            const started = performance.now();
            const group = files.slice(from).map((file) => ({ ...file, options: options(store, file) }));
            return importReturnedGroup(store.db, group, () => performance.now() - started < IMPORT_GROUP_MS, starting).map(({ file, outcome, error }) => {
              if (outcome) {
                const status = outcome.status === "already_imported" ? "already_imported" : outcome.status === "conflicts" ? "conflicts" : "applied";
                return { handle: file.handle, file: path.basename(file.path), status, counts: outcome.preview.counts, conflictIds: outcome.conflictIds, error: null };
              }
              // One file's refusal, whatever it is, does not stop the others; nothing of that file was written.
              return { handle: file.handle, file: path.basename(file.path), status: "rejected", counts: emptyCounts(), conflictIds: [], error: toApiError(error, ctx.language()) };
            });
          },
          () => ctx.isOpen(store),
        );
        // The plan was closed meanwhile: what was applied is in its file; nothing more to tell the page.
        if (!ctx.isOpen(store)) return { results, revision: before, cancelled: true };
        const revision = store.revision();
        // A file that only left conflicts writes no change set, but the conflicts are news too.
        if (revision !== before || results.some((r) => r.status === "conflicts")) ctx.planChanged();
        return { results, revision, cancelled: stopped };
      });
    },
    "finance.conflicts": (input) => listConflicts(ctx.plan().db, { all: input?.all }).map(conflictOut),
    "finance.resolve": (input) => {
      const store = ctx.plan();
      // Typed in the app: one step of Ctrl+Z reopens what it closed.
      const meta = { author: ctx.author(), source: "typed" as const, roundId: currentRound(store) };
      const resolved = input.all ? resolveAll(store.db, input.take, meta) : resolveConflicts(store.db, input.ids ?? [], input.take, meta).length;
      if (resolved) ctx.planChanged();
      return { resolved, revision: store.revision() };
    },
  };
}
