/**
 * Where a returned file's kind is told apart: a monitoring workbook goes through
 * the monitoring merge, anything else on to the finance one. What comes back is
 * shaped as the finance import's outcome, so the CLI, the preview, the conflicts
 * list and the returns tracker treat both kinds the same way.
 */
import path from "node:path";
import type { Database as Db } from "better-sqlite3";
import type { NumberLocale } from "../domain/numbers";
import { MatrizError } from "../domain/errors";
import { LANGUAGES, translate, type Language } from "../i18n";
import { statements } from "../storage/change-log";
import { ACTIONS_SHEET_NAMES } from "../spreadsheet/layout";
import { readSpreadsheet, type ReadWorkbook } from "../spreadsheet/read";
import { describeMonitoring, importMonitoringBook, isMonitoringBook, type MonitoringChange, type MonitoringImportOutcome } from "./workbook-import";

const MONITORING_SHEET_NAMES = LANGUAGES.map((lang) => translate(lang, "monitoring.workbook.sheet"));

export interface BridgeOptions {
  author: string;
  language?: Language;
  numberLocale?: NumberLocale;
  round?: number | null;
  dryRun?: boolean;
  at?: string;
}

/** The preview of a monitoring file in the finance preview's shape (no budget operations; its changes already said). */
export interface MonitoringPreview {
  file: string;
  sha256: string;
  alreadyImported: false;
  exportId: string;
  institution: string;
  sheet: string;
  rowsRead: number;
  counts: { added: number; changed: number; removed: number; conflicts: number };
  ops: never[];
  conflicts: MonitoringImportOutcome["merged"]["conflicts"];
  outside: never[];
  proposed: never[];
  matches: never[];
  errors: MonitoringImportOutcome["read"]["errors"];
  notices: ReadWorkbook["notices"];
  /** Plan-defined columns travel in finance workbooks only. */
  columns: never[];
  monitoring: MonitoringChange[];
}

export type Bridged =
  | { kind: "finance"; book: ReadWorkbook }
  | { kind: "monitoring"; outcome: { status: "applied" | "conflicts" | "preview"; importedFileId: string | null; changeSetId: number | null; conflictIds: string[]; preview: MonitoringPreview } };

function roundId(db: Db, round: number | null | undefined): string | null {
  if (round === null || round === undefined) return null;
  const found = statements(db).get("SELECT id FROM consultation_round WHERE number = ?").get(round) as { id: string } | undefined;
  if (!found) throw new MatrizError("not_found", { entity: "consultation_round", id: String(round) });
  return found.id;
}

/** Reads the file once: a monitoring workbook is imported here, any other is handed back read, for the finance import. */
export function importIfMonitoring(db: Db, file: string, bytes: Buffer, sha256: string, options: BridgeOptions): Bridged {
  const name = path.basename(file);
  // The sheet a finance or a monitoring workbook keeps its rows in, alone when the file has it by
  // name; every sheet when it has neither (a renamed sheet), so a monitoring manifest is found anywhere.
  let book = readSpreadsheet(bytes, name, { sheets: [...ACTIONS_SHEET_NAMES, ...MONITORING_SHEET_NAMES] });
  if (book.partial && !isMonitoringBook(book) && !book.sheets.some((s) => ACTIONS_SHEET_NAMES.some((n) => n.toLowerCase() === s.name.toLowerCase()))) book = readSpreadsheet(bytes, name);
  if (!isMonitoringBook(book)) return { kind: "finance", book };
  const outcome = importMonitoringBook(db, book, { name, bytes, sha256 }, { ...options, roundId: roundId(db, options.round) });
  const { read, merged } = outcome;
  return {
    kind: "monitoring",
    outcome: {
      status: outcome.status,
      importedFileId: outcome.importedFileId,
      changeSetId: outcome.changeSetId,
      conflictIds: outcome.conflictIds,
      preview: {
        file: name,
        sha256,
        alreadyImported: false,
        exportId: read.manifest.export,
        institution: read.base.institutions[read.base.institutionId] ?? read.base.institutionId,
        sheet: read.sheet,
        rowsRead: read.rowsRead,
        counts: { added: 0, changed: merged.apply.length, removed: 0, conflicts: merged.conflicts.length },
        ops: [],
        conflicts: merged.conflicts,
        outside: [],
        proposed: [],
        matches: [],
        errors: read.errors,
        notices: book.notices,
        columns: [],
        monitoring: describeMonitoring(db, read, merged),
      },
    },
  };
}
