/**
 * The monitoring edits: the plan's reporting periods, progress notes, indicators
 * and their targets and values reached. Each is one change set (one undo step)
 * in the change log, like every other edit; statuses are set by PlanEditor.
 */
import type { Sex } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { newId } from "../domain/ids";
import { parsePeriod, today, type Reporting } from "../domain/periods";
import type { ChangeWriter } from "./change-log";
import { all, ChangeSetEditor, invalid, one } from "./edit-support";
import { removeIndicatorRows } from "./edits";
import type { SqlValue } from "./entities";
import { breakdownRule, indicatorRow, type IndicatorOwner } from "./indicator-io";

export interface NoteInput {
  id?: string;
  period: string;
  note: string;
  /** YYYY-MM-DD; today when not given. */
  date?: string;
}

export interface IndicatorInput {
  id?: string;
  title_es: string | null;
  title_en: string | null;
  unit: string;
  baseline: { year: number; value: number } | null;
  by_sex: boolean;
  age_groups: string[];
}

export interface ValueInput {
  indicatorId: string;
  kind: "target" | "actual";
  period: string;
  sex?: Sex | null;
  age?: string | null;
  /** null with no note and no source removes the value. */
  value: number | null;
  note?: string | null;
  source?: string | null;
}

export function checkPeriod(period: string, method: string): string {
  const parts = parsePeriod(period);
  void method;
  if (!parts) throw new MatrizError("bad_period", { value: period });
  return period.trim();
}

export class MonitoringEditor extends ChangeSetEditor {
  setReporting(reporting: Reporting): void {
    const plan = one(this.db, "SELECT id FROM plan")!;
    this.change("reporting periods", (w) => w.update("plan", plan.id, "reporting", reporting));
  }

  /** Adds a dated note for a reporting period, or changes one; it records the action's status as it is now. */
  saveNote(actionId: string, input: NoteInput): string {
    const action = one(this.db, "SELECT status FROM action WHERE id = ?", actionId);
    if (!action) throw new MatrizError("not_found", { entity: "action", id: actionId });
    const period = checkPeriod(input.period, "monitoring.saveNote");
    const text = input.note.trim();
    if (!text) throw invalid("note_empty");
    const date = input.date ?? today();
    if (input.id) {
      const existing = one(this.db, "SELECT id, action_id FROM progress_note WHERE id = ?", input.id);
      if (!existing || existing.action_id !== actionId) throw new MatrizError("not_found", { entity: "progress_note", id: input.id });
      this.change("progress note", (w) => {
        w.update("progress_note", input.id!, "period", period);
        w.update("progress_note", input.id!, "note", text);
        if (input.date) w.update("progress_note", input.id!, "recorded_at", input.date);
      });
      return input.id;
    }
    const id = newId();
    const author = this.meta("").author;
    this.change("progress note", (w) =>
      w.insert("progress_note", { id, action_id: actionId, period, status: action.status, note: text, author, recorded_at: date }),
    );
    return id;
  }

  removeNote(noteId: string): void {
    if (!one(this.db, "SELECT id FROM progress_note WHERE id = ?", noteId)) throw new MatrizError("not_found", { entity: "progress_note", id: noteId });
    this.change("remove progress note", (w) => w.remove("progress_note", noteId));
  }

  /**
   * Adds an indicator to an action or a need, or changes one. Values that no longer
   * fit a narrower breakdown (an age group taken away) go in the same step, so one
   * undo brings them back. Answers the indicator's id and how many values went.
   */
  saveIndicator(owner: IndicatorOwner, input: IndicatorInput): { id: string; removedValues: number } {
    const method = "monitoring.saveIndicator";
    const ownerTable = owner.action_id ? "action" : "need";
    const ownerId = (owner.action_id ?? owner.need_id)!;
    if (!one(this.db, `SELECT id FROM ${ownerTable} WHERE id = ?`, ownerId)) throw new MatrizError("not_found", { entity: ownerTable, id: ownerId });
    if (!input.title_es?.trim() && !input.title_en?.trim()) throw invalid("indicator_title");
    if (!input.unit.trim()) throw invalid("indicator_unit");
    const ages = [...new Set(input.age_groups.map((a) => a.trim()).filter(Boolean))];
    const language = (one(this.db, "SELECT language FROM plan")!.language as "es" | "en") ?? "es";
    const doc = {
      title_es: input.title_es,
      title_en: input.title_en,
      unit: input.unit,
      baseline: input.baseline,
      by_sex: input.by_sex,
      age_groups: ages,
    };
    if (!input.id) {
      const last = one(this.db, `SELECT coalesce(max(position), 0) AS p FROM indicator WHERE ${ownerTable}_id = ?`, ownerId)!.p as number;
      const id = newId();
      this.change("indicator", (w) => w.insert("indicator", indicatorRow(id, owner, doc, last + 1, language)));
      return { id, removedValues: 0 };
    }
    const current = one(this.db, "SELECT * FROM indicator WHERE id = ?", input.id);
    if (!current || current[`${ownerTable}_id`] !== ownerId) throw new MatrizError("not_found", { entity: "indicator", id: input.id });
    let removed = 0;
    this.change("indicator", (w) => {
      const row = indicatorRow(input.id!, owner, doc, current.position, language);
      for (const field of ["title_es", "title_en", "unit", "baseline_year", "baseline_value", "by_sex", "age_groups"] as const) {
        w.update("indicator", input.id!, field, row[field] as SqlValue);
      }
      const shape = { by_sex: input.by_sex, age_groups: ages };
      for (const value of all(this.db, "SELECT id, sex, age FROM indicator_value WHERE indicator_id = ? AND (sex <> '' OR age <> '') ORDER BY rowid", input.id)) {
        if (breakdownRule(value, shape)) {
          w.remove("indicator_value", value.id);
          removed++;
        }
      }
    });
    return { id: input.id, removedValues: removed };
  }

  removeIndicator(indicatorId: string): void {
    if (!one(this.db, "SELECT id FROM indicator WHERE id = ?", indicatorId)) throw new MatrizError("not_found", { entity: "indicator", id: indicatorId });
    this.change("remove indicator", (w) => removeIndicatorRows(this.db, w, indicatorId));
  }

  /** Sets a target or a value reached (or one part of its breakdown) for a period. */
  setValue(input: ValueInput): void {
    this.change(input.kind === "target" ? "indicator target" : "indicator value", (w) => this.setValueIn(w, input));
  }

  /** The same inside a change set another edit (an import) opened. */
  setValueIn(w: ChangeWriter, input: ValueInput): void {
    const method = "monitoring.setValue";
    const indicator = one(this.db, "SELECT by_sex, age_groups FROM indicator WHERE id = ?", input.indicatorId);
    if (!indicator) throw new MatrizError("not_found", { entity: "indicator", id: input.indicatorId });
    const period = checkPeriod(input.period, method);
    const sex = input.sex ?? "";
    const age = input.age?.trim() ?? "";
    if (sex || age) {
      const problem = breakdownRule({ sex, age }, { by_sex: indicator.by_sex, age_groups: JSON.parse(indicator.age_groups) });
      if (problem) throw invalid(problem.rule, problem.rule === "breakdown_age" ? { ages: problem.ages } : {});
      if (input.kind === "target") throw invalid("target_total");
    }
    const note = input.kind === "actual" && !sex && !age ? input.note?.trim() || null : null;
    const source = input.kind === "actual" && !sex && !age ? input.source?.trim() || null : null;
    const existing = one(
      this.db,
      "SELECT id FROM indicator_value WHERE indicator_id = ? AND kind = ? AND period = ? AND sex = ? AND age = ?",
      input.indicatorId,
      input.kind,
      period,
      sex,
      age,
    );
    const empty = input.value === null && note === null && source === null;
    if (existing && empty) {
      w.remove("indicator_value", existing.id);
    } else if (existing) {
      w.update("indicator_value", existing.id, "value", input.value);
      if (input.note !== undefined) w.update("indicator_value", existing.id, "note", note);
      if (input.source !== undefined) w.update("indicator_value", existing.id, "source", source);
    } else if (!empty) {
      w.insert("indicator_value", { id: newId(), indicator_id: input.indicatorId, kind: input.kind, period, sex, age, value: input.value, note, source });
    }
  }
}
