/**
 * An action's status as people write it: the words the app shows in Spanish or
 * English ("En curso", "in progress"), the stored codes ("in_progress"), and the
 * older "not started" / "prevista" for planned. Case, accents and spaces do not
 * matter. Used wherever status comes in as text: a paste, a returned workbook.
 */
import { translate, type MessageKey } from "../i18n";
import { ACTION_STATUSES, type ActionStatus } from "./document";

const fold = (text: string) =>
  text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[_\s]+/g, " ").trim().toLowerCase();

const BY_WORD = new Map<string, ActionStatus>();
for (const status of ACTION_STATUSES) {
  const words = [status, translate("es", `ui.status.${status}` as MessageKey), translate("en", `ui.status.${status}` as MessageKey)];
  if (status === "planned") words.push("not started", "not_started", "prevista", "planificada");
  for (const word of words) BY_WORD.set(fold(word), status);
}

/** The status a text names, or undefined when it names none. */
export function statusFromText(text: string): ActionStatus | undefined {
  return BY_WORD.get(fold(text));
}

/** The statuses as the user reads them, for saying what was expected. */
export function statusWords(language: "es" | "en"): string {
  return ACTION_STATUSES.map((s) => translate(language, `ui.status.${s}` as MessageKey)).join(", ");
}
