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
import { PERIOD_PATTERN, REPORTING_KINDS } from "./periods";

const text = z.string();
const nonEmpty = z.string().trim().min(1, "must not be empty");
const id = z.string().min(1);
const year = z.number().int().min(1900).max(2200);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD or GTQ");

/** "planned" is shown as "not started"; "not_started" is read as "planned", so old files and old JSON keep their meaning. */
export const ACTION_STATUSES = ["planned", "in_progress", "done", "delayed", "cancelled"] as const;
export const actionStatusSchema = z.preprocess((value) => (value === "not_started" ? "planned" : value), z.enum(ACTION_STATUSES));
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD");
export const periodSchema = z.string().regex(PERIOD_PATTERN, 'must be a reporting period such as "2018", "2018-H1" or "2018-H2"');
export const SEXES = ["female", "male"] as const;
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
  period: periodSchema,
  /** The action's status when the note was written; the action's status when not given. */
  status: actionStatusSchema.optional(),
  note: text,
  author: text.nullable().optional(),
  /** When the note was written (YYYY-MM-DD or a full ISO time). */
  recorded_at: text.optional(),
});

const indicatorNumber = z.number().finite().min(-1e15).max(1e15);
/** One part of a value broken down by sex and/or age group ("female", "0-17"). */
export const breakdownSchema = z.object({
  sex: z.enum(SEXES).nullable().optional(),
  age: z.string().trim().min(1).max(40).nullable().optional(),
  value: indicatorNumber,
});
/** A target for a period: `year` for a whole year (as the MIRPS fixtures write it) or `period` for a half-year. */
export const indicatorTargetSchema = z
  .object({
    id: id.optional(),
    year: year.optional(),
    period: periodSchema.optional(),
    value: indicatorNumber,
  })
  .refine((t) => t.year !== undefined || t.period !== undefined, { message: "targetYearOrPeriod" });
/** The value reached in a period, with a note and the source that verifies it. */
export const indicatorActualSchema = z.object({
  id: id.optional(),
  period: periodSchema,
  value: indicatorNumber.nullable(),
  note: text.nullable().optional(),
  source: text.nullable().optional(),
  breakdown: z.array(breakdownSchema).optional(),
});
export const indicatorSchema = z
  .object({
    id: id.optional(),
    /** In the plan's language; title_es and title_en give both. */
    title: text.optional(),
    title_es: text.nullable().optional(),
    title_en: text.nullable().optional(),
    unit: nonEmpty,
    baseline: z.object({ year, value: indicatorNumber }).nullable().optional(),
    /** Values may be broken down by sex (female, male) and by these age groups. */
    by_sex: z.boolean().optional(),
    age_groups: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    targets: z.array(indicatorTargetSchema).optional(),
    actuals: z.array(indicatorActualSchema).optional(),
  })
  .refine((i) => Boolean(i.title?.trim() || i.title_es?.trim() || i.title_en?.trim()), { message: "indicatorTitle", path: ["title"] });

export const actionSchema = z.object({
  id: id.optional(),
  text: nonEmpty,
  institutions: z.array(nonEmpty),
  lead: nonEmpty.nullable(),
  schedule: text.nullable(),
  commitments: z.array(nonEmpty),
  schedule_years: z.array(year).optional(),
  status: actionStatusSchema.optional(),
  /** When the status last changed (YYYY-MM-DD). */
  status_date: isoDate.nullable().optional(),
  custom: z.record(z.string(), text).optional(),
  budget_lines: z.array(budgetLineSchema).optional(),
  progress: z.array(progressNoteSchema).optional(),
  indicators: z.array(indicatorSchema).optional(),
});

export const needSchema = z.object({
  id: id.optional(),
  profile: nonEmpty.nullable(),
  title: nonEmpty,
  description: text.optional(),
  theme: text.optional(),
  actions: z.array(actionSchema),
  indicators: z.array(indicatorSchema).optional(),
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
  .refine((a) => (a.women ?? 0) + (a.men ?? 0) <= a.total, { message: "attendanceTotal", path: ["total"] });

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
  /** Monitoring reports progress per year or per half-year. */
  reporting: z.enum(REPORTING_KINDS).optional(),
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
export type ProgressNoteDoc = z.infer<typeof progressNoteSchema>;
export type IndicatorDoc = z.infer<typeof indicatorSchema>;
export type IndicatorActualDoc = z.infer<typeof indicatorActualSchema>;
export type BreakdownDoc = z.infer<typeof breakdownSchema>;
export type Sex = (typeof SEXES)[number];

/**
 * A union's failure said through the branch that was meant: the one whose `kind` and
 * `field` matched (issues there weigh heavily), with the fewest other problems.
 */
export function meantBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] | null {
  if (issue.code !== "invalid_union" || !("errors" in issue) || !issue.errors.length) return null;
  const weight = (branch: z.core.$ZodIssue[]) => branch.reduce((n, i) => n + (i.path[0] === "kind" || i.path[0] === "field" ? 10 : 1), 0);
  const best = [...issue.errors].sort((a, b) => weight(a) - weight(b))[0]!;
  return best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
}

