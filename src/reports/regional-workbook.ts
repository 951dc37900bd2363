/**
 * The regional consolidation as a workbook: one row per country, CRRF pillar,
 * national pillar, year and currency with the converted amount; totals by
 * country and by CRRF pillar; the pillar mapping used and the exchange rates
 * with their dates, so the result can be checked and reproduced.
 */
import ExcelJS from "exceljs";
import { xmlSafeDeep } from "../domain/safe-text";
import { translate, type Language, type MessageKey } from "../i18n";
import { ACTION_STATUSES } from "../domain/document";
import type { RegionalResult } from "./regional";
import { WRITE_OPTIONS, boldFont, printSetup, setMoney, setText, styleHeader } from "./workbook-style";

export async function buildRegionalWorkbook(consolidated: RegionalResult, language: Language): Promise<Buffer> {
  // Country, pillar and institution names come from other countries' files: what XML cannot hold goes first.
  const result = xmlSafeDeep(consolidated);
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(language, key, params);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Matriz";

  const detail = workbook.addWorksheet(t("report.regional.sheet"), { views: [{ state: "frozen", ySplit: 1 }] });
  detail.columns = [14, 12, 12, 34, 8, 10, 16, 18, 12, 12, 10].map((width) => ({ width }));
  styleHeader(
    detail.addRow([
      t("report.regional.country"),
      t("report.regional.crrfPillar"),
      t("report.regional.nationalPillar"),
      t("report.workbook.pillar"),
      t("report.workbook.year"),
      t("column.currency"),
      t("report.regional.amount"),
      t("report.regional.converted", { currency: result.currency }),
      t("report.regional.rate"),
      t("report.regional.rateDate"),
      t("report.regional.actions"),
    ]),
  );
  for (const r of result.rows) {
    const row = detail.addRow([]);
    setText(row.getCell(1), r.country);
    row.getCell(2).value = r.crrfPillar;
    row.getCell(3).value = r.nationalPillar;
    setText(row.getCell(4), r.nationalTitle);
    row.getCell(5).value = r.year;
    setText(row.getCell(6), r.currency);
    setMoney(row.getCell(7), r.amount);
    setMoney(row.getCell(8), r.converted);
    row.getCell(9).value = r.rate;
    setText(row.getCell(10), r.rateDate);
    row.getCell(11).value = r.actions;
  }
  printSetup(detail, "1:1");

  const byCountry = workbook.addWorksheet(t("report.regional.byCountry"));
  byCountry.columns = [{ width: 20 }, { width: 20 }];
  styleHeader(byCountry.addRow([t("report.regional.country"), t("report.regional.converted", { currency: result.currency })]));
  for (const c of result.byCountry) {
    const row = byCountry.addRow([]);
    setText(row.getCell(1), c.country);
    setMoney(row.getCell(2), c.total);
  }
  const totalRow = byCountry.addRow([]);
  setText(totalRow.getCell(1), t("report.workbook.total"));
  setMoney(totalRow.getCell(2), result.total);
  totalRow.font = boldFont();

  const byPillar = workbook.addWorksheet(t("report.regional.byPillar"));
  byPillar.columns = [{ width: 16 }, { width: 20 }];
  styleHeader(byPillar.addRow([t("report.regional.crrfPillar"), t("report.regional.converted", { currency: result.currency })]));
  for (const p of result.byCrrfPillar) {
    const row = byPillar.addRow([p.crrfPillar]);
    setMoney(row.getCell(2), p.total);
  }

  const mapping = workbook.addWorksheet(t("report.regional.mapping"));
  mapping.columns = [{ width: 10 }, { width: 14 }, { width: 40 }, { width: 14 }];
  styleHeader(mapping.addRow(["ISO", t("report.regional.nationalPillar"), t("report.workbook.pillar"), t("report.regional.crrfPillar")]));
  for (const m of result.mapping) {
    const row = mapping.addRow([]);
    setText(row.getCell(1), m.iso3);
    row.getCell(2).value = m.nationalPillar;
    setText(row.getCell(3), m.nationalTitle);
    row.getCell(4).value = m.crrfPillar;
  }

  const rates = workbook.addWorksheet(t("report.regional.rates"));
  rates.columns = [{ width: 10 }, { width: 14 }, { width: 14 }];
  styleHeader(rates.addRow([t("column.currency"), t("report.regional.rate"), t("report.regional.rateDate")]));
  for (const r of result.ratesUsed) rates.addRow([r.currency, r.rate, r.date]);

  addMonitoringSheets(workbook, result, t);
  return Buffer.from(await workbook.xlsx.writeBuffer(WRITE_OPTIONS));
}

/** Statuses per country and each country's indicators against their targets. */
function addMonitoringSheets(workbook: ExcelJS.Workbook, result: RegionalResult, t: (key: MessageKey, params?: Record<string, string | number>) => string) {
  const m = result.monitoring;
  const status = workbook.addWorksheet(t("report.regional.statusSheet"), { views: [{ state: "frozen", ySplit: 2 }] });
  status.columns = [{ width: 16 }, ...ACTION_STATUSES.map(() => ({ width: 13 })), { width: 13 }, { width: 10 }, { width: 12 }, { width: 12 }, { width: 14 }];
  status.addRow([t("report.regional.statusTitle", { date: m.asOf })]).font = boldFont({ size: 12 });
  styleHeader(
    status.addRow([
      t("report.regional.country"),
      ...ACTION_STATUSES.map((s) => t(`ui.status.${s}` as MessageKey)),
      t("report.regional.statusUnknown"),
      t("report.annual.total"),
      t("ui.progress.late"),
      t("report.annual.sheetIndicators"),
      t("report.regional.targetsMet"),
    ]),
  );
  for (const c of m.byCountry) status.addRow([c.country, ...ACTION_STATUSES.map((s) => c.counts[s]), c.unknown, c.actions, c.late, c.indicators, c.targetsMet]);
  printSetup(status, "1:2");
  const indicators = workbook.addWorksheet(t("report.regional.indicatorsSheet"), { views: [{ state: "frozen", ySplit: 1 }] });
  indicators.columns = [16, 9, 40, 12, 10, 12, 12, 14, 12].map((width) => ({ width }));
  styleHeader(
    indicators.addRow([
      t("report.regional.country"),
      t("report.annual.ref"),
      t("report.annual.indicator"),
      t("report.annual.unit"),
      t("report.annual.period"),
      t("report.annual.baseline"),
      t("report.annual.target"),
      t("report.annual.actual"),
      t("report.annual.percent"),
    ]),
  );
  for (const i of m.indicators) {
    const row = indicators.addRow([]);
    setText(row.getCell(1), i.country);
    setText(row.getCell(2), i.ref);
    setText(row.getCell(3), i.title);
    setText(row.getCell(4), i.unit);
    setText(row.getCell(5), i.period ?? "");
    [i.baseline, i.target, i.actual, i.percent].forEach((value, k) => {
      if (value !== null) row.getCell(6 + k).value = value;
    });
    row.getCell(9).numFmt = '0.0" %"';
  }
  printSetup(indicators, "1:1");
}
