/**
 * The contract's directory and returns methods, served on the open plan. Renames,
 * detail edits and merges are typed edits: one change set each, one undo step,
 * with the user's name and the current consultation round.
 */
import type { z } from "zod";
import type { contract, EditResult, Method, Output } from "../api/contract";
import { suggestDuplicates } from "../directory/duplicates";
import { editInstitution, listDirectory, mergeInstitutions, renameInstitution } from "../directory/institutions";
import { returnsTracker } from "../directory/returns";
import { statements } from "../storage/change-log";
import { currentRevision, gridDelta } from "../storage/grid-io";
import { historyState } from "../storage/history";
import type { PlanStore } from "../storage/plan-store";
import { currentRound } from "./editing";

type In<M extends Method> = z.output<(typeof contract)[M]["input"]>;
type DirectoryMethod = Extract<Method, `directory.${"institutions" | "rename" | "update" | "merge"}` | "returns.list">;
export type DirectoryHandlers = { [M in DirectoryMethod]: (input: In<M>) => Output<M> };

export function directoryHandlers(plan: () => PlanStore, author: () => string): DirectoryHandlers {
  const meta = () => ({ author: author(), source: "typed" as const, roundId: currentRound(plan()) });
  /** Runs an edit and answers like every edit: revision, undo/redo, what changed in the grid. */
  const edit = <T>(work: () => T): EditResult & { value: T } => {
    const db = plan().db;
    const before = currentRevision(db);
    const value = work();
    const delta = gridDelta(db, before);
    return { revision: delta.revision, history: historyState(db, author()), grid: JSON.stringify(delta), value };
  };
  const acronyms = () =>
    Object.fromEntries((statements(plan().db).get("SELECT acronym, expansion FROM acronym").all() as Array<{ acronym: string; expansion: string }>).map((a) => [a.acronym, a.expansion]));

  return {
    "directory.institutions": () => {
      const entries = listDirectory(plan().db);
      return { entries, suggestions: suggestDuplicates(entries, acronyms()) };
    },
    "directory.rename": (input) => {
      const { value: _, ...result } = edit(() => renameInstitution(plan().db, meta(), input.id, input.label));
      return result;
    },
    "directory.update": (input) => {
      // A new name and details from the one Edit dialog: one change set, one undo.
      const { value: _, ...result } = edit(() => editInstitution(plan().db, meta(), input.id, { label: input.label, details: input.details }));
      return result;
    },
    "directory.merge": (input) => {
      const { value, ...result } = edit(() => mergeInstitutions(plan().db, meta(), input.from, input.into));
      return { ...result, merged: value };
    },
    "returns.list": () => returnsTracker(plan().db),
  };
}
