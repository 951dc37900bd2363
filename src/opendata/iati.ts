/**
 * IATI 2.03 activity XML: one activity per priority action, the lead as the
 * accountable organisation and the others as implementing, one budget element
 * per year and currency. Element order follows the schema's sequence.
 */
import type { ActionDoc, ActionStatus, PlanDocument } from "../domain/document";
import { xmlSafe } from "../domain/safe-text";
import type { OpenConflicts } from "../reports/conflict-note";
import { iatiContactInfo, iatiResults } from "./monitoring";
import { ISO2, actionYears, decimal, eachAction, pillarTitle } from "./shared";

/** Text as XML: what XML 1.0 cannot hold taken out (a control character typed or pasted), markup escaped. */
function xml(text: string | number): string {
  return xmlSafe(String(text)).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** IATI ActivityStatus codes. */
const STATUS: Record<ActionStatus, number> = { planned: 1, in_progress: 2, delayed: 2, done: 4, cancelled: 5 };

function budgets(action: ActionDoc): Array<{ year: number; currency: string; amount: number }> {
  const totals = new Map<string, { year: number; currency: string; amount: number }>();
  for (const line of action.budget_lines ?? []) {
    if (line.amount === null) continue;
    const key = `${line.year}:${line.currency}`;
    const entry = totals.get(key) ?? { year: line.year, currency: line.currency, amount: 0 };
    entry.amount = Math.round((entry.amount + line.amount) * 100) / 100;
    totals.set(key, entry);
  }
  return [...totals.values()].sort((a, b) => a.year - b.year || a.currency.localeCompare(b.currency));
}

export function reportingOrgRef(doc: PlanDocument): string {
  return `XM-MIRPS-${doc.iso3}`;
}

export function planToIatiXml(doc: PlanDocument, generatedAt = new Date(), conflicts?: OpenConflicts): string {
  const lang = doc.language ?? "es";
  const currency = doc.base_currency ?? "USD";
  const org = reportingOrgRef(doc);
  const stamp = generatedAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<iati-activities version="2.03" generated-datetime="${stamp}">`,
  ];
  // IATI 2.03 has no element for it, and a comment keeps the file valid against the schema.
  if (conflicts?.open) out.push(`  <!-- Matriz: ${conflicts.open} merge conflict(s) between returned workbooks and the plan were open when this file was written; budget figures may change. -->`);
  const narrative = (text: string) => `<narrative>${xml(text)}</narrative>`;
  for (const { pillar, need, action } of eachAction(doc)) {
    const years = actionYears(action, doc);
    const open = conflicts?.byAction[action.id ?? ""];
    if (open) out.push(`  <!-- Matriz: ${open} open merge conflict(s) on this activity's budget. -->`);
    out.push(`  <iati-activity last-updated-datetime="${stamp}" xml:lang="${lang}" default-currency="${xml(currency)}">`);
    out.push(`    <iati-identifier>${xml(`${org}-${action.id}`)}</iati-identifier>`);
    out.push(`    <reporting-org ref="${xml(org)}" type="10">${narrative(`${doc.country}: MIRPS`)}</reporting-org>`);
    out.push(`    <title>${narrative(action.text)}</title>`);
    out.push(`    <description type="1">${narrative(need.title)}</description>`);
    const lead = action.lead;
    const organisations = action.institutions.length ? action.institutions : [];
    if (organisations.length === 0) out.push(`    <participating-org role="4">${narrative(doc.country)}</participating-org>`);
    for (const institution of organisations) {
      // IATI OrganisationRole: 2 accountable, 4 implementing.
      const role = institution === lead ? 2 : 4;
      out.push(`    <participating-org role="${role}">${narrative(institution)}</participating-org>`);
    }
    out.push(`    <activity-status code="${STATUS[action.status ?? "planned"]}"/>`);
    out.push(`    <activity-date iso-date="${years.start}-01-01" type="1"/>`);
    out.push(`    <activity-date iso-date="${years.end}-12-31" type="3"/>`);
    out.push(...iatiContactInfo(action, doc, xml, "    "));
    const iso2 = ISO2[doc.iso3];
    if (iso2) out.push(`    <recipient-country code="${iso2}" percentage="100"/>`);
    out.push(`    <sector vocabulary="99" code="MIRPS-P${pillar.number}">${narrative(pillarTitle(pillar, doc))}</sector>`);
    for (const commitment of action.commitments) {
      out.push(`    <tag vocabulary="99" code="${xml(commitment.slice(0, 100))}">${narrative(commitment)}</tag>`);
    }
    for (const budget of budgets(action)) {
      out.push(`    <budget type="1" status="1">`);
      out.push(`      <period-start iso-date="${budget.year}-01-01"/>`);
      out.push(`      <period-end iso-date="${budget.year}-12-31"/>`);
      out.push(`      <value currency="${xml(budget.currency)}" value-date="${budget.year}-01-01">${decimal(budget.amount)}</value>`);
      out.push(`    </budget>`);
    }
    out.push(...iatiResults(action, doc, xml, "    "));
    out.push(`  </iati-activity>`);
  }
  out.push("</iati-activities>");
  return out.join("\n") + "\n";
}
