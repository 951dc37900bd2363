/**
 * The editor's changes to the plan, one function per kind of change. Each patches
 * the cached document at once where it can; the core's answer then says what the
 * edit really did (a grid delta), which replaces the guess.
 */
import type { FinanceFilePreview, Input } from "../src/api/contract";
import type { ActionStatus, BudgetLineDoc } from "../src/domain/document";
import { today } from "../src/domain/periods";
import { parseScheduleYears } from "../src/domain/schedule";
import { loadConflicts } from "./components/finance/finance-store";
import * as patch from "./doc-patch";
import { useMatriz } from "./store";
import { adoptRealId, edit, newTemporaryId, realId } from "./sync";

export interface InstitutionChoice {
  label: string;
  lead: boolean;
}
type RowKind = "need" | "action";

const period = () => useMatriz.getState().document?.period;

function resolvePlacement(placement: patch.Placement): patch.Placement {
  if ("before" in placement) return { before: realId(placement.before) };
  if ("after" in placement) return { after: realId(placement.after) };
  return placement;
}

export function setActionText(actionId: string, text: string) {
  return edit("edit.cell", () => ({ kind: "action", id: realId(actionId), field: "text", value: text }), {
    patch: (doc) => patch.updateAction(doc, realId(actionId), (a) => ({ ...a, text })),
  });
}

export function setActionSchedule(actionId: string, schedule: string) {
  const value = schedule.trim() ? schedule : null;
  const years = parseScheduleYears(value, period());
  return edit("edit.cell", () => ({ kind: "action", id: realId(actionId), field: "schedule", value }), {
    patch: (doc) => patch.updateAction(doc, realId(actionId), (a) => ({ ...a, schedule: value, schedule_years: years })),
  });
}

export function setInstitutions(actionId: string, choices: InstitutionChoice[]) {
  const lead = choices.find((c) => c.lead)?.label ?? null;
  return edit("edit.institutions", () => ({ actionId: realId(actionId), institutions: choices.map((c) => ({ label: c.label, lead: c.lead })) }), {
    patch: (doc) => patch.updateAction(doc, realId(actionId), (a) => ({ ...a, institutions: choices.map((c) => c.label), lead })),
  });
}

export function setCommitments(actionId: string, commitments: string[]) {
  return edit("edit.commitments", () => ({ actionId: realId(actionId), commitments }), {
    patch: (doc) => patch.updateAction(doc, realId(actionId), (a) => ({ ...a, commitments })),
  });
}

export function setCustom(actionId: string, column: string, value: string) {
  return edit("edit.custom", () => ({ actionId: realId(actionId), column, value }), {
    patch: (doc) =>
      patch.updateAction(doc, realId(actionId), (a) => {
        const custom = { ...a.custom };
        if (value === "") delete custom[column];
        else custom[column] = value;
        return { ...a, custom };
      }),
  });
}

export function setNeedTitle(needId: string, title: string) {
  return edit("edit.cell", () => ({ kind: "need", id: realId(needId), field: "title", value: title }), {
    patch: (doc) => patch.updateNeed(doc, realId(needId), (n) => ({ ...n, title })),
  });
}

export function setPillarTitle(pillarId: string, title: string) {
  return edit("edit.cell", () => ({ kind: "pillar", id: pillarId, field: "title", value: title }), {
    patch: (doc) => patch.updatePillar(doc, pillarId, (p) => ({ ...p, title, [doc.language === "en" ? "title_en" : "title_es"]: title })),
  });
}

/** Budget lines are not in the grid document: the answer's delta brings the action's new lines and counts. */
export function saveBudgetLine(actionId: string, line: BudgetLineDoc) {
  return edit("edit.budgetLine", () => ({ actionId: realId(actionId), line }));
}

export function removeBudgetLine(_actionId: string, lineId: string) {
  return edit("edit.removeBudgetLine", () => ({ id: lineId }));
}

/** The status with the date it changed: today's date on this machine unless given. */
export function setActionStatus(actionId: string, status: ActionStatus, date: string = today()) {
  return edit("edit.cell", () => ({ kind: "action", id: realId(actionId), field: "status", value: status, date }), {
    patch: (doc) => patch.updateAction(doc, realId(actionId), (a) => ({ ...a, status, status_date: date })),
  });
}

/* ---- monitoring: notes, indicators and values are not in the grid; the panel reads them again after each ---- */

export function setReporting(reporting: Input<"monitoring.setReporting">["reporting"]) {
  return edit("monitoring.setReporting", () => ({ reporting }), { structural: true });
}

export function saveProgressNote(actionId: string, note: Input<"monitoring.saveNote">["note"]) {
  return edit("monitoring.saveNote", () => ({ actionId: realId(actionId), note }));
}

export function removeProgressNote(id: string) {
  return edit("monitoring.removeNote", () => ({ id }));
}

export function saveIndicator(owner: Input<"monitoring.saveIndicator">["owner"], indicator: Input<"monitoring.saveIndicator">["indicator"]) {
  return edit("monitoring.saveIndicator", () => ({ owner: { ...owner, id: realId(owner.id) }, indicator }));
}

export function removeIndicator(id: string) {
  return edit("monitoring.removeIndicator", () => ({ id }));
}

export function setIndicatorValue(input: Input<"monitoring.setValue">) {
  return edit("monitoring.setValue", () => input);
}

export function setNeedField(needId: string, field: "description" | "theme", value: string) {
  const text = value.trim() ? value : null;
  return edit("edit.cell", () => ({ kind: "need", id: realId(needId), field, value: text }), {
    patch: (doc) =>
      patch.updateNeed(doc, realId(needId), (n) => {
        const next = { ...n };
        if (text === null) delete next[field];
        else next[field] = text;
        return next;
      }),
  });
}

/** Inserts an action with its first text; answers the temporary id the grid can point at straight away. */
export function insertAction(needId: string, placement: patch.Placement, text: string): string {
  const temporary = newTemporaryId();
  void edit("edit.insertAction", () => ({ needId: realId(needId), placement: resolvePlacement(placement), text }), {
    patch: (doc) => patch.insertAction(doc, realId(needId), resolvePlacement(placement), patch.blankAction(temporary, text)),
    structural: true,
    onDone: (value) => adoptRealId(temporary, value.id, (doc) => patch.renameRow(doc, temporary, value.id)),
  });
  return temporary;
}

/** Adds an action an institution proposed in a returned workbook at the end of a need, with its institution and amounts. */
export function addProposedAction(needId: string, proposal: FinanceFilePreview["proposed"][number]): Promise<string | undefined> {
  // Amounts belong to an institution: without one the action is added without them.
  const lines = proposal.institution ? proposal.lines.map((l) => ({ ...l, funding_source: proposal.funding_source, pei: proposal.pei, poa: proposal.poa })) : [];
  return edit("edit.addProposedAction", () => ({ needId: realId(needId), text: proposal.text, institution: proposal.institution || null, lines }), { structural: true }).then(
    (value) => value?.id,
  );
}

export function insertNeed(pillarId: string, placement: patch.Placement, title: string): string {
  const temporary = newTemporaryId();
  void edit("edit.insertNeed", () => ({ pillarId, placement: resolvePlacement(placement), title }), {
    patch: (doc) => patch.insertNeed(doc, pillarId, resolvePlacement(placement), { id: temporary, profile: null, title, actions: [] }),
    structural: true,
    onDone: (value) => adoptRealId(temporary, value.id, (doc) => patch.renameRow(doc, temporary, value.id)),
  });
  return temporary;
}

export function moveRow(kind: RowKind, id: string, direction: "up" | "down") {
  return edit("edit.move", () => ({ kind, id: realId(id), direction }), { structural: true });
}

export function moveRowTo(kind: RowKind, id: string, parentId: string) {
  return edit("edit.moveTo", () => ({ kind, id: realId(id), parentId: realId(parentId), beforeId: null }), { structural: true });
}

export function deleteRow(kind: RowKind, id: string) {
  return edit("edit.delete", () => ({ kind, id: realId(id) }), { structural: true });
}

export function paste(input: Input<"edit.paste">) {
  return edit("edit.paste", () => ({ ...input, actionIds: input.actionIds.map(realId), appendToNeed: realId(input.appendToNeed) }), { structural: true });
}

/** Undoing a resolution reopens its conflicts (redo resolves them again): the panel, the marks and the count follow. */
const relistConflicts = <T extends { conflicts: boolean } | undefined>(value: T): T => {
  if (value?.conflicts) void loadConflicts();
  return value;
};
export const undo = () => edit("edit.undo", () => undefined, { structural: true }).then(relistConflicts);
export const redo = () => edit("edit.redo", () => undefined, { structural: true }).then(relistConflicts);
