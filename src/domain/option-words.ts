/**
 * The allowed values of a field said with the words the screens use for them: a
 * refused status lists "«No iniciada», «En curso», … o «Cancelada»", not the stored
 * codes (planned, in_progress…). Used where a call's input or a live edit is refused
 * for a value outside its list. A value the catalogue has no words for is said as
 * its code, in quotes, so it is still plain that it is a value to choose.
 */
import { translate, hasMessage, type Language, type MessageKey } from "../i18n";
import { ACTION_STATUSES, INSTITUTION_KINDS, INSTITUTION_LEVELS } from "./document";
import { TEMPLATES, TEMPLATE_IDS, type TemplateId } from "./templates";

/** One list's words for a value, or null when the value is not one of that list. */
type Vocabulary = (lang: Language, value: string) => string | null;

/** Words kept under one key per value: `${prefix}${value}`. */
const keyed =
  (prefix: string, only?: readonly string[]): Vocabulary =>
  (lang, value) => {
    const key = `${prefix}${value}`;
    return (!only || only.includes(value)) && hasMessage(key) ? translate(lang, key) : null;
  };

/** Words kept in one ICU select message: only for the values it names (its `other` branch says nothing about the rest). */
const selected =
  (key: MessageKey, param: string, values: readonly string[]): Vocabulary =>
  (lang, value) =>
    values.includes(value) ? translate(lang, key, { [param]: value }) : null;

/** Words under keys that are not named after the value (a menu item, a button). */
const named =
  (keys: Record<string, MessageKey>, trim = false): Vocabulary =>
  (lang, value) => {
    const key = Object.hasOwn(keys, value) ? keys[value] : undefined;
    if (!key) return null;
    const words = translate(lang, key);
    // A menu item ends in "…" (it opens a dialog): not part of the value's name.
    return trim ? words.replace(/…$/, "") : words;
  };

const isTemplate = (value: string): value is TemplateId => (TEMPLATE_IDS as readonly string[]).includes(value);

const statusWords = keyed("ui.status.", ACTION_STATUSES);
const languageWords: Vocabulary[] = [keyed("ui.language."), keyed("language.")];

/**
 * The lists a field's values may come from, by the field's name in the contract's inputs
 * and the plan's tables. A name shared by several lists (`kind`: a column's, an
 * institution's, an attendance row's…) names them all: the one that has words for every
 * allowed value is the one meant.
 */
const VOCABULARIES: Record<string, Vocabulary[]> = {
  status: [statusWords],
  // edit.cell's status: its value is a status.
  value: [statusWords],
  funding_source: [keyed("ui.funding.")],
  kind: [
    keyed("ui.columns.kind."),
    selected("ui.directory.kind", "kind", INSTITUTION_KINDS),
    keyed("ui.rounds.kind."),
    keyed("ui.monitoring.", ["target", "actual"]),
    keyed("column.", ["need", "action"]),
  ],
  level: [selected("ui.directory.level", "level", INSTITUTION_LEVELS)],
  sex: [keyed("ui.monitoring.", ["female", "male"])],
  language: languageWords,
  numberLocale: [keyed("language.")],
  reporting: [named({ year: "ui.progress.reportingYear", half: "ui.progress.reportingHalf" })],
  paper: [named({ A4: "ui.summary.paperA4", Letter: "ui.summary.paperLetter" })],
  // An export's format as the report buttons name it (a workbook, PDF), open data as the File menu does.
  format: [(lang, value) => (value === "pdf" ? "PDF" : null), named({ xlsx: "ui.progress.workbook", hxl: "menu.file.export.hxl", iati: "menu.file.export.iati" }, true)],
  template: [(lang, value) => (isTemplate(value) ? translate(lang, `template.${value}`) : null)],
  example: [(lang, value) => (isTemplate(value) ? (TEMPLATES[value].country?.[lang] ?? null) : null)],
  columns: [keyed("column.", ["need", "action", "institutions", "schedule", "commitments", "status"]), keyed("input.option.columns.")],
  take: [keyed("input.option.take.")],
  // Which cell of a row edit.cell writes: the field's name as the conflicts panel says it.
  field: [selected("ui.live.conflicts.field", "field", ["title", "description", "theme", "text", "schedule", "status"])],
};

/** The lists to read `values` from: the one that words them all when there is one. */
function vocabulariesFor(lang: Language, field: string, values: readonly string[]): Vocabulary[] {
  const candidates = VOCABULARIES[field] ?? [];
  const whole = candidates.find((words) => values.every((value) => words(lang, value) !== null));
  return whole ? [whole] : candidates;
}

/** A value as the screens say it among its field's allowed `values`; null when the catalogue has no words for it. */
export function optionWords(lang: Language, field: string, value: string, values: readonly string[] = [value]): string | null {
  for (const words of vocabulariesFor(lang, field, values)) {
    const said = words(lang, value);
    if (said !== null) return said;
  }
  return null;
}

/** A value in the quotes of the language. */
export function quoted(lang: Language, text: string): string {
  return lang === "es" ? `«${text}»` : `“${text}”`;
}

/**
 * The allowed values of a field in words, quoted, as a list to choose from:
 * "«No iniciada», «En curso», «Cumplida», «Retrasada» o «Cancelada»". A value
 * without words is its code in quotes.
 */
export function optionList(lang: Language, field: string, values: readonly string[]): string {
  const said = values.map((value) => quoted(lang, optionWords(lang, field, value, values) ?? value));
  return new Intl.ListFormat(lang, { type: "disjunction" }).format(said);
}
