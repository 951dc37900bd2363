/**
 * Immutable updates of the cached plan document: only the objects on the path to
 * the changed action or need are copied, so unchanged rows keep their identity and
 * the grid re-renders just what changed.
 */
import type { ActionDoc, NeedDoc, PillarDoc, PlanDocument } from "../src/domain/document";

export type Placement = { before: string } | { after: string } | { start: true } | { end: true };

function mapNeeds(doc: PlanDocument, needId: string, fn: (need: NeedDoc) => NeedDoc): PlanDocument {
  for (let p = 0; p < doc.pillars.length; p++) {
    const pillar = doc.pillars[p]!;
    const n = pillar.needs.findIndex((need) => need.id === needId);
    if (n < 0) continue;
    const needs = pillar.needs.slice();
    needs[n] = fn(needs[n]!);
    const pillars = doc.pillars.slice();
    pillars[p] = { ...pillar, needs };
    return { ...doc, pillars };
  }
  return doc;
}

export function findAction(doc: PlanDocument, actionId: string): { pillar: PillarDoc; need: NeedDoc; action: ActionDoc } | null {
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      const action = need.actions.find((a) => a.id === actionId);
      if (action) return { pillar, need, action };
    }
  }
  return null;
}

export function updateAction(doc: PlanDocument, actionId: string, fn: (action: ActionDoc) => ActionDoc): PlanDocument {
  const found = findAction(doc, actionId);
  if (!found) return doc;
  return mapNeeds(doc, found.need.id!, (need) => ({ ...need, actions: need.actions.map((a) => (a.id === actionId ? fn(a) : a)) }));
}

export function updateNeed(doc: PlanDocument, needId: string, fn: (need: NeedDoc) => NeedDoc): PlanDocument {
  return mapNeeds(doc, needId, fn);
}

export function updatePillar(doc: PlanDocument, pillarId: string, fn: (pillar: PillarDoc) => PillarDoc): PlanDocument {
  return { ...doc, pillars: doc.pillars.map((p) => (p.id === pillarId ? fn(p) : p)) };
}

function placeIn<T extends { id?: string }>(list: readonly T[], placement: Placement, item: T): T[] {
  const next = list.slice();
  let index = next.length;
  if ("start" in placement) index = 0;
  else if ("before" in placement) index = Math.max(0, next.findIndex((x) => x.id === placement.before));
  else if ("after" in placement) {
    const at = next.findIndex((x) => x.id === placement.after);
    index = at < 0 ? next.length : at + 1;
  }
  next.splice(index, 0, item);
  return next;
}

export function insertAction(doc: PlanDocument, needId: string, placement: Placement, action: ActionDoc): PlanDocument {
  return mapNeeds(doc, needId, (need) => ({ ...need, actions: placeIn(need.actions, placement, action) }));
}

export function insertNeed(doc: PlanDocument, pillarId: string, placement: Placement, need: NeedDoc): PlanDocument {
  return updatePillar(doc, pillarId, (pillar) => ({ ...pillar, needs: placeIn(pillar.needs, placement, need) }));
}

/** A row inserted under a temporary id gets the id the core gave it. */
export function renameRow(doc: PlanDocument, from: string, to: string): PlanDocument {
  const needHit = doc.pillars.some((p) => p.needs.some((n) => n.id === from));
  if (needHit) return mapNeeds(doc, from, (need) => ({ ...need, id: to }));
  return updateAction(doc, from, (action) => ({ ...action, id: to }));
}

export function blankAction(id: string, text: string): ActionDoc {
  return { id, text, institutions: [], lead: null, schedule: null, commitments: [], schedule_years: [], status: "planned", custom: {}, budget_lines: [] };
}
