/**
 * The plan as one JSON document, in the shape of the MIRPS 2017 fixture files
 * (country, iso3, columns, pillars → needs → actions, stocktaking, gaps,
 * acronyms), with ids and every other field the model holds added. This is what
 * `matriz show --json` prints and `matriz new --from-json` reads, and what the UI
 * receives to draw the matrix.
 */
import { MAX_AMOUNT } from "./money";
import { z } from "zod";
import { TEMPLATE_IDS } from "./templates";

const text = z.string();
const nonEmpty = z.string().trim().min(1, "must not be empty");
const id = z.string().min(1);
const year = z.number().int().min(1900).max(2200);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD or GTQ");

export const ACTION_STATUSES = ["planned", "in_progress", "done", "delayed", "cancelled"] as const;
export const FUNDING_SOURCES = ["national_budget", "international_cooperation", "to_be_mobilised", "other"] as const;
export const CUSTOM_COLUMN_KINDS = ["text", "number", "date", "list"] as const;
export const INSTITUTION_KINDS = [
  "ministry",
  "secretariat",
  "government",
  "judiciary",
  "legislature",
  "autonomous",
  "municipal",
  "un_agency",
  "international",
  "civil_society",
  "academia",
  "private_sector",
  "other",
] as const;

export const INSTITUTION_LEVELS = ["technical", "political"] as const;

export const budgetLineSchema = z.object({
  id: id.optional(),
  institution: nonEmpty,
  year,
  /** Decimal amount in the line's currency, e.g. 1250000.5. Stored exactly in hundredths. */
  amount: z.number().finite().max(MAX_AMOUNT).min(-MAX_AMOUNT).nullable(),
  currency: currencyCode,
  funding_source: z.enum(FUNDING_SOURCES).nullable().optional(),
  pei: text.nullable().optional(),
  poa: text.nullable().optional(),
  budget_code: text.nullable().optional(),
  note: text.nullable().optional(),
});

export const progressNoteSchema = z.object({
  id: id.optional(),
  period: nonEmpty,
  status: z.enum(ACTION_STATUSES),
  note: text,
  author: text.nullable().optional(),
  recorded_at: text.optional(),
});

export const actionSchema = z.object({
  id: id.optional(),
  text: nonEmpty,
  institutions: z.array(nonEmpty),
  lead: nonEmpty.nullable(),
  schedule: text.nullable(),
  commitments: z.array(nonEmpty),
  schedule_years: z.array(year).optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  custom: z.record(z.string(), text).optional(),
  budget_lines: z.array(budgetLineSchema).optional(),
  progress: z.array(progressNoteSchema).optional(),
});

export const needSchema = z.object({
  id: id.optional(),
  profile: nonEmpty.nullable(),
  title: nonEmpty,
  description: text.optional(),
  theme: text.optional(),
  actions: z.array(actionSchema),
});

export const pillarSchema = z.object({
  id: id.optional(),
  number: z.number().int().min(1).max(99),
  title: nonEmpty,
  title_es: text.optional(),
  title_en: text.optional(),
  crrf_pillar: z.number().int().min(1).max(4).optional(),
  needs: z.array(needSchema),
});

export const stocktakingSchema = z.object({
  id: id.optional(),
  pillar: z.number().int().min(1).max(99),
  profile: text.optional(),
  theme: text.optional(),
  commitments: z.array(nonEmpty),
  supervisors: text.nullable(),
  activity: nonEmpty,
  commitment_detail: text.optional(),
});

export const institutionSchema = z.object({
  id: id.optional(),
  label: nonEmpty,
  acronym: text.nullable().optional(),
  name_es: text.nullable().optional(),
  name_en: text.nullable().optional(),
  kind: z.enum(INSTITUTION_KINDS).nullable().optional(),
  /** The directory's focal point and whether that person works at technical or political level. */
  focal_name: text.nullable().optional(),
  focal_email: text.nullable().optional(),
  focal_phone: text.nullable().optional(),
  level: z.enum(INSTITUTION_LEVELS).nullable().optional(),
});

export const commitmentSchema = z.object({
  id: id.optional(),
  label: nonEmpty,
  canonical: text.nullable().optional(),
});

const headcount = z.number().int().min(0).max(1_000_000);
/** Who came to a round: a count per institution or per sector, by sex where it is known. */
export const attendanceSchema = z
  .object({
    name: nonEmpty,
    kind: z.enum(["institution", "sector"]),
    total: headcount,
    women: headcount.nullable().optional(),
    men: headcount.nullable().optional(),
  })
  .refine((a) => (a.women ?? 0) + (a.men ?? 0) <= a.total, { message: "women and men together cannot be more than the total", path: ["total"] });

export const consultationRoundSchema = z.object({
  id: id.optional(),
  number: z.number().int().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD").nullable(),
  place: text.nullable().optional(),
  participants: text.nullable(),
  attendance: z.array(attendanceSchema).optional(),
  objectives: text.nullable(),
  /** The round's outcome: what it agreed or moved forward. */
  progress: text.nullable(),
});

export const customColumnSchema = z.object({
  id: id.optional(),
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower-case letters, digits and _"),
  heading_es: nonEmpty,
  heading_en: nonEmpty,
  kind: z.enum(CUSTOM_COLUMN_KINDS),
  /** The choices of a list column, in order. */
  options: z.array(nonEmpty).optional(),
  /** Open for the institution to fill in its workbook, or locked there (the default). */
  open: z.boolean().optional(),
});

export const profileSchema = z.object({
  id: id.optional(),
  title_es: text,
  title_en: text,
});

export const gapRecordSchema = z.object({
  id: id.optional(),
  pillar: z.number().int().nullable(),
  text: nonEmpty,
});

export const planDocumentSchema = z.object({
  format: z.literal("matriz-plan").optional(),
  format_version: z.number().int().optional(),
  id: id.optional(),
  country: nonEmpty,
  iso3: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 3166 code such as GTM"),
  source: text.optional(),
  title: text.optional(),
  template: z.enum(TEMPLATE_IDS).optional(),
  language: z.enum(["es", "en"]).optional(),
  period: z.object({ start: year, end: year }).optional(),
  base_currency: currencyCode.optional(),
  columns: z.array(text),
  pillars: z.array(pillarSchema),
  overarching_recommendations: z.array(actionSchema).optional(),
  stocktaking: z.array(stocktakingSchema),
  gaps: z.array(text),
  gap_records: z.array(gapRecordSchema).optional(),
  acronyms: z.record(z.string(), text),
  notes: z.array(text).optional(),
  profiles: z.array(profileSchema).optional(),
  institutions: z.array(institutionSchema).optional(),
  commitments: z.array(commitmentSchema).optional(),
  consultation_rounds: z.array(consultationRoundSchema).optional(),
  custom_columns: z.array(customColumnSchema).optional(),
  revision: z.number().int().optional(),
});

export type PlanDocument = z.infer<typeof planDocumentSchema>;
export type PillarDoc = z.infer<typeof pillarSchema>;
export type NeedDoc = z.infer<typeof needSchema>;
export type ActionDoc = z.infer<typeof actionSchema>;
export type BudgetLineDoc = z.infer<typeof budgetLineSchema>;
export type StocktakingDoc = z.infer<typeof stocktakingSchema>;
export type InstitutionDoc = z.infer<typeof institutionSchema>;
export type ConsultationRoundDoc = z.infer<typeof consultationRoundSchema>;
export type AttendanceDoc = z.infer<typeof attendanceSchema>;
export type CustomColumnDoc = z.infer<typeof customColumnSchema>;
export type CustomColumnKind = (typeof CUSTOM_COLUMN_KINDS)[number];
export type GapRecordDoc = z.infer<typeof gapRecordSchema>;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** "pillars[0].needs[2].actions[1].text: expected a string, got nothing" — one line per problem. */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.reduce<string>((acc, part) => {
      if (typeof part === "number") return `${acc}[${part}]`;
      return acc ? `${acc}.${String(part)}` : String(part);
    }, "");
    return `${path || "(document)"}: ${issue.message}`;
  });
  const more = error.issues.length - limit;
  if (more > 0) lines.push(`… and ${more} more`);
  return lines.join("; ");
}
