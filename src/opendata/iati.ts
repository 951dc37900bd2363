/**
 * IATI 2.03 activity XML: one activity per priority action, the lead as the
 * accountable organisation and the others as implementing, one budget element
 * per year and currency. Element order follows the schema's sequence.
 *
 * A need measured by indicators of its own gets an activity of its own, the
 * parent (hierarchy 1) of its actions (hierarchy 2, each pointing back to it):
 * the need's results are reported once, where they are measured, instead of
 * copied onto every action (which would count them once per action), and the
 * need activity carries no budget (its actions do, so amounts are not doubled).
 */
import type { ActionDoc, ActionStatus, PlanDocument } from "../domain/document";
import { xmlSafe } from "../domain/safe-text";
import { translate } from "../i18n";
import type { OpenConflicts } from "../reports/conflict-note";
import { iatiContactInfo, iatiResults } from "./monitoring";
import { ISO2, actionYears, decimal, pillarTitle } from "./shared";

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

type NeedDoc = PlanDocument["pillars"][number]["needs"][number];

/** A need's status from its actions': done when all are done or cancelled (and one is done), cancelled when all are, under way when any is. */
function needStatus(need: NeedDoc): number {
  const statuses = need.actions.map((a) => a.status ?? "planned");
  if (statuses.length && statuses.every((s) => s === "cancelled")) return STATUS.cancelled;
  if (statuses.length && statuses.every((s) => s === "done" || s === "cancelled")) return STATUS.done;
  if (statuses.some((s) => s !== "planned")) return STATUS.in_progress;
  return STATUS.planned;
}

/** The years a need runs: from its first action's start to its last action's end, else the plan's period. */
function needYears(need: NeedDoc, doc: PlanDocument): { start: number; end: number } {
  if (!need.actions.length) return doc.period ?? { start: 2018, end: 2020 };
  const spans = need.actions.map((a) => actionYears(a, doc));
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}
/** What every activity of one file shares: the plan, its reporting organisation, the time stamp, the escaping. */
interface Writer {
  doc: PlanDocument;
  org: string;
  /** The opening tag's attributes every activity has. */
  attributes: string;
  narrative: (text: string) => string;
}

/** The need's own activity: its title and description, its actions' institutions, no budget, its actions as children, its results. */
function needActivity(w: Writer, pillar: PlanDocument["pillars"][number], need: NeedDoc, id: string): string[] {
  const { doc, org, narrative } = w;
  const years = needYears(need, doc);
  const out = [`  <iati-activity ${w.attributes} hierarchy="1">`];
  out.push(`    <iati-identifier>${xml(id)}</iati-identifier>`);
  out.push(`    <reporting-org ref="${xml(org)}" type="10">${narrative(`${doc.country}: MIRPS`)}</reporting-org>`);
  out.push(`    <title>${narrative(need.title)}</title>`);
  out.push(`    <description type="1">${narrative(need.description?.trim() || need.title)}</description>`);
  const organisations = [...new Set(need.actions.flatMap((a) => a.institutions))];
  if (organisations.length === 0) out.push(`    <participating-org role="4">${narrative(doc.country)}</participating-org>`);
  for (const institution of organisations) out.push(`    <participating-org role="4">${narrative(institution)}</participating-org>`);
  out.push(`    <activity-status code="${needStatus(need)}"/>`);
  out.push(`    <activity-date iso-date="${years.start}-01-01" type="1"/>`);
  out.push(`    <activity-date iso-date="${years.end}-12-31" type="3"/>`);
  const iso2 = ISO2[doc.iso3];
  if (iso2) out.push(`    <recipient-country code="${iso2}" percentage="100"/>`);
  out.push(`    <sector vocabulary="99" code="MIRPS-P${pillar.number}">${narrative(pillarTitle(pillar, doc))}</sector>`);
  // IATI RelatedActivityType 2: child.
  for (const action of need.actions) out.push(`    <related-activity ref="${xml(`${org}-${action.id}`)}" type="2"/>`);
  out.push(...iatiResults(need, doc, xml, "    "));
  out.push(`  </iati-activity>`);
  return out;
}

/** One priority action: its institutions, status, dates, contact, pillar, commitments, budget, parent need (when it has one) and results. */
function actionActivity(w: Writer, pillar: PlanDocument["pillars"][number], need: NeedDoc, action: ActionDoc, parent: string | null): string[] {
  const { doc, org, narrative } = w;
  const years = actionYears(action, doc);
  const out = [`  <iati-activity ${w.attributes}${parent ? ' hierarchy="2"' : ""}>`];
  out.push(`    <iati-identifier>${xml(`${org}-${action.id}`)}</iati-identifier>`);
  out.push(`    <reporting-org ref="${xml(org)}" type="10">${narrative(`${doc.country}: MIRPS`)}</reporting-org>`);
  out.push(`    <title>${narrative(action.text)}</title>`);
  out.push(`    <description type="1">${narrative(need.title)}</description>`);
  const lead = action.lead;
  if (action.institutions.length === 0) out.push(`    <participating-org role="4">${narrative(doc.country)}</participating-org>`);
  for (const institution of action.institutions) {
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
  // IATI RelatedActivityType 1: parent, the need's own activity.
  if (parent) out.push(`    <related-activity ref="${xml(parent)}" type="1"/>`);
  out.push(...iatiResults(action, doc, xml, "    "));
  out.push(`  </iati-activity>`);
  return out;
}

export function planToIatiXml(doc: PlanDocument, generatedAt = new Date(), conflicts?: OpenConflicts): string {
  const lang = doc.language ?? "es";
  const org = reportingOrgRef(doc);
  const stamp = generatedAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  const w: Writer = {
    doc,
    org,
    attributes: `last-updated-datetime="${stamp}" xml:lang="${lang}" default-currency="${xml(doc.base_currency ?? "USD")}"`,
    narrative: (text) => `<narrative>${xml(text)}</narrative>`,
  };
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<iati-activities version="2.03" generated-datetime="${stamp}">`];
  // IATI 2.03 has no element for it, and a comment keeps the file valid against the schema. In the plan's language, like the file.
  const comment = (text: string) => `  <!-- Matriz: ${xmlSafe(text).replace(/-{2,}/g, "—")} -->`;
  if (conflicts?.open) out.push(comment(translate(lang, "report.iati.conflictsOpen", { count: conflicts.open })));
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      // A need with indicators of its own: its activity first, the parent of its actions.
      const parent = need.indicators?.length ? `${org}-${need.id}` : null;
      if (parent) out.push(...needActivity(w, pillar, need, parent));
      for (const action of need.actions) {
        const open = conflicts?.byAction[action.id ?? ""];
        if (open) out.push(comment(translate(lang, "report.iati.activityConflicts", { count: open })));
        out.push(...actionActivity(w, pillar, need, action, parent));
      }
    }
  }
  out.push("</iati-activities>");
  return out.join("\n") + "\n";
}
