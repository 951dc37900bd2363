/**
 * The secretariat's outputs, for the app and the command line alike: the
 * national workbook, open-data files (HXL, IATI), the chapter as PDF, and the
 * regional consolidation.
 */
import fs from "node:fs";
import path from "node:path";
import { MatrizError } from "../domain/errors";
import type { PlanDocument } from "../domain/document";
import type { Language } from "../i18n";
import { planToHxlCsv } from "../opendata/hxl";
import { planToIatiXml } from "../opendata/iati";
import { buildNationalWorkbook } from "../reports/national-workbook";
import { planFromNationalWorkbook } from "../reports/national-workbook-read";
import { chapterPrintMargins, nationalChapterHtml, type ChapterOptions } from "../reports/chapter";
import { writeChapterPdf } from "../reports/pdf";
import { consolidate, parseRatesCsv } from "../reports/regional";
import { buildRegionalWorkbook } from "../reports/regional-workbook";
import { writeFileDurably } from "../storage/plan-file";
import { PlanStore } from "../storage/plan-store";
import { storageFailure } from "../storage/storage-errors";
import { readPlanDocumentReadOnly } from "../storage/read-only";

export const REPORT_FORMATS = ["xlsx", "hxl", "iati", "pdf"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** The extension each format's file is written with: the save dialog offers it, the app and the CLI insist on it. */
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { xlsx: "xlsx", hxl: "csv", iati: "xml", pdf: "pdf" };

/** Prints HTML to a PDF file: Electron's printToPDF in the app, a system Chromium on the command line. */
export interface PdfPrinter {
  print(html: string, margins: ReturnType<typeof chapterPrintMargins>, options: { paper: "A4" | "Letter" }, outFile: string): Promise<void>;
}

function readPlan(file: string) {
  const store = PlanStore.open(file);
  try {
    return store.document();
  } finally {
    store.close();
  }
}

/** A country's plan file, or the national workbook it exported when the plan file is not at hand. */
export function readNationalSource(file: string): PlanDocument {
  if (!/\.(xlsx|xls|ods)$/i.test(file)) return readPlanDocumentReadOnly(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new MatrizError("file_not_found", { path: file });
  }
  return planFromNationalWorkbook(bytes, path.basename(file));
}

/**
 * Writes to a temporary name first, flushed, then renamed: a failed export (or a
 * power cut) never leaves half a file under the real name.
 */
export function writeAtomically(out: string, content: Buffer | string) {
  try {
    writeFileDurably(out, content);
  } catch (error) {
    const failure = storageFailure(error, out);
    if (failure?.code === "disk_full") throw failure;
    throw new MatrizError("io_error", { operation: "write", path: out, detail: (error as Error).message });
  }
}

export interface ExportOptions {
  format: ReportFormat;
  language: Language;
  locale: string;
  paper?: "A4" | "Letter";
}

export async function exportNationalFile(planFile: string, out: string, options: ExportOptions): Promise<string> {
  return exportNational(readPlan(planFile), out, options);
}

export async function exportNational(doc: PlanDocument, out: string, options: ExportOptions, printer?: PdfPrinter): Promise<string> {
  switch (options.format) {
    case "xlsx":
      writeAtomically(out, await buildNationalWorkbook(doc, { language: options.language, paper: options.paper }));
      break;
    case "hxl":
      writeAtomically(out, planToHxlCsv(doc));
      break;
    case "iati":
      writeAtomically(out, planToIatiXml(doc));
      break;
    case "pdf": {
      const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp.pdf`);
      try {
        const chapter: ChapterOptions = { language: options.language, locale: options.locale };
        if (printer) await printer.print(nationalChapterHtml(doc, chapter), chapterPrintMargins(doc, chapter), { paper: options.paper ?? "A4" }, temp);
        else await writeChapterPdf(doc, { ...chapter, paper: options.paper }, temp);
        // Flushed before it takes the real name, as every other export.
        writeAtomically(out, fs.readFileSync(temp));
      } finally {
        fs.rmSync(temp, { force: true });
      }
      break;
    }
  }
  return out;
}

export async function exportRegional(planFiles: string[], out: string, options: { currency: string; ratesFile?: string; language: Language }) {
  if (!/^[A-Z]{3}$/.test(options.currency)) throw new MatrizError("invalid_currency", { currency: options.currency });
  let rates = {};
  if (options.ratesFile) {
    let text: string;
    try {
      text = fs.readFileSync(options.ratesFile, "utf8");
    } catch {
      throw new MatrizError("file_not_found", { path: options.ratesFile });
    }
    rates = parseRatesCsv(text, options.ratesFile);
  }
  const plans = planFiles.map(readNationalSource);
  const result = consolidate(plans, { currency: options.currency, rates });
  writeAtomically(out, await buildRegionalWorkbook(result, options.language));
  return result;
}
