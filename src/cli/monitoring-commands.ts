/**
 * The monitoring outputs on the command line, loaded only when asked for:
 * `export --annual-report --period 2018`, `export --round-report 2`, and the
 * monitoring workbook of an institution, `export --institution X --monitoring --period 2018`.
 */
import path from "node:path";
import { defaultPaper } from "../domain/paper";
import { MatrizError } from "../domain/errors";
import type { Language } from "../i18n";
import { exportAnnualReport, exportRoundReport, type MonitoringReportFormat } from "../app/monitoring-exports";
import { chromiumPrinter } from "../reports/pdf";
import { PlanStore } from "../storage/plan-store";

export interface MonitoringContext {
  plans: string[];
  values: { out?: string; period?: string; paper?: string; institution?: string; monitoring?: boolean; "annual-report"?: boolean; "round-report"?: string; author?: string };
  lang: Language;
  locale: string;
  cwd: string;
  author: string;
  out: (text: string) => void;
  usage: (detail: string) => MatrizError;
}

function paperFrom(ctx: MonitoringContext): "A4" | "Letter" {
  const paper = ctx.values.paper;
  if (paper === undefined) return defaultPaper(ctx.locale);
  const match = ["A4", "Letter"].find((p) => p.toLowerCase() === paper.toLowerCase());
  if (!match) throw ctx.usage(`--paper must be A4 or Letter, not "${paper}"`);
  return match as "A4" | "Letter";
}

function outAndFormat(ctx: MonitoringContext, formats: readonly MonitoringReportFormat[]): { out: string; format: MonitoringReportFormat } {
  if (!ctx.values.out) throw ctx.usage(`--out <file.${formats.join("|")}> is required`);
  const out = path.resolve(ctx.cwd, ctx.values.out);
  const format = formats.find((f) => out.toLowerCase().endsWith(`.${f}`));
  if (!format) throw ctx.usage(`the output file name must end in ${formats.map((f) => `.${f}`).join(" or ")}: ${out}`);
  return { out, format };
}

export async function monitoringExportCommand(ctx: MonitoringContext): Promise<number> {
  if (ctx.plans.length !== 1) throw ctx.usage(ctx.plans.length ? `unexpected argument "${ctx.plans[1]}"` : "missing the plan file");
  const chosen = [ctx.values["annual-report"], ctx.values["round-report"] !== undefined, ctx.values.monitoring].filter(Boolean).length;
  if (chosen !== 1) throw ctx.usage("give one of --annual-report, --round-report <n> or --monitoring");
  const store = PlanStore.open(ctx.plans[0]!);
  try {
    if (ctx.values.monitoring) {
      if (!ctx.values.institution) throw ctx.usage("--monitoring needs --institution <acronym or name>");
      if (!ctx.values.period) throw ctx.usage("--monitoring needs --period <2018, 2018-H1…>");
      const { out } = outAndFormat(ctx, ["xlsx"]);
      const { exportMonitoringWorkbook } = await import("../monitoring/workbook-export");
      const made = await exportMonitoringWorkbook(store.db, out, { institution: ctx.values.institution, period: ctx.values.period, language: ctx.lang });
      ctx.out(`${out}\t${made.rows} rows\t${made.exportId}`);
      return 0;
    }
    const { out, format } = outAndFormat(ctx, ["xlsx", "pdf"]);
    const options = { format, language: ctx.lang, locale: ctx.locale, paper: paperFrom(ctx) };
    if (ctx.values["annual-report"]) {
      if (!ctx.values.period) throw ctx.usage("--annual-report needs --period <2018, 2018-H1…>");
      await exportAnnualReport(store, out, ctx.values.period, options, chromiumPrinter);
    } else {
      const round = Number(ctx.values["round-report"]);
      if (!Number.isInteger(round) || round < 1) throw ctx.usage(`--round-report needs a consultation round number, not "${ctx.values["round-report"]}"`);
      await exportRoundReport(store, out, round, options, chromiumPrinter);
    }
    ctx.out(out);
    return 0;
  } finally {
    store.close();
  }
}
