/**
 * Immutable updates of the cached grid document: only the objects on the path to
 * the changed action or need are copied, so unchanged rows keep their identity and
 * the grid re-renders just what changed. applyGridDelta folds in what the core
 * says an edit did (see src/domain/grid.ts).
 */
import type { GridAction, GridDelta, GridDocument, GridNeed, GridPillar } from "../src/domain/grid";

export type Placement = { before: string } | { after: string } | { start: true } | { end: true };

function mapNeeds(doc: GridDocument, needId: string, fn: (need: GridNeed) => GridNeed): GridDocument {
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

export function findAction(doc: GridDocument, actionId: string): { pillar: GridPillar; need: GridNeed; action: GridAction } | null {
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      const action = need.actions.find((a) => a.id === actionId);
      if (action) return { pillar, need, action };
    }
  }
  return null;
}

export function updateAction(doc: GridDocument, actionId: string, fn: (action: GridAction) => GridAction): GridDocument {
  const found = findAction(doc, actionId);
  if (!found) return doc;
  return mapNeeds(doc, found.need.id!, (need) => ({ ...need, actions: need.actions.map((a) => (a.id === actionId ? fn(a) : a)) }));
}

export function updateNeed(doc: GridDocument, needId: string, fn: (need: GridNeed) => GridNeed): GridDocument {
  return mapNeeds(doc, needId, fn);
}

export function updatePillar(doc: GridDocument, pillarId: string, fn: (pillar: GridPillar) => GridPillar): GridDocument {
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

export function insertAction(doc: GridDocument, needId: string, placement: Placement, action: GridAction): GridDocument {
  return mapNeeds(doc, needId, (need) => ({ ...need, actions: placeIn(need.actions, placement, action) }));
}

export function insertNeed(doc: GridDocument, pillarId: string, placement: Placement, need: GridNeed): GridDocument {
  return updatePillar(doc, pillarId, (pillar) => ({ ...pillar, needs: placeIn(pillar.needs, placement, need) }));
}

/** A row inserted under a temporary id gets the id the core gave it. */
export function renameRow(doc: GridDocument, from: string, to: string): GridDocument {
  const needHit = doc.pillars.some((p) => p.needs.some((n) => n.id === from));
  if (needHit) return mapNeeds(doc, from, (need) => ({ ...need, id: to }));
  return updateAction(doc, from, (action) => ({ ...action, id: to }));
}

export function blankAction(id: string, text: string): GridAction {
  return { id, text, institutions: [], lead: null, schedule: null, commitments: [], schedule_years: [], status: "planned", custom: {}, budget: { lines: 0, years: [] } };
}

/**
 * The document after the change the core described, or null when the delta names
 * a row this copy does not have (the copy is then out of step: fetch the grid again).
 * Rows the delta does not mention keep their identity.
 */
export function applyGridDelta(doc: GridDocument, delta: GridDelta): GridDocument | null {
  if (delta.full) return null;
  if (delta.directory) doc = { ...doc, ...delta.directory };
  if (delta.sections) {
    // No overarching_recommendations in the sections: the last one was removed.
    const { overarching_recommendations: _gone, ...rest } = doc;
    doc = { ...(delta.sections.overarching_recommendations ? doc : rest), ...delta.sections } as GridDocument;
  }
  if (delta.pillars.length === 0 && delta.needs.length === 0 && delta.actions.length === 0) return { ...doc, revision: delta.revision };
  const newActions = new Map<string, GridAction>(delta.actions.map((a) => [a.id, a]));
  const newNeeds = new Map(delta.needs.map((n) => [n.id, n]));
  const newPillars = new Map(delta.pillars.map((p) => [p.id, p]));

  // What the copy holds now, for rows that moved or whose parent is rebuilt.
  const oldNeeds = new Map<string, GridNeed>();
  const oldActions = new Map<string, GridAction>();
  const needOfAction = new Map<string, string>();
  for (const pillar of doc.pillars) {
    for (const need of pillar.needs) {
      oldNeeds.set(need.id!, need);
      if (newNeeds.has(need.id!) || newPillars.has(pillar.id!)) for (const action of need.actions) oldActions.set(action.id!, action);
      else for (const action of need.actions) if (newActions.has(action.id!)) needOfAction.set(action.id!, need.id!);
    }
  }

  let missing = false;
  const action = (id: string): GridAction => {
    const found = newActions.get(id) ?? oldActions.get(id);
    if (!found) missing = true;
    return found!;
  };
  const rebuilt = new Map<string, GridNeed>();
  const need = (id: string): GridNeed => {
    const done = rebuilt.get(id);
    if (done) return done;
    const head = newNeeds.get(id);
    const old = oldNeeds.get(id);
    let result: GridNeed;
    if (head) {
      const { actionIds, ...fields } = head;
      result = { ...fields, actions: actionIds.map(action) };
    } else if (old) {
      // Unchanged need: only the actions the delta rewrote are swapped in.
      result = old.actions.some((a) => newActions.has(a.id!)) ? { ...old, actions: old.actions.map((a) => newActions.get(a.id!) ?? a) } : old;
    } else {
      missing = true;
      result = undefined as unknown as GridNeed;
    }
    rebuilt.set(id, result);
    return result;
  };

  const touchedNeeds = new Set<string>([...newNeeds.keys(), ...needOfAction.values()]);
  const pillars = doc.pillars.map((pillar) => {
    const head = newPillars.get(pillar.id!);
    if (head) {
      const { needIds, ...fields } = head;
      return { ...pillar, ...fields, needs: needIds.map(need) };
    }
    if (!pillar.needs.some((n) => touchedNeeds.has(n.id!))) return pillar;
    return { ...pillar, needs: pillar.needs.map((n) => (touchedNeeds.has(n.id!) ? need(n.id!) : n)) };
  });
  if (newPillars.size > 0 && [...newPillars.keys()].some((id) => !doc.pillars.some((p) => p.id === id))) return null;
  if (missing) return null;
  return { ...doc, pillars, revision: delta.revision };
}

/** How many pillars, needs and actions the document holds, as the plan summary counts them. */
export function countRows(doc: GridDocument): { pillars: number; needs: number; actions: number } {
  let needs = 0;
  let actions = 0;
  for (const pillar of doc.pillars) {
    needs += pillar.needs.length;
    for (const n of pillar.needs) actions += n.actions.length;
  }
  return { pillars: doc.pillars.length, needs, actions };
}
