/**
 * CSV with an HXL hashtag row (Humanitarian Exchange Language), one row per
 * budget line (or one per action without budget), so the amounts in the file
 * add up to the plan's totals. Every cell is quoted, and text that a spreadsheet
 * would take for a formula starts with an apostrophe (OWASP), so opening the
 * file runs nothing; negative amounts stay numbers, hashtags stay hashtags.
 */
import type { PlanDocument } from "../domain/document";
import { csvCell } from "../domain/safe-text";
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

export function planToHxlCsv(doc: PlanDocument): string {
  const lines = [COLUMNS.map(([h]) => h), COLUMNS.map(([, tag]) => tag)];
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
    const budget = action.budget_lines ?? [];
    if (budget.length === 0) {
      lines.push([...common, "", "", "", "", "", commitments, "", ""].map(String));
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
        ].map((v) => String(v)),
      );
    }
  }
  return lines.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
