/**
 * CSV with an HXL hashtag row (Humanitarian Exchange Language), one row per
 * budget line (or one per action without budget), so the amounts in the file
 * add up to the plan's totals.
 */
import type { PlanDocument } from "../domain/document";
import { actionYears, decimal, eachAction, pillarTitle } from "./shared";

const COLUMNS: Array<[heading: string, tag: string]> = [
  ["Country", "#country+name"],
  ["Country code", "#country+code"],
  ["Pillar", "#sector+name"],
  ["Pillar number", "#sector+code"],
  ["Prioritised need", "#x_need"],
  ["Action id", "#activity+code"],
  ["Priority action", "#activity+name"],
  ["Lead institution", "#org+lead"],
  ["Implementing institutions", "#org+impl"],
  ["Start", "#date+start"],
  ["End", "#date+end"],
  ["Budget institution", "#x_budget_org"],
  ["Budget year", "#date+year"],
  ["Budget", "#value+budget"],
  ["Currency", "#currency"],
  ["Funding source", "#x_funding_source"],
  ["Commitments", "#x_commitment"],
  ["PEI", "#x_pei"],
  ["POA", "#x_poa"],
];

function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function planToHxlCsv(doc: PlanDocument): string {
  // The plan's own columns go last, under their English heading and an #x_ hashtag named by their key.
  const custom = doc.custom_columns ?? [];
  const lines = [[...COLUMNS.map(([h]) => h), ...custom.map((c) => c.heading_en)], [...COLUMNS.map(([, tag]) => tag), ...custom.map((c) => `#x_${c.key}`)]];
  for (const { pillar, need, action } of eachAction(doc)) {
    const years = actionYears(action, doc);
    const supporting = action.institutions.filter((i) => i !== action.lead);
    const common = [
      doc.country,
      doc.iso3,
      pillarTitle(pillar, doc),
      pillar.number,
      need.title,
      action.id ?? "",
      action.text,
      action.lead ?? "",
      (action.lead ? supporting : action.institutions).join("; "),
      `${years.start}-01-01`,
      `${years.end}-12-31`,
    ];
    const commitments = action.commitments.join("; ");
    const own = custom.map((c) => action.custom?.[c.key] ?? "");
    const budget = action.budget_lines ?? [];
    if (budget.length === 0) {
      lines.push([...common, "", "", "", "", "", commitments, "", "", ...own].map(String));
      continue;
    }
    for (const line of budget) {
      lines.push(
        [
          ...common,
          line.institution,
          line.year,
          line.amount === null ? "" : decimal(line.amount),
          line.currency,
          line.funding_source ?? "",
          commitments,
          line.pei ?? "",
          line.poa ?? "",
          ...own,
        ].map((v) => String(v)),
      );
    }
  }
  return lines.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
