/**
 * The secretariat's outputs on the command line: `export --national` (workbook,
 * HXL, IATI, chapter PDF) and `regional` (several plans in one currency).
 * src/cli/main.ts parses the arguments; the work is in src/app/exports.ts,
 * shared with the app.
 */
import path from "node:path";
import { defaultPaper } from "../domain/paper";
import { MatrizError } from "../domain/errors";
import { formatAmount } from "../domain/numbers";
import { translate, type Language } from "../i18n";
import { REPORT_EXTENSIONS, REPORT_FORMATS, exportNationalFile, exportRegional, type ReportFormat } from "../app/exports";
import { chromiumPrinter } from "../reports/pdf";

export interface ReportContext {
  plans: string[];
  values: { out?: string; format?: string; paper?: string; currency?: string; rates?: string; lang?: string };
  lang: Language;
  locale: string;
  cwd: string;
  out: (text: string) => void;
  /** A warning line on standard error (conflicts open at export). */
  warn?: (text: string) => void;
  usage: (detail: string) => MatrizError;
}


function paperFrom(ctx: ReportContext): "A4" | "Letter" | undefined {
  const paper = ctx.values.paper;
  // Unchosen: the paper of the region in LANG, as in the app.
  if (paper === undefined) return defaultPaper(ctx.locale);
  const match = ["A4", "Letter"].find((p) => p.toLowerCase() === paper.toLowerCase());
  if (!match) throw ctx.usage(`--paper must be A4 or Letter, not "${paper}"`);
  return match as "A4" | "Letter";
}

function outFrom(ctx: ReportContext, extensions: string[]): string {
  if (!ctx.values.out) throw ctx.usage(`--out <file${extensions[0]}> is required`);
  const out = path.resolve(ctx.cwd, ctx.values.out);
  if (!extensions.some((ext) => out.toLowerCase().endsWith(ext))) throw ctx.usage(`the output file name must end in ${extensions.join(" or ")}: ${out}`);
  return out;
}

export async function nationalExportCommand(ctx: ReportContext): Promise<number> {
  if (ctx.plans.length !== 1) throw ctx.usage(ctx.plans.length ? `unexpected argument "${ctx.plans[1]}"` : "missing the plan file");
  const format = (ctx.values.format ?? "xlsx") as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw ctx.usage(`--format must be one of ${REPORT_FORMATS.join(", ")}, not "${ctx.values.format}"`);
  // A mismatch is almost always a typo in --out.
  const out = outFrom(ctx, [`.${REPORT_EXTENSIONS[format]}`]);
  const written = await exportNationalFile(ctx.plans[0]!, out, { format, language: ctx.lang, locale: ctx.locale, paper: paperFrom(ctx) }, chromiumPrinter);
  if (written.openConflicts) ctx.warn?.(`matriz: ${translate(ctx.lang, "cli.export.openConflicts", { count: written.openConflicts })}`);
  ctx.out(written.path);
  return 0;
}

export async function regionalCommand(ctx: ReportContext): Promise<number> {
  if (ctx.plans.length === 0) throw ctx.usage("regional needs at least one plan file");
  const out = outFrom(ctx, [".xlsx"]);
  const currency = (ctx.values.currency ?? "USD").toUpperCase();
  const rates = ctx.values.rates === undefined ? undefined : path.resolve(ctx.cwd, ctx.values.rates);
  const result = await exportRegional(ctx.plans, out, { currency, ratesFile: rates, language: ctx.lang });
  // A short summary on stdout: the totals a secretariat checks before sending the file on.
  const money = (n: number) => `${formatAmount(n, ctx.locale)} ${result.currency}`;
  for (const country of result.byCountry) ctx.out(`${country.iso3}\t${country.country}\t${money(country.total)}`);
  ctx.out(`Total\t${money(result.total)}\t${out}`);
  return 0;
}
