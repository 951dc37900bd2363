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
};

export function changeLabel(label: string, t: Translate): string {
  const key = KNOWN[label];
  if (key) return t(key);
  const custom = /^custom (.+)$/.exec(label);
  if (custom) return t("ui.change.custom", { column: custom[1] });
  const round = /^consultation round (\d+)$/.exec(label);
  if (round) return t("ui.round.name", { number: round[1] });
  return label;
}
