/**
 * The monitoring outputs, for the app and the command line alike: the annual
 * (or half-yearly) progress report and the report of a consultation round, each
 * as a workbook or a PDF.
 */
import fs from "node:fs";
import path from "node:path";
import { MatrizError } from "../domain/errors";
import { parsePeriod } from "../domain/periods";
import type { Language } from "../i18n";
import { translate } from "../i18n";
import { annualReportHtml, reportPrintMargins } from "../reports/annual-html";
import { annualReport } from "../reports/annual-report";
import { buildAnnualWorkbook } from "../reports/annual-workbook";
import { roundReport } from "../reports/round-report";
import { buildRoundWorkbook, roundReportHtml } from "../reports/round-output";
import type { PlanStore } from "../storage/plan-store";
import { writeAtomically, type PdfPrinter } from "./exports";
import { checkpoint } from "./tasks";

export const MONITORING_REPORT_FORMATS = ["xlsx", "pdf"] as const;
export type MonitoringReportFormat = (typeof MONITORING_REPORT_FORMATS)[number];

export interface MonitoringReportOptions {
  format: MonitoringReportFormat;
  language: Language;
  locale: string;
  paper?: "A4" | "Letter";
  stop?: () => boolean;
  now?: Date;
}

function checkOut(out: string, format: MonitoringReportFormat): void {
  if (!out.toLowerCase().endsWith(`.${format}`)) throw new MatrizError("wrong_extension", { path: out, extension: format });
}

async function printPdf(html: string, margins: ReturnType<typeof reportPrintMargins>, out: string, options: MonitoringReportOptions, printer?: PdfPrinter): Promise<void> {
  if (!printer) throw new MatrizError("internal", { detail: "no PDF printer in this environment" });
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp.pdf`);
  try {
    await printer.print(html, margins, { paper: options.paper ?? "A4" }, temp);
    checkpoint(options.stop);
    fs.renameSync(temp, out);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export async function exportAnnualReport(store: PlanStore, out: string, period: string, options: MonitoringReportOptions, printer?: PdfPrinter): Promise<string> {
  checkOut(out, options.format);
  if (!parsePeriod(period)) throw new MatrizError("bad_period", { value: period });
  const report = annualReport(store.db, store.document(), { period, language: options.language, locale: options.locale, now: options.now });
  if (options.format === "xlsx") {
    const buffer = await buildAnnualWorkbook(report, { language: options.language, paper: options.paper });
    checkpoint(options.stop);
    writeAtomically(out, buffer);
  } else {
    const title = translate(options.language, "report.annual.title", { period });
    await printPdf(annualReportHtml(report, options), reportPrintMargins(title, report.country, options.language), out, options, printer);
  }
  return out;
}

export async function exportRoundReport(store: PlanStore, out: string, round: number, options: MonitoringReportOptions, printer?: PdfPrinter): Promise<string> {
  checkOut(out, options.format);
  const report = roundReport(store.db, round, { language: options.language, locale: options.locale, now: options.now });
  if (options.format === "xlsx") {
    const buffer = await buildRoundWorkbook(report, { language: options.language, paper: options.paper });
    checkpoint(options.stop);
    writeAtomically(out, buffer);
  } else {
    const title = translate(options.language, "report.round.title", { number: round });
    await printPdf(roundReportHtml(report, options), reportPrintMargins(title, report.country, options.language), out, options, printer);
  }
  return out;
}
