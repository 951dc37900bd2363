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
import { planDocumentSchema } from "../domain/document";
import { TEMPLATE_IDS } from "../domain/templates";

const language = z.enum(["es", "en"]);
const filePath = z.string().trim().min(1, "a file path is required").max(4096);
const planPath = filePath.refine((p) => p.toLowerCase().endsWith(".matriz"), "a plan file name must end in .matriz");
const nothing = z.undefined().or(z.null()).or(z.object({}).strict()).transform(() => undefined);
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

export const matrizEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("plan-changed"), plan: planSummarySchema.nullable() }),
  z.object({ type: z.literal("settings-changed"), settings: settingsSchema }),
  z.object({ type: z.literal("error"), error: z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.any()) }) }),
]);
export type MatrizEvent = z.infer<typeof matrizEventSchema>;

export { INVOKE_CHANNEL, EVENT_CHANNEL } from "./channels";
