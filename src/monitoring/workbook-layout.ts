/**
 * The monitoring workbook's columns, keyed like the finance workbook's (row 1
 * hidden, holding each column's key and the manifest; row 2 the header people
 * read; data from row 3). An action row carries the status and a progress note
 * for the period; an indicator row the value reached in the period (key
 * `actual:<period>`, as `amount:<year>` in the finance workbook), a note and the
 * source that verifies it.
 */
import { translate, type Language, type MessageKey } from "../i18n";

export const MONITORING_TAG = "matriz-monitoring-return";
export const MONITORING_VERSION = 1;

export type MonitoringColumnKind = "structure" | "open" | "hidden";

export interface MonitoringColumn {
  key: string;
  kind: MonitoringColumnKind;
  width: number;
  header: MessageKey;
}

export const actualKey = (period: string) => `actual:${period}`;

export function monitoringColumns(period: string): MonitoringColumn[] {
  return [
    { key: "pillar", kind: "structure", width: 16, header: "monitoring.workbook.pillar" },
    { key: "need", kind: "structure", width: 26, header: "column.need" },
    { key: "action", kind: "structure", width: 44, header: "column.action" },
    { key: "institutions", kind: "structure", width: 20, header: "column.institutions" },
    { key: "schedule", kind: "structure", width: 14, header: "column.schedule" },
    { key: "indicator", kind: "structure", width: 32, header: "monitoring.workbook.indicator" },
    { key: "baseline", kind: "structure", width: 12, header: "monitoring.workbook.baseline" },
    { key: "target", kind: "structure", width: 12, header: "monitoring.workbook.target" },
    { key: "status", kind: "open", width: 16, header: "column.status" },
    { key: actualKey(period), kind: "open", width: 14, header: "monitoring.workbook.actual" },
    { key: "note", kind: "open", width: 44, header: "monitoring.workbook.note" },
    { key: "source", kind: "open", width: 26, header: "monitoring.workbook.source" },
    { key: "action_id", kind: "hidden", width: 10, header: "monitoring.workbook.hidden" },
    { key: "indicator_id", kind: "hidden", width: 10, header: "monitoring.workbook.hidden" },
    { key: "manifest", kind: "hidden", width: 10, header: "monitoring.workbook.hidden" },
  ];
}

export function columnHeader(column: MonitoringColumn, lang: Language, period: string): string {
  if (column.kind === "hidden") return column.key;
  return translate(lang, column.header, { period });
}

export interface MonitoringManifest {
  tag: typeof MONITORING_TAG;
  version: number;
  plan: string;
  institution: string;
  export: string;
  revision: number;
  period: string;
}

export function monitoringManifestText(manifest: Omit<MonitoringManifest, "tag" | "version">): string {
  return JSON.stringify({ tag: MONITORING_TAG, version: MONITORING_VERSION, ...manifest });
}

export function parseMonitoringManifest(text: string): MonitoringManifest | null {
  if (!text.includes(MONITORING_TAG)) return null;
  try {
    const value = JSON.parse(text) as MonitoringManifest;
    return value && value.tag === MONITORING_TAG ? value : null;
  } catch {
    return null;
  }
}

/** What the plan held for an institution's actions and indicators when its workbook went out: the merge's base. */
export interface MonitoringSnapshot {
  kind: "monitoring";
  planId: string;
  institutionId: string;
  /** Kept so the export record reads like a finance one (the returns tracker lists both). */
  institutions: Record<string, string>;
  period: string;
  revision: number;
  language: Language;
  actions: Record<string, { status: string; note: string | null }>;
  indicators: Record<string, { actionId: string; value: number | null; note: string | null; source: string | null }>;
}
