/**
 * The returns tracker: for each institution, which finance workbooks went out and
 * when, which came back (file, date, who imported it) and the conflicts still
 * open. Read from the plan's export records, imported files and conflicts, with
 * merged spellings counted under the entry that absorbed them.
 */
import type { Database as Db } from "better-sqlite3";
import { statements } from "../storage/change-log";

export type ReturnStatus = "not_sent" | "sent" | "returned" | "conflicts";

export interface ReturnedFileInfo {
  id: string;
  file: string;
  at: string;
  by: string | null;
  openConflicts: number;
}

export interface SentWorkbook {
  id: string;
  file: string;
  at: string;
  revision: number;
  returns: ReturnedFileInfo[];
}

export interface ReturnsEntry {
  /** Null: workbooks of the whole plan, for planners. */
  institutionId: string | null;
  label: string | null;
  acronym: string | null;
  actions: number;
  status: ReturnStatus;
  sent: SentWorkbook[];
  lastSent: string | null;
  lastReturned: string | null;
  openConflicts: number;
}

type R = Record<string, any>;

export function returnsTracker(db: Db): ReturnsEntry[] {
  const all = (sql: string) => statements(db).get(sql).all() as R[];
  const canonical = "coalesce((SELECT merged_into FROM institution WHERE id = x.institution_id), x.institution_id)";
  const exports = all(`SELECT x.id, x.file_name, x.created_at, x.revision, ${canonical} AS institution FROM export_record x ORDER BY x.created_at, x.rowid`);
  // Who imported: recorded with the file since schema 4; before, the author of the change set it wrote.
  const files = all(
    `SELECT x.id, x.file_name, x.imported_at, x.export_id,
       coalesce(x.imported_by, (SELECT s.author FROM change_set s WHERE s.source_file = x.id ORDER BY s.id LIMIT 1)) AS by,
       (SELECT count(*) FROM merge_conflict c WHERE c.imported_file_id = x.id AND c.status = 'open') AS open
     FROM imported_file x ORDER BY x.imported_at, x.rowid`,
  );
  const institutions = all(
    `SELECT i.id, i.label, i.acronym, (SELECT count(DISTINCT l.action_id) FROM action_institution l WHERE l.institution_id = i.id) AS actions
     FROM institution i WHERE i.merged_into IS NULL ORDER BY i.label COLLATE NOCASE`,
  );
  const returnsByExport = new Map<string, ReturnedFileInfo[]>();
  for (const f of files) {
    const info = { id: f.id, file: f.file_name, at: f.imported_at, by: f.by ?? null, openConflicts: f.open };
    returnsByExport.set(f.export_id, [...(returnsByExport.get(f.export_id) ?? []), info]);
  }
  const sentBy = new Map<string | null, SentWorkbook[]>();
  for (const x of exports) {
    const sent = { id: x.id, file: x.file_name, at: x.created_at, revision: x.revision, returns: returnsByExport.get(x.id) ?? [] };
    sentBy.set(x.institution ?? null, [...(sentBy.get(x.institution ?? null) ?? []), sent]);
  }
  const entry = (institutionId: string | null, label: string | null, acronym: string | null, actions: number): ReturnsEntry => {
    const sent = sentBy.get(institutionId) ?? [];
    const returns = sent.flatMap((s) => s.returns);
    const openConflicts = returns.reduce((n, r) => n + r.openConflicts, 0);
    const latest = sent[sent.length - 1];
    const status: ReturnStatus = openConflicts ? "conflicts" : !latest ? "not_sent" : latest.returns.length ? "returned" : "sent";
    return {
      institutionId,
      label,
      acronym,
      actions,
      status,
      sent,
      lastSent: latest?.at ?? null,
      lastReturned: returns.map((r) => r.at).sort().pop() ?? null,
      openConflicts,
    };
  };
  // Institutions with actions, and any other that had a workbook sent.
  const list = institutions.filter((i) => i.actions > 0 || sentBy.has(i.id)).map((i) => entry(i.id, i.label, i.acronym, i.actions));
  if (sentBy.has(null)) list.push(entry(null, null, null, 0));
  return list;
}
