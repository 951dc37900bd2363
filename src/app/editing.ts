/**
 * The contract's editing, history, rounds and directory methods, served on the
 * open plan. Every edit carries the user's name and the current consultation round.
 */
import type { z } from "zod";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import type { contract, EditResult, Method, Output } from "../api/contract";
import { statements, type ChangeMeta } from "../storage/change-log";
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
    const list = statements(store.db).get("SELECT * FROM consultation_round ORDER BY number").all() as Array<Output<"rounds.list">["rounds"][number]>;
    return { rounds: list, current: currentRound(store) };
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
          if (input.field === "status") e.setActionStatus(input.id, input.value);
          else if (input.field === "schedule") years = e.setActionSchedule(input.id, input.value);
          else e.setActionText(input.id, requireText(input.value));
          break;
      }
      return { ...result(), ...(years ? { years } : {}) };
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
    "edit.undo": () => {
      before = currentRevision(plan().db);
      const done = undo(plan().db, { author: author(), roundId: currentRound(plan()) }) !== null;
      return { ...result(), done };
    },
    "edit.redo": () => {
      before = currentRevision(plan().db);
      const done = redo(plan().db, { author: author(), roundId: currentRound(plan()) }) !== null;
      return { ...result(), done };
    },
    "history.state": () => historyState(plan().db, author()),
    "plan.grid": () => JSON.stringify(readGridDocument(plan().db)),
    "plan.budgetLines": (input) => readBudgetLines(plan().db, input.actionIds),
    "history.row": (input) => rowHistory(plan().db, input.entity, input.id),
    "rounds.list": () => rounds(),
    "rounds.create": (input) => {
      const store = plan();
      if (input.date !== null && !isCalendarDate(input.date)) throw new MatrizError("invalid_date", { date: input.date });
      const next = (statements(store.db).get("SELECT coalesce(max(number), 0) + 1 AS n FROM consultation_round").get() as { n: number }).n;
      const roundId = newId();
      store.change(meta(`consultation round ${next}`), (w) =>
        w.insert("consultation_round", {
          id: roundId,
          number: next,
          date: input.date,
          participants: input.participants ?? null,
          objectives: input.objectives ?? null,
          progress: null,
        }),
      );
      if (input.makeCurrent ?? true) setCurrentRound(store, roundId);
      return rounds();
    },
    "rounds.setCurrent": (input) => {
      const store = plan();
      if (input.id && !statements(store.db).get("SELECT id FROM consultation_round WHERE id = ?").get(input.id)) {
        throw new MatrizError("not_found", { entity: "consultation round", id: input.id });
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
  if (!value || !value.trim()) throw new MatrizError("invalid_input", { method: "edit.cell", detail: "the text must not be empty" });
  return value;
}
