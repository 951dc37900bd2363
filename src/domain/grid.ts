/**
 * The matrix as the editor's grid needs it: the plan document without the
 * financial detail (each action carries only how many budget lines it has and
 * for which years; the lines themselves are fetched for the rows on screen), and
 * the change an edit made to it, so the grid patches its copy instead of
 * fetching the plan again.
 */
import { z } from "zod";
import { actionSchema, budgetLineSchema, needSchema, pillarSchema, planDocumentSchema } from "./document";

export const budgetSummarySchema = z.object({ lines: z.number().int().min(0), years: z.array(z.number().int()) });

export const gridActionSchema = actionSchema.omit({ budget_lines: true, progress: true, indicators: true }).extend({ budget: budgetSummarySchema });
export const gridNeedSchema = needSchema.omit({ indicators: true }).extend({ actions: z.array(gridActionSchema) });
export const gridPillarSchema = pillarSchema.extend({ needs: z.array(gridNeedSchema) });
export const gridDocumentSchema = planDocumentSchema.extend({ pillars: z.array(gridPillarSchema) });

/**
 * What changes since revision `from` did to the grid. A pillar or need listed
 * comes with the ids of its children in order; an action listed comes whole.
 * Anything not listed is unchanged. `full` means the change reached something
 * the grid cannot patch (profiles, pillars added or removed): fetch it again.
 */
export const gridDeltaSchema = z.object({
  from: z.number().int(),
  revision: z.number().int(),
  full: z.boolean(),
  pillars: z.array(gridPillarSchema.omit({ needs: true }).extend({ id: z.string(), needIds: z.array(z.string()) })),
  needs: z.array(gridNeedSchema.omit({ actions: true }).extend({ id: z.string(), actionIds: z.array(z.string()) })),
  actions: z.array(gridActionSchema.extend({ id: z.string() })),
  /** The budget lines of the actions whose lines changed. */
  budgetLines: z.record(z.string(), z.array(budgetLineSchema)),
  /** The directory and the rounds, whole, when a name or a round was added. */
  directory: planDocumentSchema.pick({ institutions: true, commitments: true, consultation_rounds: true }).optional(),
  /** The plan's header, stocktaking, gaps, overarching recommendations and own columns, whole, when one of them changed. */
  sections: planDocumentSchema
    .pick({ title: true, period: true, base_currency: true, stocktaking: true, gaps: true, gap_records: true, overarching_recommendations: true, custom_columns: true })
    .optional(),
});

export type BudgetSummary = z.infer<typeof budgetSummarySchema>;
export type GridAction = z.infer<typeof gridActionSchema>;
export type GridNeed = z.infer<typeof gridNeedSchema>;
export type GridPillar = z.infer<typeof gridPillarSchema>;
export type GridDocument = z.infer<typeof gridDocumentSchema>;
export type GridDelta = z.infer<typeof gridDeltaSchema>;
