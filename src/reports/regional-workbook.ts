/**
 * The regional consolidation as a workbook: one row per country, CRRF pillar,
 * national pillar, year and currency with the converted amount; totals by
 * country and by CRRF pillar; the pillar mapping used and the exchange rates
 * with their dates, so the result can be checked and reproduced.
 */
import ExcelJS from "exceljs";
import { xmlSafeDeep } from "../domain/safe-text";
import { translate, type Language, type MessageKey } from "../i18n";
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

  return Buffer.from(await workbook.xlsx.writeBuffer(WRITE_OPTIONS));
}
