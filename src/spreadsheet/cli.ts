/**
 * The finance round trip on the command line: export, import, conflicts and
 * resolve. src/cli/main.ts parses the arguments and hands over here.
 */
import path from "node:path";
import { MatrizError, isMatrizError } from "../domain/errors";
import { errorMessage, type Language } from "../i18n";
import { PlanStore } from "../storage/plan-store";
import { importReturnedFile, type ImportOutcome } from "./apply";
import { TAKE, listConflicts, resolveAll, resolveConflict, type StoredConflict, type Take } from "./conflicts";
import { exportFinanceWorkbook } from "./export";
import { say, WORDS } from "./wording";
import { listSyncConflicts, findSyncConflict, resolveSyncConflict, syncConflictLine } from "../sync/conflicts";

const EXIT = { ok: 0, failure: 1, rejected: 2, conflicts: 3 } as const;

export interface CommandContext {
  plan: string;
  files: string[];
  values: {
    out?: string;
    institution?: string;
    lang?: string;
    json?: boolean;
    "dry-run"?: boolean;
    "confirm-matches"?: boolean;
    round?: string;
    take?: string;
    all?: boolean;
  };
  lang: Language;
  io: { out: (text: string) => void; err: (text: string) => void; cwd: string };
  author: string;
  usage: (detail: string) => MatrizError;
}

function withPlan<T>(file: string, work: (store: PlanStore) => T): T {
  const store = PlanStore.open(file);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

export async function exportCommand(ctx: CommandContext): Promise<number> {
  if (ctx.files.length) throw ctx.usage(`unexpected argument "${ctx.files[0]}"`);
  if (!ctx.values.out) throw ctx.usage("export needs --out <file.xlsx>");
  const out = path.resolve(ctx.io.cwd, ctx.values.out);
  if (!out.toLowerCase().endsWith(".xlsx")) throw ctx.usage(`the workbook name must end in .xlsx: ${out}`);
  const store = PlanStore.open(ctx.plan);
  try {
    const language = ctx.values.lang === "es" || ctx.values.lang === "en" ? ctx.values.lang : undefined;
    const made = await exportFinanceWorkbook(store.db, out, { institution: ctx.values.institution ?? null, language });
    ctx.io.out(say(ctx.lang, WORDS.report.exported, { file: out, rows: made.rows, export: made.exportId }));
    return EXIT.ok;
  } finally {
    store.close();
  }
}

function printOutcome(ctx: CommandContext, outcome: ImportOutcome, dryRun: boolean) {
  const p = outcome.preview;
  if (outcome.status === "already_imported") {
    ctx.io.out(say(ctx.lang, WORDS.report.already, { file: p.file }));
    return;
  }
  const state = dryRun ? say(ctx.lang, WORDS.report.dryRun) : say(ctx.lang, WORDS.report.applied);
  ctx.io.out(`${say(ctx.lang, WORDS.report.file, { file: p.file, ...p.counts })} (${state})`);
  for (const e of p.errors) ctx.io.out(say(ctx.lang, WORDS.report.rowError, { ...e }));
  for (const m of p.matches) ctx.io.out(say(ctx.lang, WORDS.report.match, { row: m.row, action: m.actionId }));
  for (const o of p.outside) ctx.io.out(say(ctx.lang, WORDS.report.outside, { ...o }));
  for (const n of p.proposed) ctx.io.out(say(ctx.lang, WORDS.report.newRow, { row: n.row, text: n.text }));
}

export function importCommand(ctx: CommandContext): number {
  if (!ctx.files.length) throw ctx.usage("import needs at least one returned file");
  const round = ctx.values.round === undefined ? null : Number(ctx.values.round);
  if (round !== null && !Number.isInteger(round)) throw ctx.usage(`--round must be a round number, not "${ctx.values.round}"`);
  const dryRun = Boolean(ctx.values["dry-run"]);
  return withPlan(ctx.plan, (store) => {
    let rejected = false;
    let conflicts = false;
    const results: unknown[] = [];
    for (const file of ctx.files) {
      try {
        const outcome = importReturnedFile(store.db, file, {
          author: ctx.author,
          language: ctx.lang,
          institution: ctx.values.institution ?? null,
          round,
          confirmMatches: ctx.values["confirm-matches"],
          dryRun,
        });
        if (outcome.preview.errors.length) rejected = true;
        if (outcome.preview.conflicts.length) conflicts = true;
        if (ctx.values.json) results.push({ status: outcome.status, importedFileId: outcome.importedFileId, conflictIds: outcome.conflictIds, ...outcome.preview });
        else printOutcome(ctx, outcome, dryRun);
      } catch (error) {
        if (!isMatrizError(error)) throw error;
        // One file's refusal does not stop the others; its message names the file.
        rejected = true;
        const message = errorMessage(ctx.lang, error.code, error.params);
        if (ctx.values.json) results.push({ file: path.basename(file), status: "rejected", code: error.code, error: message });
        else ctx.io.err(`matriz: ${message}`);
      }
    }
    if (ctx.values.json) ctx.io.out(JSON.stringify(results, null, 2));
    return rejected ? EXIT.rejected : conflicts ? EXIT.conflicts : EXIT.ok;
  });
}

const show = (value: unknown) => (value === null || value === undefined ? "—" : typeof value === "object" ? JSON.stringify(value) : String(value));

function conflictLine(lang: Language, c: StoredConflict): string {
  return say(lang, WORDS.report.conflict, {
    id: c.id,
    action: c.action ?? c.actionId,
    institution: c.institution ?? c.institutionId,
    year: c.year,
    field: c.field ?? c.kind,
    base: show(c.base),
    plan: show(c.plan),
    returned: show(c.returned),
  });
}

export function conflictsCommand(ctx: CommandContext): number {
  if (ctx.files.length) throw ctx.usage(`unexpected argument "${ctx.files[0]}"`);
  return withPlan(ctx.plan, (store) => {
    const list = listConflicts(store.db, { all: ctx.values.all });
    // Conflicts from live editing and merged copies come after those from returned workbooks.
    const live = listSyncConflicts(store.db, { all: ctx.values.all });
    if (ctx.values.json) ctx.io.out(JSON.stringify([...list, ...live], null, 2));
    else {
      for (const c of list) ctx.io.out(conflictLine(ctx.lang, c));
      for (const c of live) ctx.io.out(syncConflictLine(ctx.lang, c));
    }
    return [...list, ...live].some((c) => c.status === "open") ? EXIT.conflicts : EXIT.ok;
  });
}

export function resolveCommand(ctx: CommandContext): number {
  const take = ctx.values.take as Take | undefined;
  if (!take || !TAKE.includes(take)) throw ctx.usage("resolve needs --take plan|returned|base");
  if (ctx.values.all ? ctx.files.length !== 0 : ctx.files.length !== 1) throw ctx.usage("give one conflict id, or --all");
  return withPlan(ctx.plan, (store) => {
    if (ctx.values.all) {
      const live = listSyncConflicts(store.db).map((c) => resolveSyncConflict(store.db, c.id, take, { author: ctx.author }));
      const count = resolveAll(store.db, take, { author: ctx.author }) + live.length;
      ctx.io.out(say(ctx.lang, WORDS.report.resolved, { id: String(count), take }));
    } else if (findSyncConflict(store.db, ctx.files[0]!)) {
      const resolved = resolveSyncConflict(store.db, ctx.files[0]!, take, { author: ctx.author });
      ctx.io.out(say(ctx.lang, WORDS.report.resolved, { id: resolved.id, take }));
    } else {
      const resolved = resolveConflict(store.db, ctx.files[0]!, take, { author: ctx.author });
      ctx.io.out(say(ctx.lang, WORDS.report.resolved, { id: resolved.id, take }));
    }
    return EXIT.ok;
  });
}
