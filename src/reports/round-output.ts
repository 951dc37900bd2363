/** The round report as a workbook (summary by pillar and by person, then every change) and as a printable page. */
import { translate, type Language, type MessageKey } from "../i18n";
import { changeCells, changeColumns } from "./annual-workbook";
import { changesTable, escapeHtml, REPORT_STYLE, type ReportHtmlOptions } from "./annual-html";
import type { ChangeCounts } from "./change-summary";
import type { RoundReport } from "./round-report";
import { tableSheet, type CellValue } from "./table-sheet";
import { streamedWorkbook } from "./workbook-style";

type Counts = { actions: ChangeCounts; needs: ChangeCounts };
const COUNT_KEYS: Array<[MessageKey, (c: Counts) => number]> = [
  ["report.round.actionsAdded", (c) => c.actions.added],
  ["report.round.actionsChanged", (c) => c.actions.changed],
  ["report.round.actionsRemoved", (c) => c.actions.removed],
  ["report.round.needsAdded", (c) => c.needs.added],
  ["report.round.needsChanged", (c) => c.needs.changed],
  ["report.round.needsRemoved", (c) => c.needs.removed],
];

function roundLines(report: RoundReport, t: (key: MessageKey, params?: Record<string, string | number>) => string): string[] {
  const r = report.round;
  return [
    t("report.round.meta", { country: report.country, title: report.title }),
    ...(r.date ? [t("report.round.date", { date: r.date })] : []),
    ...(r.participants ? [t("report.round.participants", { text: r.participants })] : []),
    ...(r.objectives ? [t("report.round.objectives", { text: r.objectives })] : []),
    ...(r.outcome ? [t("report.round.outcome", { text: r.outcome })] : []),
  ];
}

function pillarLabel(report: RoundReport, pillar: number | null, t: (key: MessageKey) => string): string {
  if (pillar === null) return t("report.round.noPillar");
  const found = report.pillars.find((p) => p.number === pillar);
  return found ? `${pillar}. ${found.title}` : String(pillar);
}

export async function buildRoundWorkbook(report: RoundReport, options: { language: Language; paper?: "A4" | "Letter" }): Promise<Buffer> {
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(options.language, key, params);
  const { workbook, finish } = streamedWorkbook();
  const title = t("report.round.title", { number: report.round.number });
  workbook.title = title;
  const countColumns = COUNT_KEYS.map(([key]) => ({ header: t(key), width: 13 }));
  const counts = (c: Counts): CellValue[] => COUNT_KEYS.map(([, pick]) => ({ count: pick(c) }));

  const summary = tableSheet(workbook, t("report.round.sheetSummary"), title, [{ header: t("report.annual.pillar"), width: 40 }, ...countColumns], options.paper, roundLines(report, t));
  summary.line(t("report.round.byPillar"), { bold: true });
  for (const p of report.counts.byPillar) summary.row([{ text: pillarLabel(report, p.pillar, t) }, ...counts(p)]);
  summary.row([{ text: t("report.annual.total") }, ...counts(report.counts.total)], { total: true });
  summary.line("");
  summary.line(t("report.round.byAuthor"), { bold: true });
  for (const a of report.counts.byAuthor) summary.row([{ text: a.author }, ...counts(a)]);
  summary.done();

  const changes = tableSheet(workbook, t("report.round.sheetChanges"), t("report.round.details"), changeColumns(t), options.paper);
  for (const row of report.rows) changes.row(changeCells(row, t));
  if (!report.rows.length) changes.line(t("report.annual.noChanges"));
  changes.done();
  return finish();
}

export function roundReportHtml(report: RoundReport, options: ReportHtmlOptions): string {
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(options.language, key, params);
  const title = t("report.round.title", { number: report.round.number });
  const head = [t("report.annual.pillar"), ...COUNT_KEYS.map(([key]) => t(key))];
  const countRow = (label: string, c: Counts, total = false) =>
    `<tr${total ? ' class="total"' : ""}><td>${escapeHtml(label)}</td>${COUNT_KEYS.map(([, pick]) => `<td class="num">${pick(c)}</td>`).join("")}</tr>`;
  const table = (rows: string[]) => `<table><thead><tr>${head.map((h, i) => `<th${i ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
  return [
    `<!doctype html><html lang="${options.language}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${REPORT_STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    ...roundLines(report, t).map((line) => `<p class="subtitle">${escapeHtml(line)}</p>`),
    `<h2>${escapeHtml(t("report.round.byPillar"))}</h2>`,
    table([...report.counts.byPillar.map((p) => countRow(pillarLabel(report, p.pillar, t), p)), countRow(t("report.annual.total"), report.counts.total, true)]),
    `<h2>${escapeHtml(t("report.round.byAuthor"))}</h2>`,
    table(report.counts.byAuthor.map((a) => countRow(a.author, a))),
    `<h2>${escapeHtml(t("report.round.details"))}</h2>`,
    changesTable(report.rows, t),
    "</body></html>",
  ].join("\n");
}
