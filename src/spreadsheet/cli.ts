/**
 * The finance round trip on the command line: export, import and resolve
 * (conflicts are listed by src/cli/conflicts-command.ts). src/cli/main.ts parses
 * the arguments and hands over here.
 */
import path from "node:path";
import { MatrizError, isMatrizError } from "../domain/errors";
import { errorMessage, translate, type Language, type MessageKey } from "../i18n";
import type { UsageKey } from "../cli/context";
import { withPlan } from "../cli/with-plan";
import { PlanStore } from "../storage/plan-store";
import { monitoringCounts } from "../monitoring/workbook-import";
import { importReturnedFiles, type ImportOutcome } from "./apply";
import { TAKE, resolveAll, resolveConflict, type Take } from "./conflicts";
import { exportFinanceWorkbook } from "./export";

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
  usage: (key: UsageKey, params?: Record<string, string | number>) => MatrizError;
}

export async function exportCommand(ctx: CommandContext): Promise<number> {
  if (ctx.files.length) throw ctx.usage("cli.usage.unexpected", { argument: ctx.files[0]! });
  if (!ctx.values.out) throw ctx.usage("cli.usage.needsOut", { extension: ".xlsx" });
  const out = path.resolve(ctx.io.cwd, ctx.values.out);
  if (!out.toLowerCase().endsWith(".xlsx")) throw ctx.usage("cli.usage.extension", { extensions: ".xlsx", path: out });
  const store = PlanStore.open(ctx.plan);
  try {
    const language = ctx.values.lang === "es" || ctx.values.lang === "en" ? ctx.values.lang : undefined;
    const made = await exportFinanceWorkbook(store.db, out, { institution: ctx.values.institution ?? null, language });
    ctx.io.out(translate(ctx.lang, "cli.import.exported", { file: out, rows: made.rows, export: made.exportId }));
    return EXIT.ok;
  } finally {
    store.close();
  }
}

function noticeText(lang: Language, notice: ImportOutcome["preview"]["notices"][number]): string {
  return translate(lang, `notice.${notice.code}` as MessageKey, notice.params);
}

function printOutcome(ctx: CommandContext, outcome: ImportOutcome, dryRun: boolean) {
  const p = outcome.preview;
  if (outcome.status === "already_imported") {
    ctx.io.out(translate(ctx.lang, "cli.import.already", { file: p.file }));
    return;
  }
  const state = dryRun ? translate(ctx.lang, "cli.import.dryRun") : translate(ctx.lang, "cli.import.applied");
  // A monitoring workbook changes statuses, notes and indicator values, not budget lines: its own counts.
  const summary = p.monitoring
    ? translate(ctx.lang, "cli.import.monitoringFile", { file: p.file, ...monitoringCounts(p.monitoring), conflicts: p.counts.conflicts })
    : translate(ctx.lang, "cli.import.file", { file: p.file, ...p.counts });
  ctx.io.out(`${summary} (${state})`);
  for (const n of p.notices) ctx.io.out(`  ${noticeText(ctx.lang, n)}`);
  for (const e of p.errors) ctx.io.out(translate(ctx.lang, "cli.import.rowError", { ...e, row: String(e.row) }));
  for (const m of p.matches) ctx.io.out(translate(ctx.lang, "cli.import.match", { row: String(m.row), action: m.actionId }));
  for (const c of p.columns) {
    const status = c.status === "apply" ? translate(ctx.lang, "cli.import.columnApplies") : translate(ctx.lang, "cli.import.columnConflict", { plan: c.plan || "∅", kind: c.kind ?? "both_changed" });
    ctx.io.out(translate(ctx.lang, "cli.import.column", { row: String(c.row), column: c.column, base: c.base || "∅", value: c.value || "∅", status }));
  }
  for (const o of p.outside) ctx.io.out(translate(ctx.lang, "cli.import.outside", { ...o, row: String(o.row) }));
  for (const n of p.proposed) ctx.io.out(translate(ctx.lang, "cli.import.newRow", { row: String(n.row), text: n.text }));
}

export function importCommand(ctx: CommandContext): number {
  if (!ctx.files.length) throw ctx.usage("cli.usage.importFiles");
  const round = ctx.values.round === undefined ? null : Number(ctx.values.round);
  if (round !== null && !Number.isInteger(round)) throw ctx.usage("cli.usage.round", { value: String(ctx.values.round) });
  const dryRun = Boolean(ctx.values["dry-run"]);
  return withPlan(ctx.plan, (store) => {
    let rejected = false;
    let conflicts = false;
    const results: unknown[] = [];
    const options = {
      author: ctx.author,
      language: ctx.lang,
      institution: ctx.values.institution ?? null,
      round,
      confirmMatches: ctx.values["confirm-matches"],
      dryRun,
    };
    // Applied as the app does: several files per commit, each file all or nothing.
    for (const { file: { path: file }, outcome, error: failure } of importReturnedFiles(store.db, ctx.files.map((file) => ({ path: file, options })))) {
      try {
        if (!outcome) throw failure;
        if (outcome.preview.errors.length) rejected = true;
        if (outcome.preview.conflicts.length) conflicts = true;
        if (ctx.values.json) {
          const notices = outcome.preview.notices.map((n) => ({ code: n.code, message: noticeText(ctx.lang, n) }));
          results.push({ status: outcome.status, importedFileId: outcome.importedFileId, conflictIds: outcome.conflictIds, ...outcome.preview, notices });
        }
        else printOutcome(ctx, outcome, dryRun);
      } catch (caught) {
        // One file's refusal, whatever it is, does not stop the others; its message names the file.
        const error = isMatrizError(caught)
          ? caught
          : new MatrizError("internal", { detail: `${path.basename(file)}: ${caught instanceof Error ? caught.message : String(caught)}` });
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

export function resolveCommand(ctx: CommandContext): number {
  const take = ctx.values.take as Take | undefined;
  if (!take || !TAKE.includes(take)) throw ctx.usage("cli.usage.take");
  if (ctx.values.all ? ctx.files.length !== 0 : ctx.files.length !== 1) throw ctx.usage("cli.usage.resolveWhich");
  return withPlan(ctx.plan, (store) => {
    if (ctx.values.all) {
      const count = resolveAll(store.db, take, { author: ctx.author });
      ctx.io.out(translate(ctx.lang, "cli.import.resolvedAll", { count, take }));
    } else {
      const resolved = resolveConflict(store.db, ctx.files[0]!, take, { author: ctx.author });
      ctx.io.out(translate(ctx.lang, "cli.import.resolved", { id: resolved.id, take }));
    }
    return EXIT.ok;
  });
}
