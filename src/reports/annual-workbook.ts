/**
 * The annual report as a workbook: a summary, statuses by pillar and by
 * institution, late actions, indicators, the budget of the period's year, the
 * period's progress notes and what changed. Counts are numbers and shares are
 * percentages with one decimal, so the sheets can be summed and checked.
 */
import { ACTION_STATUSES, type ActionStatus } from "../domain/document";
import { translate, type Language, type MessageKey } from "../i18n";
import type { AnnualReport } from "./annual-report";
import { percentOf, type StatusRow } from "./progress";
import type { ChangeRow } from "./change-words";
import { tableSheet, type CellValue, type TableColumn } from "./table-sheet";
import { streamedWorkbook } from "./workbook-style";

export interface AnnualWorkbookOptions {
  language: Language;
  paper?: "A4" | "Letter";
}

const text = (value: string | null | undefined): CellValue => ({ text: value });
const count = (value: number | null | undefined): CellValue => ({ count: value });
const percent = (value: number | null | undefined): CellValue => ({ percent: value });
const number = (value: number | null | undefined): CellValue => ({ number: value });
const money = (minor: number): CellValue => ({ money: minor / 100 });

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The columns of a "what changed" sheet, the same in the annual and the round workbooks. */
export function changeColumns(t: Translate): TableColumn[] {
  return [
    { header: t("report.annual.ref"), width: 9 },
    { header: t("report.annual.pillar"), width: 8 },
    { header: t("report.annual.subject"), width: 40 },
    { header: t("report.annual.kind"), width: 16 },
    { header: t("report.annual.what"), width: 60 },
    { header: t("report.annual.who"), width: 18 },
    { header: t("report.annual.when"), width: 12 },
  ];
}

/** One change as the cells of that sheet. */
export function changeCells(row: ChangeRow, t: Translate): CellValue[] {
  return [
    text(row.ref ?? ""),
    number(row.pillar),
    text(row.subject === "plan" ? t("report.annual.planWide") : row.title),
    text(t("report.annual.kindValue", { subject: row.subject, kind: row.kind })),
    text(row.what),
    text(row.who),
    text(row.when),
  ];
}

export async function buildAnnualWorkbook(report: AnnualReport, options: AnnualWorkbookOptions): Promise<Buffer> {
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(options.language, key, params);
  const status = (s: ActionStatus) => t(`ui.status.${s}` as MessageKey);
  const { workbook, finish } = streamedWorkbook();
  workbook.title = t("report.annual.title", { period: report.period });
  const paper = options.paper;
  const progress = report.progress;
  const heading = [
    t("report.annual.subtitle", { country: report.country, planPeriod: `${report.planPeriod.start}–${report.planPeriod.end}`, title: report.title }),
    t("report.annual.asOf", { date: progress.asOf, generated: report.generatedAt.slice(0, 10) }),
  ];

  const summary = tableSheet(workbook, t("report.annual.sheetSummary"), t("report.annual.title", { period: report.period }), [
    { header: t("report.annual.status"), width: 34 },
    { header: t("report.annual.count"), width: 12 },
    { header: t("report.annual.share"), width: 12 },
  ], paper, heading);
  for (const s of ACTION_STATUSES) summary.row([text(status(s)), count(progress.totals[s]), percent(percentOf(progress.totals[s], progress.actions))]);
  summary.row([text(t("report.annual.total")), count(progress.actions), percent(progress.actions ? 100 : null)], { total: true });
  summary.line("");
  summary.line(t("ui.progress.overview", { count: progress.actions, done: progress.totals.done, percent: String(percentOf(progress.totals.done, progress.actions) ?? 0), late: progress.late.length }), { bold: true });
  summary.done();

  const statusTable = (name: string, title: string, first: string, rows: StatusRow[]) => {
    const sheet = tableSheet(workbook, name, title, [
      { header: first, width: 40 },
      ...ACTION_STATUSES.map((s) => ({ header: status(s), width: 13 })),
      { header: t("report.annual.total"), width: 10 },
      { header: t("report.annual.percentDone"), width: 13 },
    ], paper);
    for (const row of rows) sheet.row([text(row.label), ...ACTION_STATUSES.map((s) => count(row.counts[s])), count(row.total), percent(percentOf(row.counts.done, row.total))]);
    sheet.row([text(t("report.annual.total")), ...ACTION_STATUSES.map((s) => count(progress.totals[s])), count(progress.actions), percent(percentOf(progress.totals.done, progress.actions))], { total: true });
    sheet.done();
  };
  statusTable(t("report.annual.sheetPillars"), t("report.annual.pillarsTitle"), t("report.annual.pillar"), progress.byPillar);
  statusTable(t("report.annual.sheetInstitutions"), t("report.annual.institutionsTitle"), t("report.annual.institution"), progress.byInstitution);

  const lastNote = new Map<string, string>();
  for (const note of report.notes) lastNote.set(note.ref, note.note);
  const late = tableSheet(workbook, t("report.annual.sheetLate"), t("report.annual.lateTitle"), [
    { header: t("report.annual.ref"), width: 9 },
    { header: t("report.annual.action"), width: 50 },
    { header: t("report.annual.institutions"), width: 26 },
    { header: t("report.annual.due"), width: 12 },
    { header: t("report.annual.status"), width: 14 },
    { header: t("report.annual.lastNote"), width: 44 },
  ], paper, [t("ui.progress.lateHint", { date: progress.asOf })]);
  for (const l of progress.late) late.row([text(l.ref), text(l.text), text(l.institutions.join(", ")), number(l.due), text(status(l.status)), text(lastNote.get(l.ref) ?? "")]);
  late.done();

  const part = (b: { sex: string | null; age: string | null; value: number }) =>
    `${[b.sex ? t(`ui.monitoring.${b.sex}` as MessageKey) : "", b.age ? t("ui.monitoring.age", { age: b.age }) : ""].filter(Boolean).join(", ")}: ${b.value}`;
  const indicators = tableSheet(workbook, t("report.annual.sheetIndicators"), t("report.annual.indicatorsTitle", { period: report.period }), [
    { header: t("report.annual.ref"), width: 9 },
    { header: t("report.annual.measures"), width: 36 },
    { header: t("report.annual.indicator"), width: 36 },
    { header: t("report.annual.unit"), width: 12 },
    { header: t("report.annual.baselineYear"), width: 10 },
    { header: t("report.annual.baseline"), width: 12 },
    { header: t("report.annual.target"), width: 12 },
    { header: t("report.annual.actual"), width: 14 },
    { header: t("report.annual.percent"), width: 12 },
    { header: t("report.annual.note"), width: 30 },
    { header: t("report.annual.source"), width: 24 },
    { header: t("report.annual.breakdown"), width: 30 },
  ], paper, [t("report.annual.percentNote")]);
  for (const i of progress.indicators) {
    indicators.row([
      text(i.ref),
      text(i.measures),
      text(i.title),
      text(i.unit),
      number(i.baseline?.year ?? null),
      number(i.baseline?.value ?? null),
      number(i.target),
      number(i.actual),
      percent(i.percent),
      text(i.note),
      text(i.source),
      text(i.breakdown.map(part).join("; ")),
    ]);
  }
  indicators.done();

  const budget = tableSheet(workbook, t("report.annual.sheetBudget", { year: report.year }), t("report.annual.budgetTitle", { year: report.year }), [
    { header: t("report.annual.currency"), width: 10 },
    { header: t("report.annual.pillar"), width: 40 },
    { header: t("report.annual.planned"), width: 16 },
    { header: t("report.annual.funded"), width: 16 },
    { header: t("report.annual.toBeMobilised"), width: 16 },
    { header: t("report.annual.unspecified"), width: 16 },
  ], paper);
  for (const row of report.budget) {
    const label = row.pillar === null ? t("report.annual.allPillars") : `${row.pillar}. ${row.title}`;
    budget.row([text(row.currency), text(label), money(row.planned), money(row.funded), money(row.toBeMobilised), money(row.unspecified)], { total: row.pillar === null });
  }
  budget.done();

  const notes = tableSheet(workbook, t("report.annual.sheetNotes"), t("report.annual.notesTitle", { period: report.period }), [
    { header: t("report.annual.ref"), width: 9 },
    { header: t("report.annual.action"), width: 44 },
    { header: t("report.annual.period"), width: 10 },
    { header: t("report.annual.date"), width: 12 },
    { header: t("report.annual.author"), width: 18 },
    { header: t("report.annual.note"), width: 60 },
  ], paper);
  for (const n of report.notes) notes.row([text(n.ref), text(n.action), text(n.period), text(n.date), text(n.author), text(n.note)]);
  notes.done();

  const c = report.changes.counts.total;
  const changes = tableSheet(workbook, t("report.annual.sheetChanges"), t("report.annual.changesTitle", { date: report.changes.since }), changeColumns(t), paper, [
    t("report.annual.changesHint"),
    t("report.annual.changesCount", { added: c.actions.added, changed: c.actions.changed, removed: c.actions.removed, needsAdded: c.needs.added, needsChanged: c.needs.changed, needsRemoved: c.needs.removed }),
  ]);
  for (const row of report.changes.rows) changes.row(changeCells(row, t));
  changes.done();
  return finish();
}
