/**
 * Moving a whole plan between its JSON document form and the plan file. Writing
 * goes through a ChangeWriter, so a plan made from a fixture or a JSON file has
 * its origin in the change log like any other edit.
 */
import type { Database as Db } from "better-sqlite3";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import { fromMinor } from "../domain/money";
import { parseScheduleYears } from "../domain/schedule";
import { TEMPLATES, templateForIso3, type Template } from "../domain/templates";
import type {
  ActionDoc,
  ActionStatus,
  BudgetLineDoc,
  IndicatorDoc,
  NeedDoc,
  PillarDoc,
  PlanDocument,
} from "../domain/document";
import type { ChangeWriter } from "./change-log";
import { statements } from "./change-log";
import { LATEST_SCHEMA } from "./migrations";
import type { Row } from "./entities";
import { budgetLineRow, institutionRow } from "./rows";
import { columnDefinitionProblem, customValueProblem, type CustomColumnRule } from "../domain/custom-columns";
import { readIndicators, writeIndicator } from "./indicator-io";

/**
 * A rule of the plan the document breaks, said where it is (`at`) and which rule:
 * the words are in src/i18n (error.document_rule). The file is named by the caller
 * that read it (the CLI's new --from-json).
 */
const invalid = (at: string, rule: string, params: Record<string, string | number> = {}) => new MatrizError("document_rule", { path: "", at, rule, ...params });

/** The title a plan gets when none is given, in the language it is written in. */
export function defaultTitle(country: string, language: "es" | "en"): string {
  return language === "es" ? `Plan de acción nacional MIRPS — ${country}` : `MIRPS national plan of action — ${country}`;
}

/** Directory and catalogue rows are shared by label; the first use creates them. */
class Lookups {
  private readonly institutions = new Map<string, string>();
  private readonly commitments = new Map<string, string>();
  private readonly profiles = new Map<string, string>();
  private profilePosition = 0;
  constructor(
    private readonly writer: ChangeWriter,
    private readonly language: "es" | "en",
  ) {}

  institution(label: string): string {
    let id = this.institutions.get(label);
    if (!id) {
      id = newId();
      this.writer.insert("institution", institutionRow(id, label, this.language));
      this.institutions.set(label, id);
    }
    return id;
  }

  commitment(label: string): string {
    let id = this.commitments.get(label);
    if (!id) {
      id = newId();
      this.writer.insert("commitment", { id, label, canonical: null });
      this.commitments.set(label, id);
    }
    return id;
  }

  profile(title: string, other?: string, knownId?: string): string {
    let id = this.profiles.get(title);
    if (!id) {
      id = knownId ?? newId();
      const [es, en] = this.language === "es" ? [title, other ?? title] : [other ?? title, title];
      this.writer.insert("profile", { id, title_es: es, title_en: en, position: ++this.profilePosition });
      this.profiles.set(title, id);
    }
    return id;
  }

  registerInstitution(label: string, id: string) {
    this.institutions.set(label, id);
  }
  registerCommitment(label: string, id: string) {
    this.commitments.set(label, id);
  }
}

function checkAction(action: ActionDoc, where: string) {
  if (action.lead !== null && !action.institutions.includes(action.lead)) {
    throw invalid(`${where}.lead`, "lead_not_listed", { name: action.lead });
  }
  const seen = new Set<string>();
  for (const name of action.institutions) {
    if (seen.has(name)) throw invalid(`${where}.institutions`, "listed_twice", { name });
    seen.add(name);
  }
  for (const [index, line] of (action.budget_lines ?? []).entries()) {
    if (!action.institutions.includes(line.institution)) {
      throw invalid(`${where}.budget_lines[${index}].institution`, "budget_institution", { name: line.institution });
    }
  }
}

function pillarTitles(pillar: PillarDoc, template: Template, language: "es" | "en") {
  const known = template.pillars.find((p) => p.number === pillar.number);
  const matchesTemplate = known && known.title[language].toLowerCase() === pillar.title.toLowerCase();
  const es = pillar.title_es ?? (language === "es" ? pillar.title : matchesTemplate ? known!.title.es : pillar.title);
  const en = pillar.title_en ?? (language === "en" ? pillar.title : matchesTemplate ? known!.title.en : pillar.title);
  return { es, en, crrf: pillar.crrf_pillar ?? known?.crrfPillar ?? Math.min(Math.max(pillar.number, 1), 4) };
}

export interface WriteOptions {
  /** Language of the document's texts; fixtures from the 2017 document are English. */
  language?: "es" | "en";
}

/** Writes a validated document into an empty plan file. */
export function writeDocument(writer: ChangeWriter, doc: PlanDocument, options: WriteOptions = {}): string {
  const language = doc.language ?? options.language ?? "es";
  const template = doc.template ? TEMPLATES[doc.template] : templateForIso3(doc.iso3);
  const period = doc.period ?? template.period;
  if (period.end < period.start) throw invalid("period", "period_backwards", { start: period.start, end: period.end });
  const planId = doc.id ?? newId();

  writer.insert("plan", {
    id: planId,
    country: doc.country,
    iso3: doc.iso3,
    title: doc.title ?? defaultTitle(doc.country, language),
    template_id: template.id,
    language,
    period_start: period.start,
    period_end: period.end,
    base_currency: doc.base_currency ?? template.baseCurrency,
    source: doc.source ?? null,
    source_columns: JSON.stringify(doc.columns),
    notes: JSON.stringify(doc.notes ?? []),
    overarching: null,
    created_at: new Date().toISOString(),
    // Only when given: a plan written by an older schema's code has no such column.
    ...(doc.reporting ? { reporting: doc.reporting } : {}),
  });

  template.columns.forEach((column, index) =>
    writer.insert("column_def", {
      id: newId(),
      key: column.key,
      heading_es: column.heading.es,
      heading_en: column.heading.en,
      kind: column.key === "budget" ? "number" : "text",
      builtin: 1,
      position: index + 1,
    }),
  );
  const customColumnIds = new Map<string, string>();
  (doc.custom_columns ?? []).forEach((column, index) => {
    if (template.columns.some((c) => c.key === column.key) || customColumnIds.has(column.key)) {
      throw invalid(`custom_columns[${index}].key`, "column_exists", { name: column.key });
    }
    const problem = columnDefinitionProblem(column.kind, column.options ?? []);
    if (problem) throw invalid(`custom_columns[${index}].options`, "column_choices", { problem });
    const id = column.id ?? newId();
    customColumnIds.set(column.key, id);
    writer.insert("column_def", {
      id,
      key: column.key,
      heading_es: column.heading_es,
      heading_en: column.heading_en,
      kind: column.kind,
      builtin: 0,
      position: template.columns.length + index + 1,
      options: JSON.stringify(column.options ?? []),
      open: column.open ? 1 : 0,
    });
  });

  const lookups = new Lookups(writer, language);
  for (const profile of doc.profiles ?? []) {
    lookups.profile(
      language === "es" ? profile.title_es : profile.title_en,
      language === "es" ? profile.title_en : profile.title_es,
      profile.id,
    );
  }
  for (const profile of template.profiles) lookups.profile(profile[language], profile[language === "es" ? "en" : "es"]);

  for (const institution of doc.institutions ?? []) {
    const id = institution.id ?? newId();
    writer.insert("institution", {
      id,
      label: institution.label,
      acronym: institution.acronym ?? null,
      name_es: institution.name_es ?? null,
      name_en: institution.name_en ?? null,
      kind: institution.kind ?? null,
      // Only when given: a plan written by an older schema's code has no such columns.
      ...Object.fromEntries((["focal_name", "focal_email", "focal_phone", "level"] as const).filter((f) => institution[f]).map((f) => [f, institution[f]!])),
    });
    lookups.registerInstitution(institution.label, id);
  }
  for (const commitment of doc.commitments ?? []) {
    const id = commitment.id ?? newId();
    writer.insert("commitment", { id, label: commitment.label, canonical: commitment.canonical ?? null });
    lookups.registerCommitment(commitment.label, id);
  }

  const roundIds = new Map<number, string>();
  for (const round of doc.consultation_rounds ?? []) {
    if (roundIds.has(round.number)) throw invalid("consultation_rounds", "round_twice", { number: round.number });
    const id = round.id ?? newId();
    roundIds.set(round.number, id);
    writer.insert("consultation_round", {
      id,
      number: round.number,
      date: round.date,
      participants: round.participants,
      objectives: round.objectives,
      progress: round.progress,
      ...(round.place !== undefined || round.attendance !== undefined
        ? { place: round.place ?? null, attendance: JSON.stringify(round.attendance ?? []) }
        : {}),
    });
  }

  const pillarIds = new Map<number, string>();
  doc.pillars.forEach((pillar, p) => {
    if (pillarIds.has(pillar.number)) throw invalid(`pillars[${p}].number`, "pillar_twice", { number: pillar.number });
    const titles = pillarTitles(pillar, template, language);
    const pillarId = pillar.id ?? newId();
    pillarIds.set(pillar.number, pillarId);
    writer.insert("pillar", {
      id: pillarId,
      number: pillar.number,
      title_es: titles.es,
      title_en: titles.en,
      crrf_pillar: titles.crrf,
      position: p + 1,
    });
    pillar.needs.forEach((need, n) => writeNeed(writer, lookups, need, pillarId, n + 1, `pillars[${p}].needs[${n}]`, {
      period,
      customColumnIds,
      customColumns: new Map((doc.custom_columns ?? []).map((c) => [c.key, { kind: c.kind, options: c.options ?? [] }])),
      baseCurrency: doc.base_currency ?? template.baseCurrency,
      language,
    }));
  });

  doc.stocktaking.forEach((entry, index) => {
    const pillarId = pillarIds.get(entry.pillar);
    if (!pillarId) throw invalid(`stocktaking[${index}].pillar`, "no_pillar", { number: entry.pillar });
    for (const label of entry.commitments) lookups.commitment(label);
    writer.insert("stocktaking", {
      id: entry.id ?? newId(),
      pillar_id: pillarId,
      profile: entry.profile ?? null,
      theme: entry.theme ?? null,
      activity: entry.activity,
      supervisors: entry.supervisors,
      commitments: JSON.stringify(entry.commitments),
      commitment_detail: entry.commitment_detail ?? null,
      position: index + 1,
    });
  });

  const gaps = doc.gap_records ?? doc.gaps.map((text) => ({ id: undefined, pillar: null, text }));
  gaps.forEach((gap, index) => {
    const pillarId = gap.pillar === null ? null : pillarIds.get(gap.pillar);
    if (pillarId === undefined) throw invalid(`gap_records[${index}].pillar`, "no_pillar", { number: gap.pillar ?? "" });
    writer.insert("gap", { id: gap.id ?? newId(), pillar_id: pillarId, text: gap.text, position: index + 1 });
  });

  (doc.overarching_recommendations ?? []).forEach((item, index) => {
    const { id, text, ...detail } = item;
    writer.insert("recommendation", { id: id ?? newId(), text, detail: JSON.stringify(detail), position: index + 1 });
  });

  Object.entries(doc.acronyms).forEach(([acronym, expansion], index) =>
    writer.insert("acronym", { id: newId(), acronym, expansion, position: index + 1 }),
  );
  return planId;
}

interface NeedContext {
  period: { start: number; end: number };
  customColumnIds: Map<string, string>;
  customColumns: Map<string, CustomColumnRule>;
  baseCurrency: string;
  language: "es" | "en";
}

function writeNeed(writer: ChangeWriter, lookups: Lookups, need: NeedDoc, pillarId: string, position: number, where: string, ctx: NeedContext) {
  const needId = need.id ?? newId();
  writer.insert("need", {
    id: needId,
    pillar_id: pillarId,
    profile_id: need.profile === null ? null : lookups.profile(need.profile),
    title: need.title,
    description: need.description ?? null,
    theme: need.theme ?? null,
    position,
  });
  need.actions.forEach((action, a) => writeAction(writer, lookups, action, needId, a + 1, `${where}.actions[${a}]`, ctx));
  (need.indicators ?? []).forEach((indicator, i) =>
    writeIndicator(writer, { need_id: needId }, indicator, i + 1, ctx.language, `${where}.indicators[${i}]`, invalid),
  );
}

export function writeAction(
  writer: ChangeWriter,
  lookups: Lookups,
  action: ActionDoc,
  needId: string,
  position: number,
  where: string,
  ctx: NeedContext,
): string {
  checkAction(action, where);
  const actionId = action.id ?? newId();
  writer.insert("action", {
    id: actionId,
    need_id: needId,
    text: action.text,
    schedule: action.schedule,
    schedule_years: JSON.stringify(action.schedule_years ?? parseScheduleYears(action.schedule, ctx.period)),
    status: action.status ?? "planned",
    position,
    // Only when given: a plan written by an older schema's code has no such column.
    ...(action.status_date ? { status_date: action.status_date } : {}),
  });
  action.institutions.forEach((label, index) =>
    writer.insert("action_institution", {
      id: newId(),
      action_id: actionId,
      institution_id: lookups.institution(label),
      is_lead: label === action.lead ? 1 : 0,
      position: index + 1,
    }),
  );
  action.commitments.forEach((label, index) => {
    writer.insert("action_commitment", {
      id: newId(),
      action_id: actionId,
      commitment_id: lookups.commitment(label),
      position: index + 1,
    });
  });
  for (const line of action.budget_lines ?? []) writeBudgetLine(writer, lookups, line, actionId);
  for (const note of action.progress ?? []) {
    writer.insert("progress_note", {
      id: note.id ?? newId(),
      action_id: actionId,
      period: note.period,
      status: note.status ?? action.status ?? "planned",
      note: note.note,
      author: note.author ?? null,
      recorded_at: note.recorded_at ?? new Date().toISOString(),
    });
  }
  for (const [key, value] of Object.entries(action.custom ?? {})) {
    const columnId = ctx.customColumnIds.get(key);
    if (!columnId) throw invalid(`${where}.custom.${key}`, "no_column", { name: key });
    const problem = customValueProblem(ctx.customColumns.get(key)!, value);
    if (problem) throw invalid(`${where}.custom.${key}`, "custom_value", { ...problem });
    writer.insert("custom_value", { id: newId(), action_id: actionId, column_id: columnId, value });
  }
  (action.indicators ?? []).forEach((indicator, i) =>
    writeIndicator(writer, { action_id: actionId }, indicator, i + 1, ctx.language, `${where}.indicators[${i}]`, invalid),
  );
  return actionId;
}

function writeBudgetLine(writer: ChangeWriter, lookups: Lookups, line: BudgetLineDoc, actionId: string) {
  writer.insert("budget_line", budgetLineRow(line.id ?? newId(), actionId, lookups.institution(line.institution), line));
}

/* ------------------------------------------------------------------ reading */

type R = Record<string, any>;

function groupBy<T extends R>(rows: T[], key: string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = row[key] as string;
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(row);
  }
  return map;
}

function optional<T extends R>(target: T, key: string, value: unknown): T {
  if (value !== null && value !== undefined) (target as R)[key] = value;
  return target;
}

/** Reads the whole plan as one document, in matrix order. */
export function readDocument(db: Db): PlanDocument {
  const language = (statements(db).get("SELECT language FROM plan").get() as R).language as "es" | "en";
  const indicators = readIndicators(db, language);
  const doc = assembleDocument(db, readFullActions(db, indicators.byAction));
  // Needs carry their indicators in the whole document only; the grid leaves them out.
  if (indicators.byNeed.size) {
    for (const pillar of doc.pillars) for (const need of pillar.needs) {
      const list = indicators.byNeed.get(need.id!);
      if (list) need.indicators = list;
    }
  }
  return doc;
}

/** Every action whole (links, budget lines, progress notes, own columns), grouped by need in matrix order. */
function readFullActions(db: Db, indicators: Map<string, IndicatorDoc[]>): Map<string, ActionDoc[]> {
  const all = (sql: string) => statements(db).get(sql).all() as R[];
  const institutionLabel = new Map(all("SELECT id, label FROM institution").map((i) => [i.id as string, i.label as string]));
  const commitmentLabel = new Map(all("SELECT id, label FROM commitment").map((c) => [c.id as string, c.label as string]));
  const customKey = new Map(all("SELECT id, key FROM column_def WHERE builtin = 0").map((c) => [c.id as string, c.key as string]));

  const actionInstitutions = groupBy(all("SELECT * FROM action_institution ORDER BY action_id, position"), "action_id");
  const actionCommitments = groupBy(all("SELECT * FROM action_commitment ORDER BY action_id, position"), "action_id");
  const budgetLines = groupBy(all("SELECT * FROM budget_line ORDER BY action_id, year, rowid"), "action_id");
  const progress = groupBy(all("SELECT * FROM progress_note ORDER BY action_id, recorded_at, rowid"), "action_id");
  const customValues = groupBy(all("SELECT * FROM custom_value"), "action_id");
  const actionsByNeed = groupBy(all("SELECT * FROM action ORDER BY need_id, position"), "need_id");

  const toAction = (a: R): ActionDoc => {
    const links = actionInstitutions.get(a.id) ?? [];
    const lead = links.find((l) => l.is_lead === 1);
    const doc: ActionDoc = {
      id: a.id,
      text: a.text,
      institutions: links.map((l) => institutionLabel.get(l.institution_id)!),
      lead: lead ? institutionLabel.get(lead.institution_id)! : null,
      schedule: a.schedule,
      commitments: (actionCommitments.get(a.id) ?? []).map((c) => commitmentLabel.get(c.commitment_id)!),
      schedule_years: JSON.parse(a.schedule_years),
      status: a.status as ActionStatus,
      ...(a.status_date ? { status_date: a.status_date } : {}),
      budget_lines: (budgetLines.get(a.id) ?? []).map((b) => budgetLineDoc(b, institutionLabel.get(b.institution_id)!)),
      progress: (progress.get(a.id) ?? []).map((n) => ({
        id: n.id,
        period: n.period,
        status: n.status,
        note: n.note,
        author: n.author,
        recorded_at: n.recorded_at,
      })),
    };
    const custom = customValues.get(a.id);
    if (custom?.length) doc.custom = Object.fromEntries(custom.map((v) => [customKey.get(v.column_id)!, v.value as string]));
    const measured = indicators.get(a.id);
    if (measured) doc.indicators = measured;
    return doc;
  };
  const byNeed = new Map<string, ActionDoc[]>();
  for (const [needId, rows] of actionsByNeed) byNeed.set(needId, rows.map(toAction));
  return byNeed;
}

/** A budget_line row as the document writes it. */
export function budgetLineDoc(b: R, institution: string): BudgetLineDoc {
  return {
    id: b.id,
    institution,
    year: b.year,
    amount: b.amount_minor === null ? null : fromMinor(b.amount_minor),
    currency: b.currency,
    funding_source: b.funding_source,
    pei: b.pei_ref,
    poa: b.poa_ref,
    budget_code: b.budget_code,
    note: b.note,
  };
}

/** The plan's directory of institutions and commitments, and its consultation rounds, as the document lists them. */
export function readDirectory(db: Db): Pick<PlanDocument, "institutions" | "commitments" | "consultation_rounds"> {
  const all = (sql: string) => statements(db).get(sql).all() as R[];
  return {
    // Spellings merged into another entry are not entries of their own any more.
    institutions: all("SELECT * FROM institution WHERE merged_into IS NULL ORDER BY label COLLATE NOCASE").map((i) => {
      const entry: R = { id: i.id, label: i.label, acronym: i.acronym, name_es: i.name_es, name_en: i.name_en, kind: i.kind };
      for (const field of ["focal_name", "focal_email", "focal_phone", "level"]) optional(entry, field, i[field]);
      return entry as NonNullable<PlanDocument["institutions"]>[number];
    }),
    commitments: all("SELECT * FROM commitment ORDER BY label COLLATE NOCASE").map((c) => ({ id: c.id, label: c.label, canonical: c.canonical })),
    consultation_rounds: all("SELECT * FROM consultation_round ORDER BY number").map((r) => ({
      id: r.id,
      number: r.number,
      date: r.date,
      place: r.place,
      participants: r.participants,
      attendance: JSON.parse(r.attendance),
      objectives: r.objectives,
      progress: r.progress,
    })),
  };
}

/** The parts of the plan edited outside the matrix: header, stocktaking, gaps, overarching recommendations, own columns. */
export type PlanSections = Pick<
  PlanDocument,
  "title" | "period" | "base_currency" | "stocktaking" | "gaps" | "gap_records" | "overarching_recommendations" | "custom_columns"
>;

/** Reads the plan's sections (a few small tables): what an edit outside the matrix sends back whole. */
export function readSections(db: Db): PlanSections {
  const all = (sql: string) => statements(db).get(sql).all() as R[];
  const plan = statements(db).get("SELECT title, period_start, period_end, base_currency FROM plan").get() as R;
  const pillarNumber = new Map(all("SELECT id, number FROM pillar").map((p) => [p.id as string, p.number as number]));
  const gapRecords = all("SELECT * FROM gap ORDER BY position, rowid").map((g) => ({
    id: g.id as string,
    pillar: g.pillar_id ? pillarNumber.get(g.pillar_id)! : null,
    text: g.text as string,
  }));
  const sections: PlanSections = {
    title: plan.title,
    period: { start: plan.period_start, end: plan.period_end },
    base_currency: plan.base_currency,
    stocktaking: all("SELECT * FROM stocktaking ORDER BY position, rowid").map((s) => {
      const entry: R = { id: s.id, pillar: pillarNumber.get(s.pillar_id)! };
      optional(entry, "profile", s.profile);
      optional(entry, "theme", s.theme);
      entry.commitments = JSON.parse(s.commitments);
      entry.supervisors = s.supervisors;
      entry.activity = s.activity;
      optional(entry, "commitment_detail", s.commitment_detail);
      return entry as PlanDocument["stocktaking"][number];
    }),
    gaps: gapRecords.map((g) => g.text),
    gap_records: gapRecords,
    custom_columns: all("SELECT * FROM column_def WHERE builtin = 0 ORDER BY position").map((c) => ({
      id: c.id,
      key: c.key,
      heading_es: c.heading_es,
      heading_en: c.heading_en,
      kind: c.kind,
      options: JSON.parse(c.options),
      open: c.open === 1,
    })),
  };
  const recommendations = all("SELECT * FROM recommendation ORDER BY position, rowid");
  if (recommendations.length) sections.overarching_recommendations = recommendations.map((r) => ({ id: r.id, text: r.text, ...JSON.parse(r.detail) }));
  return sections;
}

/** The plan around its actions: header, pillars and needs in order, stocktaking, gaps, directory, rounds, columns. */
export function assembleDocument<A>(db: Db, actionsByNeed: Map<string, A[]>): PlanDocument {
  const all = (sql: string) => statements(db).get(sql).all() as R[];
  const plan = statements(db).get("SELECT * FROM plan").get() as R;
  const language = plan.language as "es" | "en";
  const revision = (statements(db).get("SELECT coalesce(max(id), 0) AS r FROM change_set").get() as R).r as number;

  const profiles = all("SELECT * FROM profile ORDER BY position");
  const profileTitle = new Map(profiles.map((p) => [p.id as string, (language === "es" ? p.title_es : p.title_en) as string]));
  const columns = all("SELECT * FROM column_def ORDER BY position");

  const needsByPillar = groupBy(all("SELECT * FROM need ORDER BY pillar_id, position"), "pillar_id");
  const pillars = all("SELECT * FROM pillar ORDER BY position");
  const sections = readSections(db);

  const doc: PlanDocument = {
    format: "matriz-plan",
    format_version: LATEST_SCHEMA,
    id: plan.id,
    country: plan.country,
    iso3: plan.iso3,
    title: plan.title,
    template: plan.template_id,
    language,
    period: { start: plan.period_start, end: plan.period_end },
    base_currency: plan.base_currency,
    reporting: plan.reporting,
    revision,
    columns: plan.source_columns
      ? JSON.parse(plan.source_columns)
      : columns.filter((c) => c.builtin === 1).map((c) => (language === "es" ? c.heading_es : c.heading_en)),
    pillars: pillars.map((p) => ({
      id: p.id,
      number: p.number,
      title: language === "es" ? p.title_es : p.title_en,
      title_es: p.title_es,
      title_en: p.title_en,
      crrf_pillar: p.crrf_pillar,
      needs: (needsByPillar.get(p.id) ?? []).map((n) => {
        const need: NeedDoc = {
          id: n.id,
          profile: n.profile_id ? profileTitle.get(n.profile_id)! : null,
          title: n.title,
          actions: (actionsByNeed.get(n.id) ?? []) as unknown as ActionDoc[],
        };
        optional(need, "description", n.description);
        optional(need, "theme", n.theme);
        return need;
      }),
    })),
    stocktaking: sections.stocktaking,
    gaps: sections.gaps,
    gap_records: sections.gap_records,
    acronyms: Object.fromEntries(all("SELECT * FROM acronym ORDER BY position").map((a) => [a.acronym, a.expansion])),
    notes: JSON.parse(plan.notes),
    profiles: profiles.map((p) => ({ id: p.id, title_es: p.title_es, title_en: p.title_en })),
    ...readDirectory(db),
    custom_columns: sections.custom_columns,
  };
  optional(doc, "source", plan.source);
  if (sections.overarching_recommendations) doc.overarching_recommendations = sections.overarching_recommendations;
  return doc;
}

export type { Row };
