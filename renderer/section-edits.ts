/**
 * The edits to the plan outside the matrix (its settings, stocktaking, gaps,
 * overarching recommendations, consultation rounds and own columns). They go
 * through the same queue as the matrix's; the core's answer carries the sections
 * it changed, which replace the cached ones, so nothing is guessed here.
 */
import type { Input } from "../src/api/contract";
import { edit } from "./sync";

export const setPlanSettings = (input: Input<"edit.plan">) => edit("edit.plan", () => input);
export const editStocktaking = (input: Input<"edit.stocktaking">) => edit("edit.stocktaking", () => input);
export const editGap = (input: Input<"edit.gap">) => edit("edit.gap", () => input);
export const editRecommendation = (input: Input<"edit.recommendation">) => edit("edit.recommendation", () => input);
export const editColumn = (input: Input<"edit.column">) => edit("edit.column", () => input);
export const createRound = (input: Input<"rounds.create">) => edit("rounds.create", () => input);
export const editRound = (input: Input<"edit.round">) => edit("edit.round", () => input);
