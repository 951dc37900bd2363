/**
 * CSV with an HXL hashtag row (Humanitarian Exchange Language), one row per
 * budget line (or one per action without budget), so the amounts in the file
 * add up to the plan's totals. Every cell is quoted, and text that a spreadsheet
 * would take for a formula starts with an apostrophe (OWASP), so opening the
 * file runs nothing; negative amounts stay numbers, hashtags stay hashtags.
 */
import type { PlanDocument } from "../domain/document";
import { csvCell } from "../domain/safe-text";
import type { OpenConflicts } from "../reports/conflict-note";
import { HXL_MONITORING_COLUMNS, hxlIndicatorRows, hxlStatusCells } from "./monitoring";
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
  ...HXL_MONITORING_COLUMNS,
];

/** Added only while conflicts are open: each row's count of open conflicts on its action, so a reader can hold those figures back. */
const CONFLICTS_COLUMN: [heading: string, tag: string] = ["Open merge conflicts", "#status+conflicts+open"];

export function planToHxlCsv(doc: PlanDocument, conflicts?: OpenConflicts): string {
  // The plan's own columns go after the fixed ones, under their English heading and an #x_ hashtag named by their key.
  const custom = doc.custom_columns ?? [];
  const own: Array<[heading: string, tag: string]> = custom.map((c) => [c.heading_en, `#x_${c.key}`]);
  const columns = conflicts?.open ? [...COLUMNS, ...own, CONFLICTS_COLUMN] : [...COLUMNS, ...own];
  const lines = [columns.map(([h]) => h), columns.map(([, tag]) => tag)];
  const start = lines.length;
  const actionOfRow: string[] = [];
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
    const values = custom.map((c) => action.custom?.[c.key] ?? "");
    const budget = action.budget_lines ?? [];
    if (budget.length === 0) {
      lines.push([...common, "", "", "", "", "", commitments, "", "", ...hxlStatusCells(action), ...values].map(String));
      actionOfRow.push(action.id ?? "");
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
          ...hxlStatusCells(action),
          ...values,
        ].map((v) => String(v)),
      );
      actionOfRow.push(action.id ?? "");
    }
    // Indicators: one row per indicator and period, its budget cells empty so the amounts still add up.
    for (const cells of hxlIndicatorRows(action, action.indicators ?? [], doc.language ?? "es")) {
      lines.push([...common, "", "", "", "", "", commitments, "", "", ...cells, ...values].map(String));
      actionOfRow.push(action.id ?? "");
    }
  }
  // A need's own indicators: the need's columns, no action.
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      for (const cells of hxlIndicatorRows(null, need.indicators ?? [], doc.language ?? "es")) {
        lines.push([doc.country, doc.iso3, pillarTitle(pillar, doc), pillar.number, need.title, "", "", "", "", "", "", "", "", "", "", "", "", "", "", ...cells, ...custom.map(() => "")].map(String));
        actionOfRow.push("");
      }
    }
  }
  if (conflicts?.open) actionOfRow.forEach((id, i) => lines[start + i]!.push(String(conflicts.byAction[id] ?? 0)));
  return lines.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
