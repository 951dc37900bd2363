/** The core labels each change set in English ("action text", "paste"); the UI says it in the user's language. */
import type { MessageKey } from "../../../src/i18n";
import type { Translate } from "../../i18n";

const KNOWN: Record<string, MessageKey> = {
  "action text": "ui.change.actionText",
  "action schedule": "ui.change.actionSchedule",
  "action status": "ui.change.actionStatus",
  "action institutions": "ui.change.actionInstitutions",
  "action commitments": "ui.change.actionCommitments",
  "budget line": "ui.change.budgetLine",
  "remove budget line": "ui.change.removeBudgetLine",
  "insert need": "ui.change.insertNeed",
  "insert action": "ui.change.insertAction",
  "move need": "ui.change.moveNeed",
  "move action": "ui.change.moveAction",
  "delete need": "ui.change.deleteNeed",
  "delete action": "ui.change.deleteAction",
  paste: "ui.change.paste",
  "need title": "ui.change.needTitle",
  "pillar title": "ui.change.pillarTitle",
  "plan title": "ui.change.planTitle",
  "plan period_start": "ui.change.planPeriodStart",
  "plan period_end": "ui.change.planPeriodEnd",
  "plan base_currency": "ui.change.planBaseCurrency",
  "profile title": "ui.change.profileTitle",
  "need description": "ui.change.needDescription",
  "need theme": "ui.change.needTheme",
  "need profile": "ui.change.needProfile",
  "add proposed action": "ui.change.addProposedAction",
  "rename institution": "ui.change.renameInstitution",
  "institution details": "ui.change.institutionDetails",
};

const NAMED: Array<[RegExp, MessageKey]> = [
  [/^create plan (.+)$/, "ui.change.createPlan"],
  [/^new plan from (.+)$/, "ui.change.newPlan"],
  [/^example (.+) \(MIRPS 2017\)$/, "ui.change.example"],
  [/^import (.+)$/, "ui.change.import"],
  [/^resolve conflict /, "ui.change.resolveConflict"],
  [/^merge institutions (.+)$/, "ui.change.mergeInstitutions"],
];

export function changeLabel(label: string, t: Translate): string {
  const key = KNOWN[label];
  if (key) return t(key);
  const custom = /^custom (.+)$/.exec(label);
  if (custom) return t("ui.change.custom", { column: custom[1] });
  const round = /^consultation round (\d+)$/.exec(label);
  if (round) return t("ui.round.name", { number: round[1] });
  // Labels that carry a name: the plan's country, a template, an example, a file.
  for (const [pattern, key] of NAMED) {
    const match = pattern.exec(label);
    if (match) return t(key, { name: match[1] ?? "" });
  }
  return label;
}
