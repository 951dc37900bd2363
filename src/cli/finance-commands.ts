/**
 * The finance round trip on the command line (export, import, resolve): the
 * work is in src/spreadsheet/cli.ts; `export --national` goes to the reports.
 */
import { exportCommand as financeExport, importCommand as financeImport, resolveCommand as financeResolve, type CommandContext } from "../spreadsheet/cli";
import type { CliCommand, CliContext } from "./context";

function financeContext(ctx: CliContext): CommandContext {
  const [plan, ...files] = ctx.args;
  if (!plan) throw ctx.usage("cli.usage.missingPlan");
  return {
    plan: ctx.resolve(plan),
    files: files.map(ctx.resolve),
    values: ctx.values,
    lang: ctx.lang,
    io: ctx.io,
    author: ctx.author(),
    usage: ctx.usage,
  };
}

export const exportCommand: CliCommand = async (ctx) => {
  // Monitoring: the annual report, a round's report, an institution's monitoring workbook (their own module).
  const monitoring = await import("./monitoring-commands");
  if (monitoring.isMonitoringExport(ctx)) return monitoring.monitoringExportCommand(ctx);
  // Without --national, export is an institution's (or the whole plan's) finance workbook.
  if (ctx.values.national) return (await import("./report-commands")).nationalExportCommand(ctx);
  return financeExport(financeContext(ctx));
};

export const importCommand: CliCommand = (ctx) => financeImport(financeContext(ctx));

/** Conflict ids are given as typed, not as paths. */
export const resolveCommand: CliCommand = async (ctx) => {
  // A conflict from a live workshop or a merged copy is resolved there; with --all, those first.
  const live = await (await import("../sync/conflicts")).resolveLiveFromCli(ctx);
  if (live !== null) return live;
  return financeResolve({ ...financeContext(ctx), files: ctx.args.slice(1) });
};
