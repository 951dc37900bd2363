/**
 * The national chapter as the 2017 document shows it (pillar headings, need
 * rows, actions with their institutions, and the financial part), as one
 * self-contained HTML page for Electron's printToPDF or Chromium's PDF, with
 * the plan's title, date and page numbers in the page margins.
 */
import type { ActionDoc, PlanDocument } from "../domain/document";
import { formatCustomValue } from "../domain/custom-columns";
import { formatAmount } from "../domain/numbers";
import { TEMPLATES, templateForIso3 } from "../domain/templates";
import { translate, type Language, type MessageKey } from "../i18n";
import type { OpenConflicts } from "./conflict-note";

function html(text: string | number): string {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export interface ChapterOptions {
  language: Language;
  /** The user's locale for money, e.g. "es-GT". */
  locale: string;
  generatedAt?: Date;
  /** Open merge conflicts: a note under the title says the figures may still change. */
  conflicts?: OpenConflicts;
}

const STYLE = `
  @page { size: A4 landscape; margin: 18mm 12mm 16mm 12mm; }
  body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #111; }
  h1 { font-size: 18pt; margin: 0 0 2mm; color: #0b3a66; }
  .subtitle { font-size: 11pt; margin: 0 0 6mm; color: #333; }
  h2 { font-size: 13pt; background: #0b3a66; color: #fff; padding: 2mm 3mm; margin: 6mm 0 0; break-after: avoid; }
  table { width: 100%; border-collapse: collapse; }
  thead { display: table-header-group; }
  th { background: #dfe8f2; text-align: left; font-size: 8.5pt; padding: 1.5mm; border: 0.3mm solid #9db3c9; }
  td { vertical-align: top; padding: 1.5mm; border: 0.3mm solid #c5d3e0; }
  tr.need { break-after: avoid; }
  tr.need td { background: #eef3f8; font-weight: bold; }
  .lead { font-weight: bold; }
  .amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  tr.total td { font-weight: bold; background: #f6f6f6; }
  .empty { font-style: italic; color: #555; padding: 2mm 0; }
  .overarching li { margin: 1.5mm 0; }
  .conflicts-note { border: 0.4mm solid #9c2a00; color: #7a2100; padding: 2mm 3mm; margin: 0 0 5mm; font-weight: bold; }
`;

function budgetCell(action: ActionDoc, locale: string): string {
  const lines = action.budget_lines ?? [];
  if (!lines.length) return "";
  return lines
    .map((l) => `${html(l.year)} · ${html(l.institution)}: ${l.amount === null ? "—" : `${html(formatAmount(l.amount, locale))} ${html(l.currency)}`}`)
    .join("<br>");
}

function totals(actions: ActionDoc[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const action of actions) for (const l of action.budget_lines ?? []) if (l.amount !== null) sums.set(l.currency, (sums.get(l.currency) ?? 0) + Math.round(l.amount * 100));
  return sums;
}

function totalText(sums: Map<string, number>, locale: string): string {
  return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([c, minor]) => `${formatAmount(minor / 100, locale)} ${c}`).join("<br>");
}

export function nationalChapterHtml(doc: PlanDocument, options: ChapterOptions): string {
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(options.language, key, params);
  const period = doc.period ? `${doc.period.start}–${doc.period.end}` : "";
  const date = new Intl.DateTimeFormat(options.language, { dateStyle: "long" }).format(options.generatedAt ?? new Date());
  // The columns the plan's own layout has (Guatemala writes no schedule or commitment column).
  const keys = new Set((doc.template ? TEMPLATES[doc.template] : templateForIso3(doc.iso3)).columns.map((c) => c.key));
  const showSchedule = keys.has("schedule");
  const showCommitments = keys.has("commitments");
  const custom = doc.custom_columns ?? [];
  const customValue = (action: ActionDoc, c: (typeof custom)[number]) => {
    const value = action.custom?.[c.key] ?? "";
    return formatCustomValue({ kind: c.kind, options: c.options ?? [] }, value, options.locale);
  };
  const head = [
    t("column.action"),
    t("column.institutions"),
    ...(showSchedule ? [t("column.schedule")] : []),
    ...(showCommitments ? [t("column.commitments")] : []),
    ...custom.map((c) => (options.language === "es" ? c.heading_es : c.heading_en)),
    t("report.chapter.budget"),
    `${t("column.pei")} / ${t("column.poa")}`,
  ];
  const span = head.length;
  const parts: string[] = [
    `<!doctype html><html lang="${options.language}"><head><meta charset="utf-8"><title>${html(doc.title ?? doc.country)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${html(doc.title ?? doc.country)}</h1>`,
    `<p class="subtitle">${html(t("report.chapter.subtitle", { country: doc.country, period }))} · ${html(t("report.chapter.generated", { date }))}</p>`,
  ];
  if (options.conflicts?.open) parts.push(`<p class="conflicts-note" role="note">${html(t("report.conflicts.note", { count: options.conflicts.open }))}</p>`);
  const all: ActionDoc[] = [];
  for (const pillar of doc.pillars) {
    const title = (options.language === "es" ? pillar.title_es : pillar.title_en) || pillar.title;
    parts.push(`<h2>${html(t("report.chapter.pillar", { number: pillar.number, title }))}</h2>`);
    const actions = pillar.needs.flatMap((n) => n.actions);
    all.push(...actions);
    if (!actions.length && !pillar.needs.length) {
      parts.push(`<p class="empty">${html(t("report.chapter.noActions"))}</p>`);
      continue;
    }
    parts.push(`<table><thead><tr>${head.map((h) => `<th>${html(h)}</th>`).join("")}</tr></thead><tbody>`);
    for (const need of pillar.needs) {
      const profile = need.profile ? ` (${html(need.profile)})` : "";
      parts.push(`<tr class="need"><td colspan="${span}">${html(t("report.chapter.need"))}: ${html(need.title)}${profile}</td></tr>`);
      for (const action of need.actions) {
        const institutions = action.institutions
          .map((i) => (i === action.lead ? `<span class="lead">${html(i)}</span> (${html(t("report.chapter.lead"))})` : html(i)))
          .join("<br>");
        const refs = (action.budget_lines ?? [])
          .filter((l) => l.pei || l.poa)
          .map((l) => [l.pei, l.poa].filter(Boolean).map((r) => html(r!)).join(" / "))
          .join("<br>");
        parts.push(
          `<tr><td>${html(action.text)}</td><td>${institutions}</td>` +
            (showSchedule ? `<td>${html(action.schedule ?? "")}</td>` : "") +
            (showCommitments ? `<td>${action.commitments.map(html).join("<br>")}</td>` : "") +
            custom.map((c) => `<td${c.kind === "number" ? ' class="amount"' : ""}>${html(customValue(action, c))}</td>`).join("") +
            `<td class="amount">${budgetCell(action, options.locale)}</td><td>${refs}</td></tr>`,
        );
      }
    }
    const sums = totals(actions);
    if (sums.size) parts.push(`<tr class="total"><td colspan="${span - 2}">${html(t("report.chapter.total"))}</td><td class="amount">${totalText(sums, options.locale)}</td><td></td></tr>`);
    parts.push(`</tbody></table>`);
  }
  // Recommendations for the whole plan, outside the pillars (Belize's in 2017).
  const overarching = doc.overarching_recommendations ?? [];
  if (overarching.length) {
    parts.push(`<h2>${html(t("report.chapter.overarching"))}</h2><ol class="overarching">${overarching.map((r) => `<li>${html(r.text)}</li>`).join("")}</ol>`);
  }
  const planSums = totals(all);
  if (planSums.size) {
    parts.push(`<table><tbody><tr class="total"><td>${html(t("report.chapter.planTotal"))}</td><td class="amount">${totalText(planSums, options.locale)}</td></tr></tbody></table>`);
  }
  parts.push(`</body></html>`);
  return parts.join("\n");
}

/** Header and footer for Chromium's and Electron's PDF printing: the plan's title and date, and "Page n of N". */
export function chapterPrintMargins(doc: PlanDocument, options: ChapterOptions) {
  const t = (key: MessageKey) => translate(options.language, key);
  const date = new Intl.DateTimeFormat(options.language, { dateStyle: "long" }).format(options.generatedAt ?? new Date());
  const style = `font-size:7.5pt;font-family:Arial,sans-serif;width:100%;padding:0 12mm;color:#444;display:flex;justify-content:space-between`;
  return {
    headerTemplate: `<div style="${style}"><span>${html(doc.title ?? doc.country)}</span><span>${html(date)}</span></div>`,
    footerTemplate: `<div style="${style}"><span>${html(doc.country)}</span><span>${html(t("report.chapter.page"))} <span class="pageNumber"></span> ${html(t("report.chapter.of"))} <span class="totalPages"></span></span></div>`,
  };
}
