/**
 * The one API contract between the UI and the core. Each method's input and
 * output is a zod schema; the TypeScript types are inferred from them. The main
 * process validates every input here before a handler sees it; the preload
 * exposes `invoke` for exactly these methods; end-to-end tests inject the same
 * `invoke` into Chromium. Nothing else crosses from the renderer to the core.
 *
 * Pure TypeScript + zod: the renderer imports it for types only.
 */
import { z } from "zod";
import { ACTION_STATUSES, budgetLineSchema, consultationRoundSchema, planDocumentSchema } from "../domain/document";
import { TEMPLATE_IDS } from "../domain/templates";

const language = z.enum(["es", "en"]);
const filePath = z.string().trim().min(1, "a file path is required").max(4096);
const planPath = filePath.refine((p) => p.toLowerCase().endsWith(".matriz"), "a plan file name must end in .matriz");
const nothing = z.undefined().or(z.null()).or(z.object({}).strict()).transform(() => undefined);
const id = z.string().trim().min(1, "an id is required").max(100);
const shortText = z.string().trim().min(1, "must not be empty").max(2000);
const longText = z.string().max(100_000);
const rowKind = z.enum(["need", "action"]);
const placement = z.union([
  z.object({ before: id }).strict(),
  z.object({ after: id }).strict(),
  z.object({ end: z.literal(true) }).strict(),
  z.object({ start: z.literal(true) }).strict(),
]);

export const historyStateSchema = z.object({
  undo: z.object({ id: z.number().int(), label: z.string() }).nullable(),
  redo: z.object({ id: z.number().int(), label: z.string() }).nullable(),
});
/** What every edit answers: the plan's new revision and what undo/redo would do next. */
export const editResultSchema = z.object({ revision: z.number().int(), history: historyStateSchema });
export const deletePreviewSchema = z.object({
  kind: rowKind,
  id: z.string(),
  title: z.string(),
  actions: z.number().int(),
  budgetLines: z.number().int(),
});
export const historyEntrySchema = z.object({
  changeSet: z.number().int(),
  at: z.string(),
  author: z.string(),
  round: z.number().int().nullable(),
  source: z.string(),
  label: z.string(),
  entity: z.string(),
  entityId: z.string(),
  op: z.enum(["insert", "update", "delete"]),
  field: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
});

const matrixFilterSchema = z
  .object({
    text: z.string().max(500).optional(),
    institution: z.string().max(500).nullable().optional(),
    pillar: z.number().int().nullable().optional(),
    commitment: z.string().max(500).nullable().optional(),
    year: z.number().int().nullable().optional(),
  })
  .strict();
const amounts = z.record(z.string(), z.number());
export const planSummaryTablesSchema = z.object({
  total: amounts,
  byPillarYear: z.array(z.object({ pillar: z.number(), title: z.string(), year: z.number(), amounts })),
  byInstitutionYear: z.array(z.object({ institution: z.string(), year: z.number(), amounts })),
  byFundingSource: z.array(z.object({ source: z.string(), amounts })),
  fundedVersusToMobilise: z.object({ funded: amounts, toBeMobilised: amounts, unspecified: amounts }),
  actionsPerInstitution: z.array(z.object({ institution: z.string(), lead: z.number(), supporting: z.number() })),
  years: z.array(z.number()),
});
export type PlanSummaryTables = z.infer<typeof planSummaryTablesSchema>;

export const EXAMPLE_IDS = ["guatemala", "costa-rica", "honduras", "mexico", "panama", "belize"] as const;

export const planSummarySchema = z.object({
  path: z.string(),
  id: z.string(),
  title: z.string(),
  country: z.string(),
  iso3: z.string(),
  template: z.enum(TEMPLATE_IDS),
  language,
  revision: z.number().int(),
  counts: z.object({ pillars: z.number().int(), needs: z.number().int(), actions: z.number().int() }),
  /** Set when opening upgraded an older file; the original was kept at backupPath. */
  upgradedFrom: z.number().int().nullable(),
  backupPath: z.string().nullable(),
});

export const settingsSchema = z.object({
  /** "system" follows the operating system's language. */
  language: z.enum(["system", "es", "en"]),
  resolvedLanguage: language,
  /** The operating system's locale (e.g. "es-GT"): how numbers and money are written and read. */
  locale: z.string(),
  userName: z.string(),
  recent: z.array(z.string()),
});

export const templateInfoSchema = z.object({
  id: z.enum(TEMPLATE_IDS),
  iso3: z.string().nullable(),
  country: z.object({ es: z.string(), en: z.string() }).nullable(),
  pillars: z.array(z.object({ number: z.number(), title: z.object({ es: z.string(), en: z.string() }) })),
  profiles: z.number().int(),
  columns: z.array(z.string()),
});

export const exampleInfoSchema = z.object({
  id: z.enum(EXAMPLE_IDS),
  country: z.string(),
  iso3: z.string(),
  actions: z.number().int(),
});

/** Every method: its input schema and its output schema. */
export const contract = {
  "app.info": {
    input: nothing,
    output: z.object({ name: z.string(), version: z.string(), schema: z.number().int() }),
  },
  "settings.get": { input: nothing, output: settingsSchema },
  "settings.update": {
    input: z
      .object({
        language: z.enum(["system", "es", "en"]).optional(),
        userName: z.string().trim().min(1, "the name must not be empty").max(200).optional(),
      })
      .strict(),
    output: settingsSchema,
  },
  "recent.clear": { input: nothing, output: settingsSchema },
  "templates.list": { input: nothing, output: z.array(templateInfoSchema) },
  "examples.list": { input: nothing, output: z.array(exampleInfoSchema) },
  "plan.current": { input: nothing, output: planSummarySchema.nullable() },
  "plan.document": { input: nothing, output: planDocumentSchema },
  "plan.open": { input: z.object({ path: filePath }).strict(), output: planSummarySchema },
  "plan.openExample": { input: z.object({ example: z.enum(EXAMPLE_IDS) }).strict(), output: planSummarySchema },
  "plan.create": {
    input: z
      .object({
        path: planPath,
        template: z.enum(TEMPLATE_IDS),
        title: z.string().trim().min(1).max(500).optional(),
        country: z.string().trim().min(1).max(200).optional(),
        language: language.optional(),
        overwrite: z.boolean().optional(),
      })
      .strict(),
    output: planSummarySchema,
  },
  "plan.saveCopy": { input: z.object({ path: planPath }).strict(), output: z.object({ path: z.string() }) },
  "plan.close": { input: nothing, output: z.null() },
  /** The shell shows the operating system's dialog; null when the user cancels. */
  "dialog.open": { input: nothing, output: planSummarySchema.nullable() },
  "dialog.create": {
    input: z.object({ template: z.enum(TEMPLATE_IDS) }).strict(),
    output: planSummarySchema.nullable(),
  },
  "dialog.saveCopy": { input: nothing, output: z.object({ path: z.string() }).nullable() },
  /* ---- editing: each call is one change set, one undo step ---- */
  "edit.cell": {
    input: z.union([
      z.object({ kind: z.literal("pillar"), id, field: z.literal("title"), value: shortText }).strict(),
      z.object({ kind: z.literal("profile"), id, field: z.literal("title"), value: shortText }).strict(),
      z.object({ kind: z.literal("need"), id, field: z.enum(["title", "description", "theme"]), value: longText.nullable() }).strict(),
      z.object({ kind: z.literal("action"), id, field: z.enum(["text", "schedule"]), value: longText.nullable() }).strict(),
      z.object({ kind: z.literal("action"), id, field: z.literal("status"), value: z.enum(ACTION_STATUSES) }).strict(),
      z.object({ kind: z.literal("plan"), field: z.literal("title"), value: shortText }).strict(),
    ]),
    output: editResultSchema.extend({ years: z.array(z.number()).optional() }),
  },
  "edit.institutions": {
    input: z.object({ actionId: id, institutions: z.array(z.object({ label: shortText, lead: z.boolean().optional() }).strict()).max(200) }).strict(),
    output: editResultSchema,
  },
  "edit.commitments": {
    input: z.object({ actionId: id, commitments: z.array(shortText).max(200) }).strict(),
    output: editResultSchema,
  },
  "edit.custom": {
    input: z.object({ actionId: id, column: z.string().min(1).max(100), value: longText }).strict(),
    output: editResultSchema,
  },
  "edit.budgetLine": {
    input: z
      .object({
        actionId: id,
        line: budgetLineSchema.strict(),
      })
      .strict(),
    output: editResultSchema.extend({ id: z.string() }),
  },
  "edit.removeBudgetLine": { input: z.object({ id }).strict(), output: editResultSchema },
  "edit.insertNeed": {
    input: z.object({ pillarId: id, placement, title: shortText, profileId: id.nullable().optional() }).strict(),
    output: editResultSchema.extend({ id: z.string() }),
  },
  "edit.insertAction": {
    input: z.object({ needId: id, placement, text: longText }).strict(),
    output: editResultSchema.extend({ id: z.string() }),
  },
  "edit.move": {
    input: z.object({ kind: rowKind, id, direction: z.enum(["up", "down"]) }).strict(),
    output: editResultSchema.extend({ moved: z.boolean() }),
  },
  "edit.moveTo": {
    input: z.object({ kind: rowKind, id, parentId: id, beforeId: id.nullable() }).strict(),
    output: editResultSchema,
  },
  "edit.deletePreview": { input: z.object({ kind: rowKind, id }).strict(), output: deletePreviewSchema },
  "edit.delete": { input: z.object({ kind: rowKind, id }).strict(), output: editResultSchema.extend({ deleted: deletePreviewSchema }) },
  "edit.paste": {
    input: z
      .object({
        actionIds: z.array(id).max(100_000),
        columns: z.array(z.enum(["need", "action", "institutions", "schedule", "commitments", "ignore"])).min(1).max(50),
        rows: z.array(z.array(z.string().max(100_000)).max(50)).min(1).max(100_000),
        appendToNeed: id,
      })
      .strict(),
    output: editResultSchema.extend({ updated: z.number().int(), added: z.array(z.string()) }),
  },
  "edit.undo": { input: nothing, output: editResultSchema.extend({ done: z.boolean() }) },
  "edit.redo": { input: nothing, output: editResultSchema.extend({ done: z.boolean() }) },
  "history.state": { input: nothing, output: historyStateSchema },
  "history.row": {
    input: z.object({ entity: z.enum(["plan", "pillar", "profile", "need", "action", "budget_line"]), id }).strict(),
    output: z.array(historyEntrySchema),
  },
  "rounds.list": { input: nothing, output: z.object({ rounds: z.array(consultationRoundSchema), current: z.string().nullable() }) },
  "rounds.create": {
    input: z
      .object({
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD").nullable(),
        participants: longText.nullable().optional(),
        objectives: longText.nullable().optional(),
        makeCurrent: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ rounds: z.array(consultationRoundSchema), current: z.string().nullable() }),
  },
  "rounds.setCurrent": {
    input: z.object({ id: id.nullable() }).strict(),
    output: z.object({ rounds: z.array(consultationRoundSchema), current: z.string().nullable() }),
  },
  "directory.list": {
    input: nothing,
    output: z.object({
      institutions: z.array(z.object({ label: z.string(), acronym: z.string().nullable(), name_es: z.string().nullable(), name_en: z.string().nullable(), uses: z.number().int() })),
      commitments: z.array(z.object({ label: z.string(), uses: z.number().int() })),
    }),
  },
  /* ---- secretariat outputs ---- */
  "reports.summary": { input: z.object({ filter: matrixFilterSchema.optional() }).strict().optional(), output: planSummaryTablesSchema },
  "export.national": {
    input: z.object({ path: filePath, format: z.enum(["xlsx", "hxl", "iati", "pdf"]), paper: z.enum(["A4", "Letter"]).optional() }).strict(),
    output: z.object({ path: z.string() }),
  },
  /** Asks where to save (the shell's dialog), then exports; null when the user cancels. */
  "dialog.exportNational": {
    input: z.object({ format: z.enum(["xlsx", "hxl", "iati", "pdf"]), paper: z.enum(["A4", "Letter"]).optional() }).strict(),
    output: z.object({ path: z.string() }).nullable(),
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export const METHODS = Object.keys(contract) as Method[];
export type Input<M extends Method> = z.input<Contract[M]["input"]>;
export type Output<M extends Method> = z.output<Contract[M]["output"]>;
export type PlanSummary = z.infer<typeof planSummarySchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type TemplateInfo = z.infer<typeof templateInfoSchema>;
export type ExampleInfo = z.infer<typeof exampleInfoSchema>;
export type HistoryState = z.infer<typeof historyStateSchema>;
export type EditResult = z.infer<typeof editResultSchema>;
export type DeletePreview = z.infer<typeof deletePreviewSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type { PlanDocument } from "../domain/document";

export interface ApiError {
  code: string;
  message: string;
  params: Record<string, string | number | undefined>;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the preload puts on `window.matriz`, and what tests inject into Chromium. */
export interface MatrizApi {
  invoke<M extends Method>(method: M, input?: Input<M>): Promise<Result<Output<M>>>;
  /** Notifications from the shell (a plan opened from the menu, the language changed). Returns an unsubscribe function. */
  onEvent(listener: (event: MatrizEvent) => void): () => void;
}

export const EDITOR_COMMANDS = ["undo", "redo", "find", "projector", "insertAction", "insertNeed", "deleteRow"] as const;
export type EditorCommand = (typeof EDITOR_COMMANDS)[number];

export const matrizEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("plan-changed"), plan: planSummarySchema.nullable() }),
  z.object({ type: z.literal("settings-changed"), settings: settingsSchema }),
  /** A menu item whose work happens in the editor (undo in the grid, find, projector mode). */
  z.object({ type: z.literal("command"), command: z.enum(EDITOR_COMMANDS) }),
  z.object({ type: z.literal("error"), error: z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.any()) }) }),
]);
export type MatrizEvent = z.infer<typeof matrizEventSchema>;

export { INVOKE_CHANNEL, EVENT_CHANNEL } from "./channels";
