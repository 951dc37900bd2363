/**
 * The matrix as the grid draws it: one flat list of pillar rows, need rows (the
 * group rows of the 2017 matrices) and action rows, after the filter. Pure, so
 * the renderer and tests share it and a 10,000-action plan flattens in a few ms.
 */
import type { ActionDoc, NeedDoc, PillarDoc, PlanDocument } from "./document";

export interface MatrixFilter {
  text?: string;
  institution?: string | null;
  pillar?: number | null;
  commitment?: string | null;
  year?: number | null;
}

export type MatrixRow =
  | { type: "pillar"; key: string; pillar: PillarDoc; actions: number }
  | { type: "need"; key: string; pillar: PillarDoc; need: NeedDoc; actions: number }
  | { type: "action"; key: string; pillar: PillarDoc; need: NeedDoc; action: ActionDoc; indexInNeed: number };

/** Lower-case and without accents, so "migracion" finds "Migración". */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

export function isFilterActive(filter: MatrixFilter): boolean {
  return Boolean(filter.text?.trim() || filter.institution || filter.pillar || filter.commitment || filter.year);
}

function actionMatches(action: ActionDoc, need: NeedDoc, filter: MatrixFilter, words: string[]): boolean {
  if (filter.institution && !action.institutions.includes(filter.institution)) return false;
  if (filter.commitment && !action.commitments.includes(filter.commitment)) return false;
  if (filter.year && !(action.schedule_years ?? []).includes(filter.year) && !(action.budget_lines ?? []).some((b) => b.year === filter.year)) return false;
  if (words.length) {
    const haystack = fold(
      [action.text, need.title, action.schedule ?? "", ...action.institutions, ...action.commitments, ...Object.values(action.custom ?? {})].join(" \u0001 "),
    );
    if (!words.every((w) => haystack.includes(w))) return false;
  }
  return true;
}

export function matrixRows(doc: PlanDocument, filter: MatrixFilter = {}): MatrixRow[] {
  const active = isFilterActive(filter);
  const words = fold(filter.text ?? "").split(/\s+/).filter(Boolean);
  const rows: MatrixRow[] = [];
  for (const pillar of doc.pillars) {
    if (filter.pillar && pillar.number !== filter.pillar) continue;
    const pillarRow: MatrixRow = { type: "pillar", key: `p:${pillar.id ?? pillar.number}`, pillar, actions: 0 };
    const pillarRows: MatrixRow[] = [];
    for (const need of pillar.needs) {
      const needRow: MatrixRow = { type: "need", key: `n:${need.id ?? need.title}`, pillar, need, actions: 0 };
      const actionRows: MatrixRow[] = [];
      need.actions.forEach((action, indexInNeed) => {
        if (active && !actionMatches(action, need, filter, words)) return;
        actionRows.push({ type: "action", key: `a:${action.id ?? `${need.title}:${indexInNeed}`}`, pillar, need, action, indexInNeed });
      });
      // While filtering, a need shows only with its matching actions; otherwise every need shows, even empty.
      if (active && actionRows.length === 0) continue;
      needRow.actions = actionRows.length;
      pillarRow.actions += actionRows.length;
      pillarRows.push(needRow, ...actionRows);
    }
    if (active && pillarRows.length === 0) continue;
    rows.push(pillarRow, ...pillarRows);
  }
  return rows;
}
