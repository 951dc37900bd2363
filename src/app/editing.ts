/**
 * The contract's editing, history, rounds and directory methods, served on the
 * open plan. Every edit carries the user's name and the current consultation round.
 */
import type { z } from "zod";
import { MatrizError } from "../domain/errors";
import type { contract, EditResult, Method, Output } from "../api/contract";
import { addColumn, moveColumn, removeColumn, updateColumn } from "../storage/column-edits";
import { readDirectory } from "../storage/document-io";
import {
  createRound,
  insertGap,
  insertRecommendation,
  insertStocktaking,
  moveListRow,
  removeListRow,
  removeRound,
  updateGap,
  updatePlanSettings,
  updateRecommendation,
  updateRound,
  updateStocktaking,
  type EditContext,
} from "../storage/section-edits";
import { conflictsChangedSince, statements, type ChangeMeta } from "../storage/change-log";
import { PlanEditor } from "../storage/edits";
import { currentRevision, gridDelta, readBudgetLines, readGridDocument } from "../storage/grid-io";
import { historyState, redo, rowHistory, undo } from "../storage/history";
import type { PlanStore } from "../storage/plan-store";

type In<M extends Method> = z.output<(typeof contract)[M]["input"]>;
type EditingMethod = Extract<Method, `edit.${string}` | `history.${string}` | `rounds.${string}` | "directory.list" | "plan.grid" | "plan.budgetLines">;
export type EditingHandlers = { [M in EditingMethod]: (input: In<M>) => Output<M> };

const CURRENT_ROUND = "current_round";

export function currentRound(store: PlanStore): string | null {
  const row = statements(store.db).get("SELECT value FROM meta WHERE key = ?").get(CURRENT_ROUND) as { value: string } | undefined;
  return row?.value ?? null;
}

function setCurrentRound(store: PlanStore, roundId: string | null) {
  if (roundId === null) statements(store.db).get("DELETE FROM meta WHERE key = ?").run(CURRENT_ROUND);
  else statements(store.db).get("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(CURRENT_ROUND, roundId);
}

export function editingHandlers(plan: () => PlanStore, author: () => string): EditingHandlers {
  const meta = (label: string): ChangeMeta => ({ author: author(), source: "typed", label, roundId: currentRound(plan()) });
  const editor = () => new PlanEditor(plan(), meta);
  /** The revision before an edit: its answer says what changed since (see gridDelta). */
  let before = 0;
  const start = () => {
    before = currentRevision(plan().db);
    return editor();
  };
  const result = (): EditResult => {
    const db = plan().db;
    const delta = gridDelta(db, before);
    return { revision: delta.revision, history: historyState(db, author()), grid: JSON.stringify(delta) };
  };
  const rounds = () => {
    const store = plan();
    return { rounds: readDirectory(store.db).consultation_rounds ?? [], current: currentRound(store) };
  };
  /** The plan's parts outside the matrix are edited through the same meta (author, round) as the matrix. */
  const sections = (): EditContext => {
    before = currentRevision(plan().db);
    return { store: plan(), meta };
  };
  /** Moving and removing are the same for every list outside the matrix. */
  const moveOrRemove = (table: "stocktaking" | "gap" | "recommendation", input: { op: "move"; id: string; direction: "up" | "down" } | { op: "remove"; id: string }) => {
    const ctx = sections();
    if (input.op === "remove") {
      removeListRow(ctx, table, input.id);
      return result();
    }
    const moved = moveListRow(ctx, table, input.id, input.direction);
    return { ...result(), id: input.id, moved };
  };

  return {
    "edit.cell": (input) => {
      const e = start();
      let years: number[] | undefined;
      switch (input.kind) {
        case "plan":
          e.setPlanField("title", input.value);
          break;
        case "pillar":
          e.setPillarTitle(input.id, input.value);
          break;
        case "profile":
          e.setProfileTitle(input.id, input.value);
          break;
        case "need":
          e.setNeedField(input.id, input.field, input.field === "title" ? requireText(input.value) : input.value || null);
          break;
        case "action":
          if (input.field === "status") e.setActionStatus(input.id, input.value, input.date);
          else if (input.field === "schedule") years = e.setActionSchedule(input.id, input.value);
          else e.setActionText(input.id, requireText(input.value));
          break;
      }
      return { ...result(), ...(years ? { years } : {}) };
    },
    "edit.plan": (input) => {
      updatePlanSettings(sections(), input);
      return result();
    },
    "edit.institutions": (input) => {
      start().setActionInstitutions(input.actionId, input.institutions);
      return result();
    },
    "edit.commitments": (input) => {
      start().setActionCommitments(input.actionId, input.commitments);
      return result();
    },
    "edit.custom": (input) => {
      start().setCustomValue(input.actionId, input.column, input.value);
      return result();
    },
    "edit.budgetLine": (input) => {
      const id = start().saveBudgetLine(input.actionId, input.line);
      return { ...result(), id };
    },
    "edit.removeBudgetLine": (input) => {
      start().removeBudgetLine(input.id);
      return result();
    },
    "edit.insertNeed": (input) => {
      const id = start().insertNeed(input.pillarId, input.placement, input.title, input.profileId ?? null);
      return { ...result(), id };
    },
    "edit.insertAction": (input) => {
      const id = start().insertAction(input.needId, input.placement, input.text);
      return { ...result(), id };
    },
    "edit.addProposedAction": (input) => {
      const id = start().addProposedAction(input.needId, input.text, input.institution, input.lines);
      return { ...result(), id };
    },
    "edit.move": (input) => {
      const moved = start().move(input.kind, input.id, input.direction);
      return { ...result(), moved };
    },
    "edit.moveTo": (input) => {
      start().moveTo(input.kind, input.id, input.parentId, input.beforeId);
      return result();
    },
    "edit.deletePreview": (input) => editor().deletePreview(input.kind, input.id),
    "edit.delete": (input) => {
      const deleted = start().delete(input.kind, input.id);
      return { ...result(), deleted };
    },
    "edit.paste": (input) => {
      const pasted = start().pasteBlock(input);
      return { ...result(), ...pasted };
    },
    "edit.stocktaking": (input) => {
      if (input.op === "move" || input.op === "remove") return moveOrRemove("stocktaking", input);
      if (input.op === "update") {
        updateStocktaking(sections(), input.id, input.row);
        return { ...result(), id: input.id };
      }
      const id = insertStocktaking(sections(), input.row, input.after ?? null);
      return { ...result(), id };
    },
    "edit.gap": (input) => {
      if (input.op === "move" || input.op === "remove") return moveOrRemove("gap", input);
      if (input.op === "update") {
        updateGap(sections(), input.id, input.row);
        return { ...result(), id: input.id };
      }
      const id = insertGap(sections(), input.row, input.after ?? null);
      return { ...result(), id };
    },
    "edit.recommendation": (input) => {
      if (input.op === "move" || input.op === "remove") return moveOrRemove("recommendation", input);
      if (input.op === "update") {
        updateRecommendation(sections(), input.id, input.text);
        return { ...result(), id: input.id };
      }
      const id = insertRecommendation(sections(), input.text, input.after ?? null);
      return { ...result(), id };
    },
    "edit.column": (input) => {
      const ctx = sections();
      switch (input.op) {
        case "add": {
          const { op: _op, ...column } = input;
          const key = addColumn(ctx, column);
          return { ...result(), key };
        }
        case "update": {
          const { op: _op, key, ...changes } = input;
          updateColumn(ctx, key, changes);
          return { ...result(), key };
        }
        case "move": {
          const moved = moveColumn(ctx, input.key, input.direction);
          return { ...result(), key: input.key, moved };
        }
        case "remove": {
          const values = removeColumn(ctx, input.key);
          return { ...result(), key: input.key, values };
        }
      }
    },
    "edit.round": (input) => {
      const ctx = sections();
      if (input.op === "update" && input.fields.date && !isCalendarDate(input.fields.date)) throw new MatrizError("invalid_date", { date: input.fields.date });
      if (input.op === "update") updateRound(ctx, input.id, input.fields);
      else {
        // The removal is recorded in no round: the round itself is going.
        if (currentRound(plan()) === input.id) setCurrentRound(plan(), null);
        removeRound(ctx, input.id);
      }
      return { ...result(), ...rounds() };
    },
    "edit.undo": () => {
      before = currentRevision(plan().db);
      const done = undo(plan().db, { author: author(), roundId: currentRound(plan()) }) !== null;
      // Undoing a resolution reopens its conflicts: the page reads them again.
      return { ...result(), done, conflicts: conflictsChangedSince(plan().db, before) };
    },
    "edit.redo": () => {
      before = currentRevision(plan().db);
      const done = redo(plan().db, { author: author(), roundId: currentRound(plan()) }) !== null;
      return { ...result(), done, conflicts: conflictsChangedSince(plan().db, before) };
    },
    "history.state": () => historyState(plan().db, author()),
    "plan.grid": () => JSON.stringify(readGridDocument(plan().db)),
    "plan.budgetLines": (input) => readBudgetLines(plan().db, input.actionIds),
    "history.row": (input) => rowHistory(plan().db, input.entity, input.id),
    "rounds.list": () => rounds(),
    "rounds.create": (input) => {
      if (input.date && !isCalendarDate(input.date)) throw new MatrizError("invalid_date", { date: input.date });
      const { makeCurrent, ...fields } = input;
      const roundId = createRound(sections(), fields);
      if (makeCurrent ?? true) setCurrentRound(plan(), roundId);
      return { ...result(), ...rounds(), id: roundId };
    },
    "rounds.setCurrent": (input) => {
      const store = plan();
      if (input.id && !statements(store.db).get("SELECT id FROM consultation_round WHERE id = ?").get(input.id)) {
        throw new MatrizError("not_found", { entity: "consultation_round", id: input.id });
      }
      setCurrentRound(store, input.id);
      return rounds();
    },
    "directory.list": () => {
      const db = plan().db;
      const institutions = statements(db)
        .get(
          "SELECT i.label, i.acronym, i.name_es, i.name_en, count(l.id) AS uses FROM institution i LEFT JOIN action_institution l ON l.institution_id = i.id WHERE i.merged_into IS NULL GROUP BY i.id ORDER BY uses DESC, i.label COLLATE NOCASE",
        )
        .all() as Output<"directory.list">["institutions"];
      const used = statements(db)
        .get("SELECT c.label, count(l.id) AS uses FROM commitment c LEFT JOIN action_commitment l ON l.commitment_id = c.id GROUP BY c.id")
        .all() as Array<{ label: string; uses: number }>;
      const byLabel = new Map(used.map((c) => [c.label, c.uses]));
      for (const label of STANDARD_COMMITMENTS) if (!byLabel.has(label)) byLabel.set(label, 0);
      const commitments = [...byLabel].map(([label, uses]) => ({ label, uses })).sort((a, b) => b.uses - a.uses || a.label.localeCompare(b.label));
      return { institutions, commitments };
    },
  };
}

/** The regional instruments every national matrix cites; offered even before a plan uses them. */
export const STANDARD_COMMITMENTS = [
  "Brazil Declaration and Plan of Action (2014)",
  "San José Action Statement (2016)",
  "Cartagena Declaration (1984)",
  "Leaders' Summit on Refugees (2016)",
  "Quality Assurance Initiative",
  "New York Declaration (2016)",
];

/** "2017-10-18" is a date; "9999-99-99" and "2018-02-30" are not. */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function requireText(value: string | null): string {
  if (!value || !value.trim()) throw new MatrizError("edit_rule", { rule: "text_empty" });
  return value;
}
