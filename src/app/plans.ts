/**
 * Making plans: from a template, from a JSON document, from a 2017 example.
 * The CLI and the app call these same functions.
 */
import fs from "node:fs";
import path from "node:path";
import { encodeChangeLabel } from "../domain/change-labels";
import { MatrizError } from "../domain/errors";
import type { z } from "zod";
import { planDocumentSchema, type PlanDocument } from "../domain/document";
import { describeIssues } from "../domain/issues";
import { TEMPLATES, TEMPLATE_IDS, isTemplateId, type TemplateId } from "../domain/templates";
import type { ChangeSource } from "../storage/change-log";
import { translate, type Language, type MessageKey } from "../i18n";
import { writeDocument } from "../storage/document-io";
import { PlanStore } from "../storage/plan-store";

export interface Author {
  author: string;
  source: ChangeSource;
}

/** Where JSON.parse stopped, as a person counts: line and column (1-based). */
function jsonErrorAt(raw: string, error: Error): { line: number; column: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(error.message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(error.message);
  const before = raw.slice(0, position ? Number(position[1]) : raw.length).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Reads and validates a plan document from a JSON file, naming the file and the field that is wrong, in `lang`. */
export function readDocumentFile(filePath: string, lang: Language = "en"): PlanDocument {
  let raw: string;
  try {
    raw = fs.readFileSync(filePath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new MatrizError("file_not_found", { path: filePath });
    throw new MatrizError("io_error", { operation: "read", path: filePath, detail: (error as Error).message });
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new MatrizError("invalid_json", { path: filePath, ...jsonErrorAt(raw, error as Error) });
  }
  return parseDocument(data, filePath, lang);
}

/** The first problems of a document that does not fit the plan's schema, said in `lang`. */
export function describeDocumentIssues(error: z.ZodError, lang: Language, limit = 5): string {
  return describeIssues(error, lang, "document", limit);
}

export function parseDocument(data: unknown, where: string, lang: Language = "en"): PlanDocument {
  const parsed = planDocumentSchema.safeParse(data);
  if (!parsed.success) throw new MatrizError("invalid_document", { path: where, detail: describeDocumentIssues(parsed.error, lang) });
  return parsed.data;
}

export function templateDocument(templateId: TemplateId, options: { country?: string; title?: string; language: "es" | "en" }): PlanDocument {
  const template = TEMPLATES[templateId];
  const lang = options.language;
  const country = options.country ?? template.country?.[lang] ?? (lang === "es" ? "País" : "Country");
  return {
    country,
    iso3: template.iso3 ?? "XXX",
    template: template.id,
    language: lang,
    title: options.title,
    period: template.period,
    base_currency: template.baseCurrency,
    columns: template.columns.map((c) => c.heading[lang]),
    pillars: template.pillars.map((p) => ({
      number: p.number,
      title: p.title[lang],
      title_es: p.title.es,
      title_en: p.title.en,
      crrf_pillar: p.crrfPillar,
      needs: [],
    })),
    profiles: template.profiles.map((p) => ({ title_es: p.es, title_en: p.en })),
    stocktaking: [],
    gaps: [],
    acronyms: {},
  };
}

export function requireTemplate(id: string): TemplateId {
  if (!isTemplateId(id)) throw new MatrizError("unknown_template", { template: id, available: TEMPLATE_IDS.join(", ") });
  return id;
}

export function createPlanFromDocument(
  filePath: string,
  doc: PlanDocument,
  who: Author,
  options: { overwrite?: boolean; language?: "es" | "en"; label?: string } = {},
): PlanStore {
  // Validate cross-field rules against an in-memory write first would double the work;
  // createPlanFile builds under a temporary name, so a failure leaves nothing behind.
  return PlanStore.create(
    filePath,
    { author: who.author, source: who.source, label: options.label ?? encodeChangeLabel({ label: "plan.create", country: doc.country }) },
    (writer) => {
      writeDocument(writer, doc, { language: options.language });
    },
    { overwrite: options.overwrite },
  );
}

/** The six 2017 national plans shipped in resources/examples. */
export function exampleDocumentPath(resourcesDir: string, example: string): string {
  return path.join(resourcesDir, "examples", `${example}.json`);
}
