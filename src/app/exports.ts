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
import { consolidate, parseRatesCsv } from "../reports/regional";
import { buildRegionalWorkbook } from "../reports/regional-workbook";
import type { OpenConflicts } from "../reports/conflict-note";
import { openConflictCounts } from "../spreadsheet/conflicts";
import { writeFileDurably } from "../storage/plan-file";
import { PlanStore } from "../storage/plan-store";
import { storageFailure } from "../storage/storage-errors";
import { tempPathFor } from "../storage/temp-files";
import { readPlanDocumentReadOnly } from "../storage/read-only";
import { checkpoint } from "./tasks";

export const REPORT_FORMATS = ["xlsx", "hxl", "iati", "pdf"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** The extension each format's file is written with: the save dialog offers it, the app and the CLI insist on it. */
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { xlsx: "xlsx", hxl: "csv", iati: "xml", pdf: "pdf" };

/**
 * Prints HTML to a PDF file: Electron's printToPDF in the app, a system Chromium on the
 * command line (src/reports/pdf.ts, handed in by the CLI so the app never bundles it).
 */
export interface PdfPrinter {
  print(html: string, margins: ReturnType<typeof chapterPrintMargins>, options: { paper: "A4" | "Letter" }, outFile: string): Promise<void>;
}

function readPlan(file: string): { doc: PlanDocument; conflicts: OpenConflicts } {
  const store = PlanStore.open(file);
  try {
    return { doc: store.document(), conflicts: openConflictCounts(store.db) };
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
  /** Conflicts open in the plan: the output says so. */
  conflicts?: OpenConflicts;
  /** Asked just before the file is written: true stops the export (a cancelled task) and nothing is written. */
  stop?: () => boolean;
}

/** Exports from a plan file; answers where, and how many conflicts were open (the caller warns). */
export async function exportNationalFile(planFile: string, out: string, options: ExportOptions, printer?: PdfPrinter): Promise<{ path: string; openConflicts: number }> {
  const { doc, conflicts } = readPlan(planFile);
  return { path: await exportNational(doc, out, { ...options, conflicts }, printer), openConflicts: conflicts.open };
}

export async function exportNational(doc: PlanDocument, out: string, options: ExportOptions, printer?: PdfPrinter): Promise<string> {
  const write = (content: Buffer | string) => {
    checkpoint(options.stop);
    writeAtomically(out, content);
  };
  switch (options.format) {
    case "xlsx":
      write(await buildNationalWorkbook(doc, { language: options.language, paper: options.paper, conflicts: options.conflicts }));
      break;
    case "hxl":
      write(planToHxlCsv(doc, options.conflicts));
      break;
    case "iati":
      write(planToIatiXml(doc, undefined, options.conflicts));
      break;
    case "pdf": {
      if (!printer) throw new MatrizError("internal", { detail: "no PDF printer in this environment" });
      // Printing takes seconds: a task cancelled already need not print.
      checkpoint(options.stop);
      const temp = tempPathFor(out, ".pdf");
      try {
        const chapter: ChapterOptions = { language: options.language, locale: options.locale, conflicts: options.conflicts };
        await printer.print(nationalChapterHtml(doc, chapter), chapterPrintMargins(doc, chapter), { paper: options.paper ?? "A4" }, temp);
        checkpoint(options.stop);
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
