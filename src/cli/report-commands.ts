/**
 * The secretariat's outputs on the command line: `export --national` (workbook,
 * HXL, IATI, chapter PDF) and `regional` (several plans in one currency).
 * The work is in src/app/exports.ts, shared with the app.
 */
import { defaultPaper } from "../domain/paper";
import { formatAmount } from "../domain/numbers";
import { tsvCell } from "../domain/safe-text";
import { REPORT_EXTENSIONS, REPORT_FORMATS, exportNationalFile, exportRegional, type ReportFormat } from "../app/exports";
import { chromiumPrinter } from "../reports/pdf";
import { EXIT, type CliCommand, type CliContext } from "./context";

function paperFrom(ctx: CliContext): "A4" | "Letter" | undefined {
  const paper = ctx.values.paper;
  // Unchosen: the paper of the region in LANG, as in the app.
  if (paper === undefined) return defaultPaper(ctx.locale);
  const match = ["A4", "Letter"].find((p) => p.toLowerCase() === paper.toLowerCase());
  if (!match) throw ctx.usage("cli.usage.paper", { value: paper });
  return match as "A4" | "Letter";
}

function outFrom(ctx: CliContext, extension: string): string {
  if (!ctx.values.out) throw ctx.usage("cli.usage.needsOut", { extension });
  const out = ctx.resolve(ctx.values.out);
  // A mismatch is almost always a typo in --out.
  if (!out.toLowerCase().endsWith(extension)) throw ctx.usage("cli.usage.extension", { extensions: extension, path: out });
  return out;
}

export const nationalExportCommand: CliCommand = async (ctx) => {
  if (ctx.args.length !== 1) throw ctx.args.length ? ctx.usage("cli.usage.unexpected", { argument: ctx.args[1]! }) : ctx.usage("cli.usage.missingPlan");
  const format = (ctx.values.format ?? "xlsx") as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw ctx.usage("cli.usage.format", { formats: REPORT_FORMATS.join(", "), value: String(ctx.values.format) });
  const out = outFrom(ctx, `.${REPORT_EXTENSIONS[format]}`);
  const written = await exportNationalFile(ctx.resolve(ctx.args[0]!), out, { format, language: ctx.lang, locale: ctx.locale, paper: paperFrom(ctx) }, chromiumPrinter);
  // Conflicts still open: a warning on standard error, the file is written all the same.
  if (written.openConflicts) ctx.io.err(`matriz: ${ctx.say("cli.export.openConflicts", { count: written.openConflicts })}`);
  ctx.io.out(written.path);
  return EXIT.ok;
};

export const regionalCommand: CliCommand = async (ctx) => {
  if (ctx.args.length === 0) throw ctx.usage("cli.usage.regionalPlans");
  const out = outFrom(ctx, ".xlsx");
  const currency = (ctx.values.currency ?? "USD").toUpperCase();
  const rates = ctx.values.rates === undefined ? undefined : ctx.resolve(ctx.values.rates);
  const result = await exportRegional(ctx.args.map(ctx.resolve), out, { currency, ratesFile: rates, language: ctx.lang });
  // A short summary on stdout: the totals a secretariat checks before sending the file on.
  const money = (n: number) => `${formatAmount(n, ctx.locale)} ${result.currency}`;
  for (const country of result.byCountry) ctx.io.out(`${tsvCell(country.iso3)}\t${tsvCell(country.country)}\t${money(country.total)}`);
  ctx.io.out(ctx.say("cli.regional.total", { amount: money(result.total), file: out }));
  return EXIT.ok;
};
