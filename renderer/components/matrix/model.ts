/**
 * Turns a plan document into the rows and columns the matrix draws: pillar and
 * need group rows, one row per action, and the template's column set. Pure, so
 * the cell editor can later map a cursor position back to the action and field.
 */
import type { ActionDoc, NeedDoc, PillarDoc, PlanDocument } from "../../../src/domain/document";
import { TEMPLATES, templateForIso3, type Bilingual, type ColumnKey } from "../../../src/domain/templates";

export type MatrixColumn =
  | { kind: "builtin"; key: ColumnKey; nationalHeading: Bilingual }
  | { kind: "custom"; key: string; heading: Bilingual };

export type MatrixRow =
  | { kind: "pillar"; key: string; pillar: PillarDoc }
  | { kind: "need"; key: string; pillar: PillarDoc; need: NeedDoc; ref: string }
  | { kind: "action"; key: string; pillar: PillarDoc; need: NeedDoc; action: ActionDoc; ref: string; firstOfNeed: boolean }
  | { kind: "empty"; key: string; pillar: PillarDoc };

export interface MatrixModel {
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** Panama writes the need in a column of each action row instead of a heading row. */
  needAsColumn: boolean;
  hasProfiles: boolean;
}

export function buildMatrix(doc: PlanDocument): MatrixModel {
  const template = doc.template ? TEMPLATES[doc.template] : templateForIso3(doc.iso3);
  const needAsColumn = template.needAsColumn;
  const columns: MatrixColumn[] = template.columns
    .filter((c) => needAsColumn || c.key !== "need")
    .map((c) => ({ kind: "builtin", key: c.key, nationalHeading: c.heading }));
  for (const custom of doc.custom_columns ?? []) {
    columns.push({ kind: "custom", key: custom.key, heading: { es: custom.heading_es, en: custom.heading_en } });
  }

  const rows: MatrixRow[] = [];
  doc.pillars.forEach((pillar, p) => {
    const pillarKey = pillar.id ?? `p${p}`;
    rows.push({ kind: "pillar", key: pillarKey, pillar });
    if (pillar.needs.length === 0) {
      rows.push({ kind: "empty", key: `${pillarKey}-empty`, pillar });
      return;
    }
    pillar.needs.forEach((need, n) => {
      const needRef = `${pillar.number}.${n + 1}`;
      const needKey = need.id ?? `${pillarKey}-n${n}`;
      if (!needAsColumn || need.actions.length === 0) rows.push({ kind: "need", key: needKey, pillar, need, ref: needRef });
      need.actions.forEach((action, a) => {
        rows.push({
          kind: "action",
          key: action.id ?? `${needKey}-a${a}`,
          pillar,
          need,
          action,
          ref: `${needRef}.${a + 1}`,
          firstOfNeed: a === 0,
        });
      });
    });
  });
  return { columns, rows, needAsColumn, hasProfiles: template.profiles.length > 0 };
}

/** How many cursor stops a row has: group rows are one wide cell; action rows have the reference plus one per column. */
export function cellCount(row: MatrixRow, columns: readonly MatrixColumn[]): number {
  return row.kind === "action" ? columns.length + 1 : 1;
}
