/**
 * Words the finance workbook and the import report show, in Spanish and
 * English side by side so neither language can be forgotten. Column names the
 * rest of Matriz already translates come from the shared catalogue.
 */
import { translate, type Language, type MessageKey } from "../i18n";
import { FUNDING_SOURCES } from "../domain/document";

export type Bilingual = { es: string; en: string };

export const WORDS = {
  instructionsSheet: { es: "Instrucciones", en: "Instructions" },
  actionsSheet: { es: "Acciones", en: "Actions" },
  listsSheet: { es: "Listas", en: "Lists" },
  pillar: { es: "Pilar", en: "Pillar" },
  institution: { es: "Institución (presupuesto)", en: "Institution (budget)" },
  amount: { es: "Monto {year}", en: "Amount {year}" },
  budgetCode: { es: "Código presupuestario", en: "Budget code" },
  note: { es: "Observaciones", en: "Note" },
  title: { es: "Parte financiera del plan de acción — {plan}", en: "Financial part of the plan of action — {plan}" },
  forInstitution: { es: "Institución: {institution}", en: "Institution: {institution}" },
  wholePlan: { es: "Todas las instituciones responsables", en: "All responsible institutions" },
  exported: { es: "Exportado el {date} (revisión {revision}, exportación {export})", en: "Exported on {date} (revision {revision}, export {export})" },
  steps: {
    es: [
      "1. En la hoja «Acciones» hay una fila por cada acción de la que su institución es responsable (líder o de apoyo), ordenadas por pilar y necesidad.",
      "2. Las columnas de pilar, necesidad, acción, instituciones y cronograma están bloqueadas: son el texto acordado en la consulta.",
      "3. Complete las columnas abiertas: el monto de cada año, la moneda, la fuente de financiamiento, la referencia del PEI, la del POA, el código presupuestario y observaciones.",
      "4. Escriba los montos como números (1.250.000,50 o 1,250,000.50). Deje vacío el monto de un año sin presupuesto; borrar un monto quita esa línea.",
      "5. No escriba fórmulas, no combine celdas y no borre las columnas ni la fila ocultas: permiten unir su archivo con la matriz nacional.",
      "6. Para proponer una acción nueva, escríbala en una fila vacía al final. La secretaría la revisará.",
      "7. Guarde el archivo (xlsx, xls, ods o csv) y envíelo a la secretaría.",
    ].join("\n"),
    en: [
      "1. The “Actions” sheet has one row per action your institution is responsible for (lead or supporting), in pillar and need order.",
      "2. The pillar, need, action, institutions and schedule columns are locked: they are the text agreed in the consultation.",
      "3. Fill in the open columns: the amount for each year, the currency, the funding source, the PEI reference, the POA reference, the budget code and a note.",
      "4. Type amounts as numbers (1,250,000.50 or 1.250.000,50). Leave a year without budget empty; clearing an amount removes that line.",
      "5. Do not type formulas, merge cells or delete the hidden columns and row: they let your file be merged into the national matrix.",
      "6. To propose a new action, write it in an empty row at the end. The secretariat will review it.",
      "7. Save the file (xlsx, xls, ods or csv) and send it back to the secretariat.",
    ].join("\n"),
  },
  report: {
    file: { es: "{file}: {added} línea(s) añadida(s), {changed} cambiada(s), {removed} quitada(s); {conflicts} conflicto(s)", en: "{file}: {added} line(s) added, {changed} changed, {removed} removed; {conflicts} conflict(s)" },
    applied: { es: "aplicado", en: "applied" },
    dryRun: { es: "vista previa, nada cambió", en: "preview, nothing changed" },
    already: { es: "{file}: ya importado, nada cambió", en: "{file}: already imported, nothing changed" },
    column: { es: "  fila {row}, «{column}»: {base} → {value} ({status})", en: "  row {row}, “{column}”: {base} → {value} ({status})" },
    columnApplies: { es: "se aplica", en: "applied" },
    outside: { es: "  fila {row}, «{column}»: la institución cambió «{base}» por «{found}» (no se aplica)", en: "  row {row}, “{column}”: the institution changed “{base}” to “{found}” (not applied)" },
    newRow: { es: "  fila {row}: acción nueva propuesta: {text}", en: "  row {row}: proposed new action: {text}" },
    rowError: { es: "  {sheet}!{row} «{column}»: se encontró «{found}», se esperaba {expected}", en: "  {sheet}!{row} “{column}”: found “{found}”, expected {expected}" },
    match: { es: "  fila {row} emparejada por su texto con la acción {action}", en: "  row {row} matched by its text to action {action}" },
    resolved: { es: "{id}: resuelto con el valor «{take}»", en: "{id}: resolved with the {take} value" },
    exported: { es: "{file}\t{rows} fila(s)\texportación {export}", en: "{file}\t{rows} row(s)\texport {export}" },
  },
  expected: {
    amount: { es: "un monto (p. ej. 1.250.000,50)", en: "an amount (e.g. 1,250,000.50)" },
    unambiguous: {
      es: "un monto que se lea de una sola manera: con sus decimales (1.250,00 o 1,250.00) o sin separadores (1250)",
      en: "an amount that reads one way only: with its decimals (1,250.00 or 1.250,00) or without separators (1250)",
    },
    cents: { es: "un monto con dos decimales como máximo (centavos)", en: "an amount with at most two decimals (cents)" },
    positive: { es: "un monto positivo", en: "a positive amount" },
    currency: { es: "un código ISO 4217 (GTQ, USD…)", en: "an ISO 4217 code (GTQ, USD…)" },
    sameCurrency: { es: "la moneda de la fila ({currency})", en: "the row's currency ({currency})" },
    source: { es: "una fuente de la lista", en: "a source from the list" },
    knownAction: { es: "una acción exportada", en: "an exported action" },
    institution: { es: "la institución del libro", en: "the workbook's institution" },
    uniqueRow: { es: "una sola fila por acción e institución", en: "one row per action and institution" },
    actionText: { es: "el texto de la acción", en: "the action's text" },
    value: { es: "un valor", en: "a value" },
    number: { es: "un número (p. ej. 1.250,5)", en: "a number (e.g. 1,250.5)" },
    date: { es: "una fecha AAAA-MM-DD o DD/MM/AAAA", en: "a date YYYY-MM-DD or DD/MM/YYYY" },
    choice: { es: "una de estas opciones: {choices}", en: "one of these choices: {choices}" },
    sameValue: { es: "lo mismo que en las otras filas de la acción ({value})", en: "the same as the action's other rows ({value})" },
  },
} as const;

export function say(lang: Language, words: Bilingual, params: Record<string, string | number> = {}): string {
  return words[lang].replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

export function catalogue(lang: Language, key: MessageKey): string {
  return translate(lang, key);
}

/** The funding source as the dropdown shows it; reading back accepts either language or the stored code. */
export function fundingLabel(lang: Language, source: string): string {
  return translate(lang, `ui.funding.${source}` as MessageKey);
}

const SOURCE_BY_TEXT = new Map<string, string>();
for (const source of FUNDING_SOURCES) {
  for (const lang of ["es", "en"] as const) SOURCE_BY_TEXT.set(normaliseText(fundingLabel(lang, source)), source);
  SOURCE_BY_TEXT.set(normaliseText(source), source);
  SOURCE_BY_TEXT.set(normaliseText(source.replace(/_/g, " ")), source);
}

export function fundingSourceFrom(text: string): string | undefined {
  return SOURCE_BY_TEXT.get(normaliseText(text));
}

/** Case, accents and runs of spaces do not matter when a header or a label is read back. */
export function normaliseText(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim().toLowerCase();
}
