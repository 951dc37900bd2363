/**
 * The consolidated national workbook: the matrix in the plan's own layout with
 * the financial part beside each action (amount per year, total, currency,
 * source, PEI, POA), subtotals per need and pillar (per currency), a summary
 * sheet, and the stocktaking and gaps. Every total is a number computed in
 * hundredths, so re-reading the file adds up exactly.
 */
import type ExcelJS from "exceljs";
import type { ActionDoc, BudgetLineDoc, PlanDocument } from "../domain/document";
import { xmlSafeDeep } from "../domain/safe-text";
import { TEMPLATES, templateForIso3 } from "../domain/templates";
import { translate, type Language, type MessageKey } from "../i18n";
import { NATIONAL_WORKBOOK_TAG, NATIONAL_WORKBOOK_VERSION, ABOUT_SHEET } from "./national-workbook-layout";
import type { OpenConflicts } from "./conflict-note";
import { summarisePlan, type Amounts, type PlanSummaryTables } from "./summary";
import { GROUP_FILL, boldFont, TOTAL_FILL, printSettings, setMoney, setText, sharedStyle, streamedWorkbook, styleCells, styleHeader, wrappedRowHeight } from "./workbook-style";

const ACTION_STYLE = sharedStyle({ alignment: { vertical: "top", wrapText: true } });
const PILLAR_STYLE = sharedStyle({ font: boldFont({ size: 12 }), fill: GROUP_FILL });
const NEED_STYLE = sharedStyle({ font: boldFont() });
const SUBTOTAL_STYLE = sharedStyle({ font: boldFont(), fill: TOTAL_FILL });

export interface NationalWorkbookOptions {
  language: Language;
  paper?: "A4" | "Letter";
  /** Open merge conflicts: the summary sheet says the figures may still change. */
  conflicts?: OpenConflicts;
}

type Minor = Map<string, number>;

function addMinor(target: Minor, currency: string, minor: number) {
  target.set(currency, (target.get(currency) ?? 0) + minor);
}

/**
 * One row per action, budget institution, currency and funding source (years
 * side by side); an action without budget gets one row. PEI and POA references
 * of the row's lines are listed together.
 */
function budgetRows(action: ActionDoc): Array<{ institution: string; lines: BudgetLineDoc[] }> {
  const groups = new Map<string, BudgetLineDoc[]>();
  for (const line of action.budget_lines ?? []) {
    const key = `${line.institution}\u0000${line.currency}\u0000${line.funding_source ?? ""}`;
    const list = groups.get(key) ?? [];
    list.push(line);
    groups.set(key, list);
  }
  if (groups.size === 0) return [{ institution: "", lines: [] }];
  return [...groups.values()].map((lines) => ({ institution: lines[0]!.institution, lines }));
}

export async function buildNationalWorkbook(plan: PlanDocument, options: NationalWorkbookOptions): Promise<Buffer> {
  // Every text of the plan reaches some XML part (cells, sheet summaries, the file's title): what XML cannot hold goes first.
  const doc = xmlSafeDeep(plan);
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(options.language, key, params);
  const template = doc.template ? TEMPLATES[doc.template] : templateForIso3(doc.iso3);
  const keys = new Set(template.columns.map((c) => c.key));
  const period = doc.period ?? template.period;
  const years = Array.from({ length: period.end - period.start + 1 }, (_, i) => period.start + i);
  // Summarised once: the years it finds widen the columns, and it fills the summary sheet.
  const summary = summarisePlan(doc);
  for (const y of summary.years) if (!years.includes(y)) years.push(y);
  years.sort((a, b) => a - b);

  const { workbook, finish } = streamedWorkbook();
  workbook.title = doc.title ?? doc.country;
  const customColumns = doc.custom_columns ?? [];
  const customKey = (key: string) => `custom:${key}`;
  const sheet = workbook.addWorksheet(t("report.workbook.matrix"), { views: [{ state: "frozen", ySplit: 1 }], ...printSettings("1:1", options.paper) });

  const columns: Array<{ key: string; header: string; width: number }> = [
    { key: "ref", header: t("report.workbook.ref"), width: 8 },
    { key: "pillar", header: t("report.workbook.pillar"), width: 18 },
    { key: "need", header: t("column.need"), width: 30 },
    { key: "action", header: t("column.action"), width: 50 },
    { key: "institutions", header: t("column.institutions"), width: 28 },
    ...(keys.has("schedule") ? [{ key: "schedule", header: t("column.schedule"), width: 16 }] : []),
    ...(keys.has("commitments") ? [{ key: "commitments", header: t("column.commitments"), width: 22 }] : []),
    // The plan's own columns, in its order, headed in the workbook's language.
    ...customColumns.map((c) => ({ key: customKey(c.key), header: options.language === "es" ? c.heading_es : c.heading_en, width: c.kind === "text" ? 22 : 14 })),
    { key: "budgetInstitution", header: t("report.workbook.budgetInstitution"), width: 20 },
    ...years.map((y) => ({ key: `y${y}`, header: String(y), width: 15 })),
    { key: "total", header: t("report.workbook.total"), width: 16 },
    { key: "currency", header: t("column.currency"), width: 9 },
    { key: "source", header: t("column.funding_source"), width: 20 },
    { key: "pei", header: "PEI", width: 14 },
    { key: "poa", header: "POA", width: 14 },
  ];
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.addRow(columns.map((c) => c.header));
  styleHeader(header);
  const columnNumbers = new Map(columns.map((c, i) => [c.key, i + 1]));
  const col = (key: string) => columnNumbers.get(key) ?? 0;
  const widthOf = (key: string) => columns[col(key) - 1]?.width ?? 10;
  const sourceLabel = (source: string | null | undefined) => (source ? t(`ui.funding.${source}` as MessageKey) : "");

  const subtotal = (label: string, sums: Minor, perYear: Map<string, Minor>) => {
    for (const [currency, minor] of [...sums].sort(([a], [b]) => a.localeCompare(b))) {
      const row = sheet.addRow([]);
      styleCells(row, columns.length, SUBTOTAL_STYLE);
      setText(row.getCell(col("action")), label, SUBTOTAL_STYLE);
      for (const y of years) setMoney(row.getCell(col(`y${y}`)), (perYear.get(currency)?.get(String(y)) ?? 0) / 100, SUBTOTAL_STYLE);
      setMoney(row.getCell(col("total")), minor / 100, SUBTOTAL_STYLE);
      setText(row.getCell(col("currency")), currency, SUBTOTAL_STYLE);
    }
  };

  doc.pillars.forEach((pillar) => {
    const pillarTitle = (options.language === "es" ? pillar.title_es : pillar.title_en) || pillar.title;
    const pillarRow = sheet.addRow([]);
    styleCells(pillarRow, columns.length, PILLAR_STYLE);
    setText(pillarRow.getCell(col("ref")), String(pillar.number), PILLAR_STYLE);
    setText(pillarRow.getCell(col("pillar")), `${t("report.workbook.pillar")} ${pillar.number}: ${pillarTitle}`, PILLAR_STYLE);
    const pillarSums: Minor = new Map();
    const pillarYears = new Map<string, Minor>();
    pillar.needs.forEach((need, n) => {
      const needRow = sheet.addRow([]);
      setText(needRow.getCell(col("ref")), `${pillar.number}.${n + 1}`, NEED_STYLE);
      setText(needRow.getCell(col("need")), need.profile ? `${need.title} (${need.profile})` : need.title, NEED_STYLE);
      const needSums: Minor = new Map();
      const needYears = new Map<string, Minor>();
      need.actions.forEach((action, a) => {
        for (const group of budgetRows(action)) {
          const row = sheet.addRow([]);
          const wrapped: Array<[string, number]> = [];
          const put = (key: string, text: string | null | undefined) => {
            setText(row.getCell(col(key)), text, ACTION_STYLE);
            wrapped.push([text ?? "", widthOf(key)]);
          };
          put("ref", `${pillar.number}.${n + 1}.${a + 1}`);
          put("pillar", pillarTitle);
          put("need", need.title);
          put("action", action.text);
          put("institutions", action.institutions.map((i) => (i === action.lead ? `${i} (*)` : i)).join("\n"));
          if (keys.has("schedule")) put("schedule", action.schedule);
          if (keys.has("commitments")) put("commitments", action.commitments.join("\n"));
          for (const c of customColumns) {
            const value = action.custom?.[c.key];
            if (c.kind === "number" && value) {
              const cell = row.getCell(col(customKey(c.key)));
              cell.value = Number(value);
              cell.style = ACTION_STYLE as ExcelJS.Style;
            } else put(customKey(c.key), value);
          }
          put("budgetInstitution", group.institution);
          let rowMinor = 0;
          const currency = group.lines[0]?.currency ?? "";
          for (const y of years) {
            const minor = group.lines.filter((l) => l.year === y && l.amount !== null).reduce((s, l) => s + Math.round(l.amount! * 100), 0);
            if (group.lines.some((l) => l.year === y)) setMoney(row.getCell(col(`y${y}`)), minor / 100, ACTION_STYLE);
            rowMinor += minor;
            if (minor) {
              for (const perYear of [needYears, pillarYears]) {
                const yearMap = perYear.get(currency) ?? new Map<string, number>();
                yearMap.set(String(y), (yearMap.get(String(y)) ?? 0) + minor);
                perYear.set(currency, yearMap);
              }
            }
          }
          if (group.lines.length) {
            setMoney(row.getCell(col("total")), rowMinor / 100, ACTION_STYLE);
            setText(row.getCell(col("currency")), currency, ACTION_STYLE);
            put("source", sourceLabel(group.lines[0]!.funding_source));
            const refs = (pick: (l: BudgetLineDoc) => string | null | undefined) => [...new Set(group.lines.map(pick).filter(Boolean))].join("; ");
            put("pei", refs((l) => l.pei));
            put("poa", refs((l) => l.poa));
            addMinor(needSums, currency, rowMinor);
            addMinor(pillarSums, currency, rowMinor);
          }
          row.height = wrappedRowHeight(wrapped);
        }
      });
      if (needSums.size) subtotal(t("report.workbook.subtotalNeed"), needSums, needYears);
      // Written out need by need, so the sheet is never held whole in memory.
      sheet.lastRow?.commit();
    });
    if (pillarSums.size) subtotal(t("report.workbook.subtotalPillar"), pillarSums, pillarYears);
  });
  sheet.commit();

  writeSummary(workbook, summary, t, options.paper, options.conflicts?.open ?? 0);
  writeStocktaking(workbook, doc, t, options.paper);
  writeGaps(workbook, doc, t, options.paper);
  writeAbout(workbook, doc);
  return finish();
}

function amountsRows(sheet: ExcelJS.Worksheet, label: string[], amounts: Amounts) {
  for (const [currency, amount] of Object.entries(amounts).sort(([a], [b]) => a.localeCompare(b))) {
    const row = sheet.addRow([]);
    label.forEach((text, i) => setText(row.getCell(i + 1), text));
    setMoney(row.getCell(label.length + 1), amount);
    setText(row.getCell(label.length + 2), currency);
  }
}

function section(sheet: ExcelJS.Worksheet, title: string, headers: string[], first = false) {
  if (!first) sheet.addRow([]);
  const titleRow = sheet.addRow([title]);
  titleRow.font = boldFont({ size: 12 });
  styleHeader(sheet.addRow(headers));
}

function writeSummary(
  workbook: ExcelJS.Workbook,
  summary: PlanSummaryTables,
  t: (k: MessageKey, params?: Record<string, string | number>) => string,
  paper?: "A4" | "Letter",
  openConflicts = 0,
) {
  // Sections one under another, each with its own heading: no single row to repeat on every page.
  const sheet = workbook.addWorksheet(t("report.workbook.summary"), printSettings(null, paper));
  sheet.columns = [{ width: 40 }, { width: 12 }, { width: 18 }, { width: 10 }];
  const amount = t("report.regional.amount");
  const currency = t("column.currency");
  if (openConflicts) {
    // First, where it is read before any figure.
    const note = sheet.addRow([]);
    setText(note.getCell(1), t("report.conflicts.note", { count: openConflicts }));
    note.font = boldFont({ color: { argb: "FF9C2A00" } });
  }
  section(sheet, t("report.workbook.byPillarYear"), [t("report.workbook.pillar"), t("report.workbook.year"), amount, currency], !openConflicts);
  for (const r of summary.byPillarYear) amountsRows(sheet, [`${r.pillar}. ${r.title}`, String(r.year)], r.amounts);
  section(sheet, t("report.workbook.byInstitutionYear"), [t("report.workbook.institution"), t("report.workbook.year"), amount, currency]);
  for (const r of summary.byInstitutionYear) amountsRows(sheet, [r.institution, String(r.year)], r.amounts);
  section(sheet, t("report.workbook.byFundingSource"), [t("report.workbook.source"), amount, currency]);
  for (const r of summary.byFundingSource) amountsRows(sheet, [r.source === "unspecified" ? t("report.workbook.unspecified") : t(`ui.funding.${r.source}` as MessageKey)], r.amounts);
  section(sheet, t("report.workbook.fundedVsMobilise"), ["", amount, currency]);
  amountsRows(sheet, [t("report.workbook.funded")], summary.fundedVersusToMobilise.funded);
  amountsRows(sheet, [t("report.workbook.toBeMobilised")], summary.fundedVersusToMobilise.toBeMobilised);
  amountsRows(sheet, [t("report.workbook.unspecified")], summary.fundedVersusToMobilise.unspecified);
  section(sheet, t("report.workbook.total"), ["", amount, currency]);
  amountsRows(sheet, [t("report.workbook.total")], summary.total);
  sheet.commit();
}

function writeStocktaking(workbook: ExcelJS.Workbook, doc: PlanDocument, t: (k: MessageKey) => string, paper?: "A4" | "Letter") {
  const sheet = workbook.addWorksheet(t("report.workbook.stocktaking"), { views: [{ state: "frozen", ySplit: 1 }], ...printSettings("1:1", paper) });
  sheet.columns = [{ width: 8 }, { width: 70 }, { width: 30 }, { width: 30 }];
  styleHeader(sheet.addRow([t("report.workbook.pillar"), t("ui.stocktaking.activity"), t("ui.stocktaking.supervisors"), t("ui.stocktaking.commitments")]));
  for (const entry of doc.stocktaking) {
    const row = sheet.addRow([]);
    row.getCell(1).value = entry.pillar;
    setText(row.getCell(2), entry.activity);
    setText(row.getCell(3), entry.supervisors);
    setText(row.getCell(4), entry.commitments.join("\n"));
    row.alignment = { vertical: "top", wrapText: true };
    row.height = wrappedRowHeight([[entry.activity, 70], [entry.supervisors, 30], [entry.commitments.join("\n"), 30]]);
  }
  sheet.commit();
}

function writeGaps(workbook: ExcelJS.Workbook, doc: PlanDocument, t: (k: MessageKey) => string, paper?: "A4" | "Letter") {
  const sheet = workbook.addWorksheet(t("report.workbook.gaps"), { views: [{ state: "frozen", ySplit: 1 }], ...printSettings("1:1", paper) });
  sheet.columns = [{ width: 8 }, { width: 110 }];
  styleHeader(sheet.addRow([t("report.workbook.pillar"), t("report.workbook.gap")]));
  const records = doc.gap_records ?? doc.gaps.map((text) => ({ pillar: null, text }));
  for (const gap of records) {
    const row = sheet.addRow([]);
    if (gap.pillar !== null) row.getCell(1).value = gap.pillar;
    setText(row.getCell(2), gap.text);
    row.alignment = { vertical: "top", wrapText: true };
    row.height = wrappedRowHeight([[gap.text, 110]]);
  }
  sheet.commit();
}

/**
 * A hidden sheet saying which plan this is (country, iso3, template) and how its
 * pillars map onto the CRRF pillars, so a regional consolidation can read the
 * workbook back when the plan file itself is not at hand. The amounts are read
 * from the visible matrix, so corrections made there count.
 */
function writeAbout(workbook: ExcelJS.Workbook, doc: PlanDocument) {
  const sheet = workbook.addWorksheet(ABOUT_SHEET, { state: "hidden" });
  const rows: Array<[string, string | number]> = [
    ["tag", NATIONAL_WORKBOOK_TAG],
    ["version", NATIONAL_WORKBOOK_VERSION],
    ["plan_id", doc.id ?? ""],
    ["country", doc.country],
    ["iso3", doc.iso3],
    ["title", doc.title ?? ""],
    ["template", doc.template ?? ""],
    ["revision", doc.revision ?? 0],
  ];
  for (const pillar of doc.pillars) rows.push([`pillar.${pillar.number}`, JSON.stringify({ title: pillar.title, crrf: pillar.crrf_pillar ?? null })]);
  for (const [key, value] of rows) {
    const row = sheet.addRow([]);
    setText(row.getCell(1), key);
    if (typeof value === "number") row.getCell(2).value = value;
    else setText(row.getCell(2), value);
  }
  sheet.commit();
}
