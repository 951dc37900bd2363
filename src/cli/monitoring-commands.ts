/**
 * The monitoring outputs on the command line, loaded only when asked for:
 * `export --annual-report --period 2018`, `export --round-report 2`, and an
 * institution's monitoring workbook, `export --institution X --monitoring --period 2018`.
 */
import { defaultPaper } from "../domain/paper";
import { parsePeriod } from "../domain/periods";
import { exportAnnualReport, exportRoundReport, type MonitoringReportFormat } from "../app/monitoring-exports";
import { chromiumPrinter } from "../reports/pdf";
import { PlanStore } from "../storage/plan-store";
import { EXIT, requireOne, type CliCommand, type CliContext } from "./context";

function paperFrom(ctx: CliContext): "A4" | "Letter" {
  const paper = ctx.values.paper;
  if (paper === undefined) return defaultPaper(ctx.locale);
  const match = ["A4", "Letter"].find((p) => p.toLowerCase() === paper.toLowerCase());
  if (!match) throw ctx.usage("cli.usage.paper", { value: paper });
  return match as "A4" | "Letter";
}

function outAndFormat(ctx: CliContext, formats: readonly MonitoringReportFormat[]): { out: string; format: MonitoringReportFormat } {
  const extensions = formats.map((f) => `.${f}`).join(" | ");
  if (!ctx.values.out) throw ctx.usage("cli.usage.needsOut", { extension: extensions });
  const out = ctx.resolve(ctx.values.out);
  const format = formats.find((f) => out.toLowerCase().endsWith(`.${f}`));
  if (!format) throw ctx.usage("cli.usage.extension", { extensions, path: out });
  return { out, format };
}

function periodFrom(ctx: CliContext): string {
  const period = ctx.values.period;
  if (!period) throw ctx.usage("cli.usage.needsPeriod");
  if (!parsePeriod(period)) throw ctx.usage("cli.usage.period", { value: period });
  return period.trim();
}

/** Whether this `export` is one of monitoring's (the finance and national exports go elsewhere). */
export function isMonitoringExport(ctx: CliContext): boolean {
  return Boolean(ctx.values["annual-report"] || ctx.values["round-report"] !== undefined || ctx.values.monitoring);
}

export const monitoringExportCommand: CliCommand = async (ctx) => {
  const plan = ctx.resolve(requireOne(ctx));
  const chosen = [ctx.values["annual-report"], ctx.values["round-report"] !== undefined, ctx.values.monitoring].filter(Boolean).length;
  if (chosen !== 1) throw ctx.usage("cli.usage.monitoringWhich");
  if (ctx.values.monitoring && !ctx.values.institution) throw ctx.usage("cli.usage.monitoringInstitution");
  const period = ctx.values["round-report"] === undefined ? periodFrom(ctx) : null;
  const round = ctx.values["round-report"] === undefined ? null : Number(ctx.values["round-report"]);
  if (round !== null && (!Number.isInteger(round) || round < 1)) throw ctx.usage("cli.usage.round", { value: String(ctx.values["round-report"]) });
  const { out, format } = outAndFormat(ctx, ctx.values.monitoring ? ["xlsx"] : ["xlsx", "pdf"]);
  const paper = paperFrom(ctx);
  const store = PlanStore.open(plan);
  try {
    if (ctx.values.monitoring) {
      const { exportMonitoringWorkbook } = await import("../monitoring/workbook-export");
      const made = await exportMonitoringWorkbook(store.db, out, { institution: ctx.values.institution!, period: period!, language: ctx.lang });
      ctx.io.out(ctx.say("cli.monitoring.exported", { path: out, rows: made.rows, export: made.exportId }));
      return EXIT.ok;
    }
    const options = { format, language: ctx.lang, locale: ctx.locale, paper };
    if (round === null) await exportAnnualReport(store, out, period!, options, chromiumPrinter);
    else await exportRoundReport(store, out, round, options, chromiumPrinter);
    ctx.io.out(out);
    return EXIT.ok;
  } finally {
    store.close();
  }
};
