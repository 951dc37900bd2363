/**
 * The core labels each change set with a code and its parameters (plan creation,
 * examples) or, for edits and in files written before codes, in English ("action
 * text", "paste", "custom priority"); the UI says it in the user's language, never
 * an internal id (a plan column by its heading, not its key).
 */
import { decodeChangeLabel, type ChangeLabel } from "../../../src/domain/change-labels";
import type { Language, MessageKey } from "../../../src/i18n";
import type { Translate } from "../../i18n";

const KNOWN: Record<string, MessageKey> = {
  "action text": "ui.change.actionText",
  "action schedule": "ui.change.actionSchedule",
  "action status": "ui.change.actionStatus",
  "progress note": "ui.change.progressNote",
  "remove progress note": "ui.change.removeProgressNote",
  indicator: "ui.change.indicator",
  "remove indicator": "ui.change.removeIndicator",
  "indicator target": "ui.change.indicatorTarget",
  "indicator value": "ui.change.indicatorValue",
  "reporting periods": "ui.change.reportingPeriods",
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
  "plan period": "ui.change.planPeriod",
  "plan settings": "ui.change.planSettings",
  "insert stocktaking": "ui.change.insertStocktaking",
  "update stocktaking": "ui.change.updateStocktaking",
  "move stocktaking": "ui.change.moveStocktaking",
  "delete stocktaking": "ui.change.deleteStocktaking",
  "insert gap": "ui.change.insertGap",
  "update gap": "ui.change.updateGap",
  "move gap": "ui.change.moveGap",
  "delete gap": "ui.change.deleteGap",
  "insert recommendation": "ui.change.insertRecommendation",
  "update recommendation": "ui.change.updateRecommendation",
  "move recommendation": "ui.change.moveRecommendation",
  "delete recommendation": "ui.change.deleteRecommendation",
  "update consultation round": "ui.change.updateRound",
  "delete consultation round": "ui.change.deleteRound",
  "add column": "ui.change.addColumn",
  "update column": "ui.change.updateColumn",
  "move column": "ui.change.moveColumn",
  "remove column": "ui.change.removeColumn",
  "rename institution": "ui.change.renameInstitution",
  "institution details": "ui.change.institutionDetails",
  // Written by the live-workshop engine for an edit whose author it could not tell.
  "live edit": "ui.change.liveEdit",
};

const NAMED: Array<[RegExp, MessageKey]> = [
  [/^create plan (.+)$/, "ui.change.createPlan"],
  [/^import (.+)$/, "ui.change.import"],
  [/^resolve conflict /, "ui.change.resolveConflict"],
  [/^merge institutions (.+)$/, "ui.change.mergeInstitutions"],
  // A live workshop's host put back an edit outside a laptop's pillar or in a locked one.
  [/^refused: /, "ui.change.refused"],
];

/** Template and example ids as ICU select keys, which cannot hold "-" (costa-rica → costa_rica). */
const selector = (id: string) => id.replace(/-/g, "_");

function coded(label: ChangeLabel, t: Translate): string {
  switch (label.label) {
    case "plan.fromTemplate":
      return t("ui.change.newPlan", { template: selector(label.template) });
    case "plan.fromExample":
      return t("ui.change.example", { example: selector(label.example) });
    case "plan.fromFile":
      return t("ui.change.newPlanFromFile", { file: label.file });
    case "plan.create":
      return t("ui.change.createPlan", { name: label.country });
    case "conflicts.resolve":
      return t("ui.change.resolveConflicts", { count: Number(label.count), take: label.take, origin: label.origin ?? "file" });
  }
}

/**
 * The label in the user's language. A change to a plan column's value names the
 * column by its heading (`heading` finds it by key), never by its internal key.
 */
export function changeLabel(label: string, t: Translate, heading?: (key: string) => string | undefined): string {
  const code = decodeChangeLabel(label);
  if (code) return coded(code, t);
  // Files written before label codes: "new plan from mexico" (a template) or "… from honduras.json" (a file).
  const newPlan = /^new plan from (.+)$/.exec(label);
  if (newPlan) return /\.[a-z]+$/i.test(newPlan[1]!) ? t("ui.change.newPlanFromFile", { file: newPlan[1]! }) : t("ui.change.newPlan", { template: selector(newPlan[1]!) });
  const example = /^example (.+) \(MIRPS 2017\)$/.exec(label);
  if (example) return t("ui.change.example", { example: selector(example[1]!) });
  const key = KNOWN[label];
  if (key) return t(key);
  const custom = /^custom (.+)$/.exec(label);
  if (custom) return t("ui.change.custom", { column: heading?.(custom[1]!) ?? custom[1]! });
  const round = /^consultation round (\d+)$/.exec(label);
  if (round) return t("ui.round.name", { number: round[1] });
  // Labels that carry a name: the plan's country, a template, an example, a file.
  for (const [pattern, key] of NAMED) {
    const match = pattern.exec(label);
    if (match) return t(key, { name: match[1] ?? "" });
  }
  return label;
}

/** Finds a plan column's heading in the user's language by its key, among the plan's columns now. */
export function columnHeadings(columns: ReadonlyArray<{ key: string; heading_es: string; heading_en: string }> | undefined, language: Language): (key: string) => string | undefined {
  return (key) => {
    const column = columns?.find((c) => c.key === key);
    return column ? (language === "es" ? column.heading_es : column.heading_en) : undefined;
  };
}
