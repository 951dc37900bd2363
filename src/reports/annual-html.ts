/**
 * The annual report as one self-contained HTML page for printing to PDF
 * (Electron's printToPDF in the app, Chromium on the command line): the same
 * sections as the workbook, each chart followed by its figures.
 */
import { ACTION_STATUSES, type ActionStatus } from "../domain/document";
import { formatAmount } from "../domain/numbers";
import { translate, type Language, type MessageKey } from "../i18n";
import type { AnnualReport } from "./annual-report";
import { percentOf } from "./progress";
import { STATUS_COLORS, svgBars } from "./svg-bars";

export interface ReportHtmlOptions {
  language: Language;
  locale: string;
}

export function escapeHtml(text: string | number | null | undefined): string {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export const REPORT_STYLE = `
  @page { size: A4 landscape; margin: 16mm 12mm 16mm 12mm; }
  body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9pt; color: #111; }
  h1 { font-size: 17pt; margin: 0 0 2mm; color: #0b3a66; }
  h2 { font-size: 12pt; color: #fff; background: #0b3a66; padding: 1.5mm 3mm; margin: 6mm 0 2mm; break-after: avoid; }
  .subtitle { font-size: 10pt; margin: 0 0 1mm; color: #333; }
  .hint { color: #444; margin: 1mm 0 2mm; }
  .overview { font-size: 11pt; font-weight: bold; margin: 3mm 0; }
  table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  th { background: #dfe8f2; text-align: left; font-size: 8pt; padding: 1.2mm; border: 0.3mm solid #9db3c9; }
  td { vertical-align: top; padding: 1.2mm; border: 0.3mm solid #c5d3e0; }
  td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  tr.total td { font-weight: bold; background: #f3f3f3; }
  figure { margin: 2mm 0; break-inside: avoid; }
`;

/** Up to this many indicators with a share of their target get one bar each; more are summed up by pillar. */
export const ONE_BAR_EACH = 60;

/** Shares of the target reached, in bands: under half, half or more, met. */
const PERCENT_BANDS = ["under50", "from50", "met"] as const;
const BAND_COLORS: Record<(typeof PERCENT_BANDS)[number], string> = { under50: "#c2410c", from50: "#1f6fd1", met: "#2e7d32" };

/** How many indicators of each pillar reached under 50 %, 50 % or more, and all of their target. */
export function percentBands(indicators: ReadonlyArray<{ pillar: number; percent: number | null }>, pillars: ReadonlyArray<{ key: string; label: string }>): Array<{ label: string; counts: number[] }> {
  const byPillar = new Map<number, number[]>();
  for (const indicator of indicators) {
    if (indicator.percent === null) continue;
    const counts = byPillar.get(indicator.pillar) ?? PERCENT_BANDS.map(() => 0);
    counts[indicator.percent >= 100 ? 2 : indicator.percent >= 50 ? 1 : 0]!++;
    byPillar.set(indicator.pillar, counts);
  }
  return [...byPillar.entries()].sort((a, b) => a[0] - b[0]).map(([pillar, counts]) => ({ label: pillars.find((p) => p.key === String(pillar))?.label ?? String(pillar), counts }));
}

function table(headers: string[], rows: string[][], numeric: ReadonlySet<number>, totalRows: ReadonlySet<number> = new Set()): string {
  const head = headers.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((r, k) => `<tr${totalRows.has(k) ? ' class="total"' : ""}>${r.map((cell, i) => `<td${numeric.has(i) ? ' class="num"' : ""}>${cell}</td>`).join("")}</tr>`)
    .join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function annualReportHtml(report: AnnualReport, options: ReportHtmlOptions): string {
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(options.language, key, params);
  const status = (s: ActionStatus) => t(`ui.status.${s}` as MessageKey);
  const n = (value: number | null | undefined, digits = 0) => (value === null || value === undefined ? "—" : escapeHtml(formatAmount(value, options.locale, Number.isInteger(value) ? 0 : Math.max(digits, 1))));
  const pct = (value: number | null) => (value === null ? "—" : `${n(value, 1)} %`);
  const money = (minor: number) => escapeHtml(formatAmount(minor / 100, options.locale));
  const p = report.progress;
  const title = t("report.annual.title", { period: report.period });
  const parts: string[] = [
    `<!doctype html><html lang="${options.language}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${REPORT_STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="subtitle">${escapeHtml(t("report.annual.subtitle", { country: report.country, planPeriod: `${report.planPeriod.start}–${report.planPeriod.end}`, title: report.title }))}</p>`,
    `<p class="subtitle">${escapeHtml(t("report.annual.asOf", { date: p.asOf, generated: report.generatedAt.slice(0, 10) }))}</p>`,
    `<p class="overview">${escapeHtml(t("ui.progress.overview", { count: p.actions, done: p.totals.done, percent: formatAmount(percentOf(p.totals.done, p.actions) ?? 0, options.locale, 1), late: p.late.length }))}</p>`,
  ];

  // Statuses: totals, by pillar (chart and table), by institution.
  parts.push(`<h2>${escapeHtml(t("report.annual.statusTitle"))}</h2>`);
  parts.push(table([t("report.annual.status"), t("report.annual.count"), t("report.annual.share")], [...ACTION_STATUSES.map((s) => [escapeHtml(status(s)), n(p.totals[s]), pct(percentOf(p.totals[s], p.actions))]), [escapeHtml(t("report.annual.total")), n(p.actions), pct(p.actions ? 100 : null)]], new Set([1, 2]), new Set([ACTION_STATUSES.length])));
  const statusSeries = (rows: typeof p.byPillar) => ACTION_STATUSES.map((s) => ({ label: status(s), values: rows.map((r) => r.counts[s]), color: STATUS_COLORS[s]! }));
  parts.push(`<h2>${escapeHtml(t("report.annual.pillarsTitle"))}</h2>`);
  if (p.byPillar.length) parts.push(`<figure>${svgBars({ title: t("report.annual.chartPillars"), categories: p.byPillar.map((r) => r.label), series: statusSeries(p.byPillar), format: (v) => formatAmount(v, options.locale, 0) })}</figure>`);
  const statusRows = (rows: typeof p.byPillar) => rows.map((r) => [escapeHtml(r.label), ...ACTION_STATUSES.map((s) => n(r.counts[s])), n(r.total), pct(percentOf(r.counts.done, r.total))]);
  const statusHead = (first: MessageKey) => [t(first), ...ACTION_STATUSES.map(status), t("report.annual.total"), t("report.annual.percentDone")];
  const numericStatus = new Set(ACTION_STATUSES.map((_, i) => i + 1).concat([ACTION_STATUSES.length + 1, ACTION_STATUSES.length + 2]));
  parts.push(table(statusHead("report.annual.pillar"), statusRows(p.byPillar), numericStatus));
  parts.push(`<h2>${escapeHtml(t("report.annual.institutionsTitle"))}</h2>`);
  parts.push(table(statusHead("report.annual.institution"), statusRows(p.byInstitution), numericStatus));

  parts.push(`<h2>${escapeHtml(t("report.annual.lateTitle"))} (${p.late.length})</h2><p class="hint">${escapeHtml(t("ui.progress.lateHint", { date: p.asOf }))}</p>`);
  parts.push(p.late.length ? table([t("report.annual.ref"), t("report.annual.action"), t("report.annual.institutions"), t("report.annual.due"), t("report.annual.status")], p.late.map((l) => [escapeHtml(l.ref), escapeHtml(l.text), escapeHtml(l.institutions.join(", ")), escapeHtml(l.due), escapeHtml(status(l.status))]), new Set([3])) : `<p>${escapeHtml(t("report.annual.noRows"))}</p>`);

  parts.push(`<h2>${escapeHtml(t("report.annual.indicatorsTitle", { period: report.period }))}</h2><p class="hint">${escapeHtml(t("report.annual.percentNote"))}</p>`);
  const withPercent = p.indicators.filter((i) => i.percent !== null);
  if (withPercent.length && withPercent.length <= ONE_BAR_EACH) {
    parts.push(`<figure>${svgBars({ title: t("report.annual.chartPercent"), categories: withPercent.map((i) => `${i.ref} ${i.title}`), series: [{ label: "%", values: withPercent.map((i) => i.percent ?? 0), color: "#1f6fd1" }], format: (v) => `${formatAmount(v, options.locale, 1)} %`, max: 100 })}</figure>`);
  } else if (withPercent.length) {
    // Too many for one bar each to be read on paper: how many reached which share of their target, by pillar; the table below gives each.
    const bands = percentBands(withPercent, p.byPillar);
    const bandLabels = PERCENT_BANDS.map((band) => t("report.annual.percentBand", { band }));
    parts.push(`<p class="hint">${escapeHtml(t("report.annual.percentSummaryNote", { count: withPercent.length }))}</p>`);
    parts.push(
      `<figure>${svgBars({
        title: t("report.annual.chartPercentByPillar"),
        categories: bands.map((b) => b.label),
        series: PERCENT_BANDS.map((band, k) => ({ label: bandLabels[k]!, values: bands.map((b) => b.counts[k]!), color: BAND_COLORS[band] })),
        format: (v) => formatAmount(v, options.locale, 0),
      })}</figure>`,
    );
    parts.push(table([t("report.annual.pillar"), ...bandLabels, t("report.annual.total")], bands.map((b) => [escapeHtml(b.label), ...b.counts.map((c) => n(c)), n(b.counts.reduce((sum, c) => sum + c, 0))]), new Set(PERCENT_BANDS.map((_, k) => k + 1).concat([PERCENT_BANDS.length + 1]))));
  }
  parts.push(
    p.indicators.length
      ? table(
          [t("report.annual.ref"), t("report.annual.indicator"), t("report.annual.unit"), t("report.annual.baseline"), t("report.annual.target"), t("report.annual.actual"), t("report.annual.percent"), t("report.annual.note")],
          p.indicators.map((i) => [escapeHtml(i.ref), escapeHtml(i.title), escapeHtml(i.unit), i.baseline ? `${n(i.baseline.value)} (${escapeHtml(i.baseline.year)})` : "—", n(i.target), n(i.actual), pct(i.percent), escapeHtml(i.note ?? "")]),
          new Set([3, 4, 5, 6]),
        )
      : `<p>${escapeHtml(t("report.annual.noRows"))}</p>`,
  );

  parts.push(`<h2>${escapeHtml(t("report.annual.budgetTitle", { year: report.year }))}</h2>`);
  for (const currency of [...new Set(report.budget.map((b) => b.currency))]) {
    const total = report.budget.find((b) => b.currency === currency && b.pillar === null)!;
    parts.push(
      `<figure>${svgBars({
        title: t("report.annual.chartBudget", { year: report.year, currency }),
        categories: [t("report.annual.funded"), t("report.annual.toBeMobilised"), t("report.annual.unspecified")],
        series: [{ label: currency, values: [total.funded / 100, total.toBeMobilised / 100, total.unspecified / 100], color: "#0b3a66" }],
        format: (v) => formatAmount(v, options.locale),
      })}</figure>`,
    );
  }
  const budgetRows = report.budget.map((b) => [escapeHtml(b.currency), escapeHtml(b.pillar === null ? t("report.annual.allPillars") : `${b.pillar}. ${b.title}`), money(b.planned), money(b.funded), money(b.toBeMobilised), money(b.unspecified)]);
  const totalsAt = new Set(report.budget.flatMap((b, i) => (b.pillar === null ? [i] : [])));
  parts.push(report.budget.length ? table([t("report.annual.currency"), t("report.annual.pillar"), t("report.annual.planned"), t("report.annual.funded"), t("report.annual.toBeMobilised"), t("report.annual.unspecified")], budgetRows, new Set([2, 3, 4, 5]), totalsAt) : `<p>${escapeHtml(t("report.annual.noRows"))}</p>`);

  parts.push(`<h2>${escapeHtml(t("report.annual.notesTitle", { period: report.period }))}</h2>`);
  parts.push(report.notes.length ? table([t("report.annual.ref"), t("report.annual.action"), t("report.annual.date"), t("report.annual.author"), t("report.annual.note")], report.notes.map((r) => [escapeHtml(r.ref), escapeHtml(r.action), escapeHtml(r.date), escapeHtml(r.author ?? ""), escapeHtml(r.note)]), new Set()) : `<p>${escapeHtml(t("report.annual.noRows"))}</p>`);

  const c = report.changes.counts.total;
  parts.push(`<h2>${escapeHtml(t("report.annual.changesTitle", { date: report.changes.since }))}</h2>`);
  parts.push(`<p class="hint">${escapeHtml(t("report.annual.changesHint"))} ${escapeHtml(t("report.annual.changesCount", { added: c.actions.added, changed: c.actions.changed, removed: c.actions.removed, needsAdded: c.needs.added, needsChanged: c.needs.changed, needsRemoved: c.needs.removed }))}</p>`);
  parts.push(changesTable(report.changes.rows, t));
  parts.push("</body></html>");
  return parts.join("\n");
}

/** The changes as a table: reference, what it is, the kind of change, what changed, who and when. */
export function changesTable(rows: AnnualReport["changes"]["rows"], t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
  if (!rows.length) return `<p>${escapeHtml(t("report.annual.noChanges"))}</p>`;
  return table(
    [t("report.annual.ref"), t("report.annual.subject"), t("report.annual.kind"), t("report.annual.what"), t("report.annual.who"), t("report.annual.when")],
    rows.map((r) => [escapeHtml(r.ref ?? ""), escapeHtml(r.subject === "plan" ? t("report.annual.planWide") : r.title), escapeHtml(t("report.annual.kindValue", { subject: r.subject, kind: r.kind })), escapeHtml(r.what), escapeHtml(r.who), escapeHtml(r.when)]),
    new Set(),
  );
}

/** "Progress report 2018 · page n of N" in the printed margins. */
export function reportPrintMargins(title: string, country: string, language: Language) {
  const t = (key: MessageKey) => translate(language, key);
  const style = `font-size:7.5pt;font-family:Arial,sans-serif;width:100%;padding:0 12mm;color:#444;display:flex;justify-content:space-between`;
  return {
    headerTemplate: `<div style="${style}"><span>${escapeHtml(title)}</span><span>${escapeHtml(country)}</span></div>`,
    footerTemplate: `<div style="${style}"><span>${escapeHtml(country)}</span><span>${escapeHtml(t("report.chapter.page"))} <span class="pageNumber"></span> ${escapeHtml(t("report.chapter.of"))} <span class="totalPages"></span></span></div>`,
  };
}
