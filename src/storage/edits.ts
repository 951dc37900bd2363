/**
 * The edits a facilitator makes in the matrix, each one change set (one
 * transaction, one undo step). The UI, the CLI and tests all edit through here.
 */
import type { Database as Db } from "better-sqlite3";
import { MatrizError } from "../domain/errors";
import { detailed } from "../i18n";
import { newId, stableId } from "../domain/ids";
import { today } from "../domain/periods";
import { parseScheduleYears } from "../domain/schedule";
import { splitList } from "../domain/clipboard";
import { statusFromText, statusWords } from "../domain/status-words";
import { customValueProblem, readCustomInput } from "../domain/custom-columns";
import type { NumberLocale } from "../domain/numbers";
import type { ChangeWriter } from "./change-log";
import { all, ChangeSetEditor, one } from "./edit-support";
import { positionAt, siblings, type Ordered } from "./positions";
import { budgetLineRow, institutionRow, type BudgetLineValues } from "./rows";

/** An indicator with its targets and values reached, values first, so undo puts them back in order. */
export function removeIndicatorRows(db: Db, w: ChangeWriter, indicatorId: string): void {
  for (const value of all(db, "SELECT id FROM indicator_value WHERE indicator_id = ? ORDER BY rowid", indicatorId)) w.remove("indicator_value", value.id);
  w.remove("indicator", indicatorId);
}

export type RowKind = "need" | "action";
export type Placement = { before: string } | { after: string } | { end: true } | { start: true };

export interface InstitutionChoice {
  label: string;
  lead?: boolean;
}

/** A budget line as an edit gives it: the stored values, the institution by name, and the line's id when it is changed. */
export interface BudgetLineInput extends BudgetLineValues {
  id?: string;
  institution: string;
}

export interface DeletePreview {
  kind: RowKind;
  id: string;
  title: string;
  actions: number;
  budgetLines: number;
}

function existing<T>(value: T | undefined, entity: string, id: string): T {
  if (value === undefined) throw new MatrizError("not_found", { entity, id });
  return value;
}

const PARENT_OF: Record<RowKind, { table: "pillar" | "need"; column: "pillar_id" | "need_id" }> = {
  need: { table: "pillar", column: "pillar_id" },
  action: { table: "need", column: "need_id" },
};

export class PlanEditor extends ChangeSetEditor {
  private period() {
    const plan = one(this.db, "SELECT period_start, period_end, language FROM plan")!;
    return { start: plan.period_start as number, end: plan.period_end as number, language: plan.language as "es" | "en" };
  }

  /* ----------------------------------------------------------- cell edits */

  setPlanField(field: "title" | "period_start" | "period_end" | "base_currency", value: string | number): void {
    const id = one(this.db, "SELECT id FROM plan")!.id as string;
    this.change(`plan ${field}`, (w) => w.update("plan", id, field, value));
  }

  setPillarTitle(pillarId: string, title: string, language?: "es" | "en"): void {
    existing(one(this.db, "SELECT id FROM pillar WHERE id = ?", pillarId), "pillar", pillarId);
    const field = (language ?? this.period().language) === "es" ? "title_es" : "title_en";
    this.change("pillar title", (w) => w.update("pillar", pillarId, field, title));
  }

  setProfileTitle(profileId: string, title: string): void {
    const field = this.period().language === "es" ? "title_es" : "title_en";
    this.change("profile title", (w) => w.update("profile", profileId, field, title));
  }

  setNeedField(needId: string, field: "title" | "description" | "theme", value: string | null): void {
    existing(one(this.db, "SELECT id FROM need WHERE id = ?", needId), "need", needId);
    this.change(`need ${field}`, (w) => w.update("need", needId, field, value));
  }

  setNeedProfile(needId: string, profileId: string | null): void {
    this.change("need profile", (w) => w.update("need", needId, "profile_id", profileId));
  }

  setActionText(actionId: string, text: string): void {
    this.change("action text", (w) => w.update("action", actionId, "text", text));
  }

  /** The schedule as typed, plus the years Matriz understood from it, in one step. */
  setActionSchedule(actionId: string, schedule: string | null): number[] {
    const years = parseScheduleYears(schedule, this.period());
    this.change("action schedule", (w) => {
      w.update("action", actionId, "schedule", schedule && schedule.trim() ? schedule : null);
      w.update("action", actionId, "schedule_years", JSON.stringify(years));
    });
    return years;
  }

  /** The status and the date it changed (today unless given); the same status with no new date records nothing. */
  setActionStatus(actionId: string, status: string, date?: string): void {
    const current = existing(one(this.db, "SELECT status, status_date FROM action WHERE id = ?", actionId), "action", actionId);
    if (current.status === status && (date === undefined || date === current.status_date)) return;
    this.change("action status", (w) => {
      w.update("action", actionId, "status", status);
      w.update("action", actionId, "status_date", date ?? today());
    });
  }

  /** Directory entries and links get ids from what they are, so laptops adding the same one at once add one row. */
  private freshId(table: string, ...parts: string[]): string {
    const id = stableId(table, ...parts);
    return one(this.db, `SELECT 1 AS taken FROM ${table} WHERE id = ?`, id) ? newId() : id;
  }

  private institutionId(w: ChangeWriter, label: string): string {
    // A spelling merged into another entry is typed for that entry.
    const found = one(this.db, "SELECT coalesce(merged_into, id) AS id FROM institution WHERE label = ?", label);
    if (found) return found.id;
    const id = this.freshId("institution", label);
    w.insert("institution", institutionRow(id, label, this.period().language));
    return id;
  }

  private commitmentId(w: ChangeWriter, label: string): string {
    const found = one(this.db, "SELECT id FROM commitment WHERE label = ?", label);
    if (found) return found.id;
    const id = this.freshId("commitment", label);
    w.insert("commitment", { id, label, canonical: null });
    return id;
  }

  /**
   * Replaces an action's institutions with the given list, keeping the links that
   * stay (so their history is not churned) and creating directory entries for new names.
   */
  setActionInstitutions(actionId: string, choices: InstitutionChoice[]): void {
    existing(one(this.db, "SELECT id FROM action WHERE id = ?", actionId), "action", actionId);
    const labels = choices.map((c) => c.label.trim()).filter(Boolean);
    if (new Set(labels).size !== labels.length) throw new MatrizError("invalid_input", detailed("institution_twice", { method: "edit.institutions" }));
    if (choices.filter((c) => c.lead).length > 1) throw new MatrizError("invalid_input", detailed("one_lead", { method: "edit.institutions" }));
    this.change("action institutions", (w) => {
      const existing = all(this.db, "SELECT l.*, i.label FROM action_institution l JOIN institution i ON i.id = l.institution_id WHERE action_id = ?", actionId);
      const wanted = new Map(choices.filter((c) => c.label.trim()).map((c, index) => [c.label.trim(), { lead: c.lead ? 1 : 0, position: index + 1 }]));
      for (const link of existing) {
        if (!wanted.has(link.label)) {
          const budget = one(this.db, "SELECT count(*) AS n FROM budget_line WHERE action_id = ? AND institution_id = ?", actionId, link.institution_id)!;
          if (budget.n > 0) {
            throw new MatrizError("invalid_input", detailed("has_budget_lines", { method: "edit.institutions", institution: link.label, count: budget.n }));
          }
          w.remove("action_institution", link.id);
        }
      }
      for (const [label, want] of wanted) {
        const link = existing.find((l) => l.label === label);
        if (link) {
          w.update("action_institution", link.id, "is_lead", want.lead);
          w.update("action_institution", link.id, "position", want.position);
        } else {
          const institutionId = this.institutionId(w, label);
          w.insert("action_institution", {
            id: this.freshId("action_institution", actionId, institutionId),
            action_id: actionId,
            institution_id: institutionId,
            is_lead: want.lead,
            position: want.position,
          });
        }
      }
    });
  }

  setActionCommitments(actionId: string, labels: string[]): void {
    existing(one(this.db, "SELECT id FROM action WHERE id = ?", actionId), "action", actionId);
    const wanted = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
    this.change("action commitments", (w) => {
      const existing = all(this.db, "SELECT l.*, c.label FROM action_commitment l JOIN commitment c ON c.id = l.commitment_id WHERE action_id = ?", actionId);
      for (const link of existing) if (!wanted.includes(link.label)) w.remove("action_commitment", link.id);
      wanted.forEach((label, index) => {
        const link = existing.find((l) => l.label === label);
        if (link) w.update("action_commitment", link.id, "position", index + 1);
        else {
          const commitmentId = this.commitmentId(w, label);
          w.insert("action_commitment", { id: this.freshId("action_commitment", actionId, commitmentId), action_id: actionId, commitment_id: commitmentId, position: index + 1 });
        }
      });
    });
  }

  setCustomValue(actionId: string, columnKey: string, value: string): void {
    const column = existing(one(this.db, "SELECT id, kind, options FROM column_def WHERE key = ? AND builtin = 0", columnKey), "column", columnKey);
    const problem = customValueProblem({ kind: column.kind, options: JSON.parse(column.options) }, value);
    if (problem) throw new MatrizError("edit_rule", { rule: "value", ...problem });
    this.change(`custom ${columnKey}`, (w) => this.writeCustomValue(w, actionId, column.id, value));
  }

  /** Adds or changes one budget line; the institution must be responsible for the action. */
  saveBudgetLine(actionId: string, line: BudgetLineInput): string {
    const link = one(
      this.db,
      "SELECT i.id FROM action_institution l JOIN institution i ON i.id = l.institution_id WHERE l.action_id = ? AND i.label = ?",
      actionId,
      line.institution,
    );
    if (!link) {
      throw new MatrizError("invalid_input", detailed("not_responsible", { method: "edit.budgetLine", institution: line.institution }));
    }
    return this.change("budget line", (w) => {
      const row = budgetLineRow(line.id ?? newId(), actionId, link.id as string, line);
      if (line.id && one(this.db, "SELECT id FROM budget_line WHERE id = ?", line.id)) {
        for (const [field, value] of Object.entries(row)) if (field !== "id") w.update("budget_line", row.id, field, value);
      } else {
        w.insert("budget_line", row);
      }
      return row.id;
    });
  }

  removeBudgetLine(lineId: string): void {
    this.change("remove budget line", (w) => w.remove("budget_line", lineId));
  }

  /* ------------------------------------------------------------ structure */

  private placeIndex(table: Ordered, parentId: string, list: { id: string }[], placement: Placement): number {
    if ("end" in placement) return list.length;
    if ("start" in placement) return 0;
    const anchor = "before" in placement ? placement.before : placement.after;
    const index = list.findIndex((s) => s.id === anchor);
    if (index < 0) throw new MatrizError("not_found", { entity: table, id: anchor });
    void parentId;
    return "before" in placement ? index : index + 1;
  }

  insertNeed(pillarId: string, placement: Placement, title: string, profileId: string | null = null): string {
    existing(one(this.db, "SELECT id FROM pillar WHERE id = ?", pillarId), "pillar", pillarId);
    return this.change("insert need", (w) => {
      const list = siblings(this.db, "need", pillarId);
      const position = positionAt(w, "need", list, this.placeIndex("need", pillarId, list, placement));
      const id = newId();
      w.insert("need", { id, pillar_id: pillarId, profile_id: profileId, title, description: null, theme: null, position });
      return id;
    });
  }

  insertAction(needId: string, placement: Placement, text: string): string {
    existing(one(this.db, "SELECT id FROM need WHERE id = ?", needId), "need", needId);
    return this.change("insert action", (w) => this.insertActionIn(w, needId, placement, text));
  }

  private insertActionIn(w: ChangeWriter, needId: string, placement: Placement, text: string): string {
    const list = siblings(this.db, "action", needId);
    const position = positionAt(w, "action", list, this.placeIndex("action", needId, list, placement));
    const id = newId();
    w.insert("action", { id, need_id: needId, text, schedule: null, schedule_years: "[]", status: "planned", position });
    return id;
  }

  /**
   * A new action an institution proposed in a returned workbook, added where the
   * secretariat chose (at the end of that need): its text, the proposing
   * institution as lead, and the amounts it wrote. One change, one undo.
   */
  addProposedAction(needId: string, text: string, institution: string | null, lines: Array<Omit<BudgetLineInput, "institution" | "id">>): string {
    existing(one(this.db, "SELECT id FROM need WHERE id = ?", needId), "need", needId);
    const label = institution?.trim() ?? "";
    if (!label && lines.length) throw new MatrizError("invalid_input", detailed("amounts_need_institution", { method: "edit.addProposedAction" }));
    return this.change("add proposed action", (w) => {
      const actionId = this.insertActionIn(w, needId, { end: true }, text);
      if (label) {
        const institutionId = this.institutionId(w, label);
        w.insert("action_institution", { id: newId(), action_id: actionId, institution_id: institutionId, is_lead: 1, position: 1 });
        for (const line of lines) w.insert("budget_line", budgetLineRow(newId(), actionId, institutionId, line));
      }
      return actionId;
    });
  }

  /** Moves a row to another parent (a need to another pillar, an action to another need), before `beforeId` or at the end. */
  moveTo(kind: RowKind, id: string, parentId: string, beforeId: string | null): void {
    const { table, column } = PARENT_OF[kind];
    existing(one(this.db, `SELECT id FROM ${kind} WHERE id = ?`, id), kind, id);
    existing(one(this.db, `SELECT id FROM ${table} WHERE id = ?`, parentId), table, parentId);
    this.change(`move ${kind}`, (w) => {
      const list = siblings(this.db, kind, parentId).filter((s) => s.id !== id);
      const index = beforeId ? list.findIndex((s) => s.id === beforeId) : list.length;
      if (index < 0) throw new MatrizError("not_found", { entity: kind, id: beforeId! });
      w.update(kind, id, column, parentId);
      w.update(kind, id, "position", positionAt(w, kind, list, index));
    });
  }

  /**
   * Alt+Up / Alt+Down: one place up or down among siblings; past the first or last
   * sibling the row crosses into the previous or next parent, as in a spreadsheet.
   * Returns false when there is nowhere to go.
   */
  move(kind: RowKind, id: string, direction: "up" | "down"): boolean {
    const { table, column } = PARENT_OF[kind];
    const row = existing(one(this.db, `SELECT ${column} AS parent FROM ${kind} WHERE id = ?`, id), kind, id);
    const list = siblings(this.db, kind, row.parent);
    const index = list.findIndex((s) => s.id === id);
    if (direction === "up" && index > 0) {
      this.moveTo(kind, id, row.parent, list[index - 1]!.id);
      return true;
    }
    if (direction === "down" && index < list.length - 1) {
      this.moveTo(kind, id, row.parent, list[index + 2]?.id ?? null);
      return true;
    }
    const parents = this.orderedParents(table);
    const parentIndex = parents.indexOf(row.parent);
    const target = parents[direction === "up" ? parentIndex - 1 : parentIndex + 1];
    if (!target) return false;
    const targetList = siblings(this.db, kind, target);
    this.moveTo(kind, id, target, direction === "up" ? null : (targetList[0]?.id ?? null));
    return true;
  }

  /** Pillars in order, or needs in matrix order (by pillar, then position). */
  private orderedParents(table: "pillar" | "need"): string[] {
    if (table === "pillar") return all(this.db, "SELECT id FROM pillar ORDER BY position").map((r) => r.id);
    return all(this.db, "SELECT n.id FROM need n JOIN pillar p ON p.id = n.pillar_id ORDER BY p.position, n.position").map((r) => r.id);
  }

  deletePreview(kind: RowKind, id: string): DeletePreview {
    if (kind === "action") {
      const action = existing(one(this.db, "SELECT text FROM action WHERE id = ?", id), "action", id);
      const lines = one(this.db, "SELECT count(*) AS n FROM budget_line WHERE action_id = ?", id)!.n;
      return { kind, id, title: action.text, actions: 1, budgetLines: lines };
    }
    const need = existing(one(this.db, "SELECT title FROM need WHERE id = ?", id), "need", id);
    const counts = one(
      this.db,
      "SELECT count(DISTINCT a.id) AS actions, count(b.id) AS lines FROM action a LEFT JOIN budget_line b ON b.action_id = a.id WHERE a.need_id = ?",
      id,
    )!;
    return { kind, id, title: need.title, actions: counts.actions, budgetLines: counts.lines };
  }

  /** Deletes a need or an action with everything under it, child rows first, so undo can put it all back. */
  delete(kind: RowKind, id: string): DeletePreview {
    const preview = this.deletePreview(kind, id);
    this.change(`delete ${kind}`, (w) => {
      const actionIds = kind === "action" ? [id] : all(this.db, "SELECT id FROM action WHERE need_id = ?", id).map((r) => r.id as string);
      for (const actionId of actionIds) this.removeAction(w, actionId);
      if (kind === "need") {
        for (const indicator of all(this.db, "SELECT id FROM indicator WHERE need_id = ?", id)) removeIndicatorRows(this.db, w, indicator.id);
        w.remove("need", id);
      }
    });
    return preview;
  }

  private removeAction(w: ChangeWriter, actionId: string): void {
    for (const table of ["budget_line", "action_institution", "action_commitment", "custom_value", "progress_note"] as const) {
      for (const row of all(this.db, `SELECT id FROM ${table} WHERE action_id = ?`, actionId)) w.remove(table, row.id);
    }
    for (const indicator of all(this.db, "SELECT id FROM indicator WHERE action_id = ?", actionId)) removeIndicatorRows(this.db, w, indicator.id);
    w.remove("action", actionId);
  }

  /* ----------------------------------------------------------------- paste */

  /**
   * Pastes a block of text cells onto actions, column by column. Rows past the
   * last target action become new actions in `appendToNeed`. One undo step.
   */
  pasteBlock(input: { actionIds: string[]; columns: PasteColumn[]; rows: string[][]; appendToNeed: string; numberLocale?: NumberLocale }): { updated: number; added: string[] } {
    const added: string[] = [];
    const period = this.period();
    // Ids from another plan's window (or rows deleted meanwhile) would otherwise fail deep inside as a broken reference.
    const appends = input.rows.length > input.actionIds.length;
    const foreign =
      input.actionIds.some((id) => !one(this.db, "SELECT id FROM action WHERE id = ?", id)) ||
      (appends && !one(this.db, "SELECT id FROM need WHERE id = ?", input.appendToNeed));
    if (foreign) throw new MatrizError("paste_other_plan");
    // Every status word is read before anything is written: one that is not a status refuses the whole paste.
    const statusColumn = input.columns.indexOf("status");
    if (statusColumn >= 0) {
      input.rows.forEach((cells, r) => {
        const text = (cells[statusColumn] ?? "").trim();
        if (text && !statusFromText(text)) throw new MatrizError("paste_bad_status", { row: r + 1, found: text.slice(0, 100), es: statusWords("es"), en: statusWords("en") });
      });
    }
    const customValues = this.readPastedCustomValues(input.columns, input.rows, input.numberLocale ?? null);
    this.change("paste", (w) => {
      const targets = [...input.actionIds];
      let last: string | null = targets[targets.length - 1] ?? null;
      input.rows.forEach((cells, r) => {
        let actionId = targets[r];
        if (!actionId) {
          actionId = this.insertActionIn(w, input.appendToNeed, last ? { after: last } : { end: true }, cells[input.columns.indexOf("action")] || "…");
          added.push(actionId);
        }
        last = actionId;
        input.columns.forEach((column, c) => {
          const custom = customValues.get(c);
          if (custom) this.writeCustomValue(w, actionId!, custom.columnId, custom.values[r]!);
          else this.pasteCell(w, actionId!, column, cells[c] ?? "", period);
        });
      });
    });
    return { updated: Math.min(input.rows.length, input.actionIds.length), added };
  }

  /**
   * The plan's own columns in a pasted block, every cell read as if typed there (numbers
   * in the person's style, dates day first, a choice in any letter case) before anything
   * is written: one that does not fit refuses the whole paste, naming row, column and
   * what was expected. By column index: its column and each row's stored value.
   */
  private readPastedCustomValues(columns: readonly PasteColumn[], rows: readonly string[][], locale: NumberLocale | null): Map<number, { columnId: string; values: string[] }> {
    const read = new Map<number, { columnId: string; values: string[] }>();
    columns.forEach((column, c) => {
      const key = customColumnKey(column);
      if (key === null) return;
      const def = existing(one(this.db, "SELECT id, kind, options, heading_es, heading_en FROM column_def WHERE key = ? AND builtin = 0", key), "column", key);
      const rule = { kind: def.kind, options: JSON.parse(def.options) as string[] };
      const values = rows.map((cells, r) => {
        const text = cells[c] ?? "";
        const typed = readCustomInput(rule, text, locale);
        if (!typed.ok) {
          throw new MatrizError("paste_bad_value", {
            row: r + 1,
            found: text.trim().slice(0, 100),
            column_es: def.heading_es,
            column_en: def.heading_en,
            problem: typed.problem,
            choices: rule.options.join(", "),
            // A number written the way this person writes them.
            example: locale === "es" ? "1250000,5" : "1250000.5",
          });
        }
        return typed.value;
      });
      read.set(c, { columnId: def.id, values });
    });
    return read;
  }

  /** A plan column's value of one action: the empty value removes it, as when typed. */
  private writeCustomValue(w: ChangeWriter, actionId: string, columnId: string, value: string): void {
    const stored = one(this.db, "SELECT id FROM custom_value WHERE action_id = ? AND column_id = ?", actionId, columnId);
    if (stored && value === "") w.remove("custom_value", stored.id);
    else if (stored) w.update("custom_value", stored.id, "value", value);
    else if (value !== "") w.insert("custom_value", { id: newId(), action_id: actionId, column_id: columnId, value });
  }

  private pasteCell(w: ChangeWriter, actionId: string, column: PasteColumn, value: string, period: { start: number; end: number }): void {
    const text = value.trim();
    switch (column) {
      case "status": {
        // An empty cell leaves the status as it was; a new status is dated today, as when it is chosen in the grid.
        const status = text ? statusFromText(text) : undefined;
        const current = w.read("action", actionId);
        if (status && current && current.status !== status) {
          w.update("action", actionId, "status", status);
          w.update("action", actionId, "status_date", today());
        }
        return;
      }
      case "action":
        if (text) w.update("action", actionId, "text", text);
        return;
      case "schedule":
        w.update("action", actionId, "schedule", text || null);
        w.update("action", actionId, "schedule_years", JSON.stringify(parseScheduleYears(text, period)));
        return;
      case "need": {
        const need = one(this.db, "SELECT need_id FROM action WHERE id = ?", actionId)!;
        if (text) w.update("need", need.need_id, "title", text);
        return;
      }
      case "institutions":
      case "commitments": {
        const table = column === "institutions" ? "action_institution" : "action_commitment";
        const names = [...new Set(splitList(text))];
        for (const link of all(this.db, `SELECT id FROM ${table} WHERE action_id = ?`, actionId)) {
          if (column === "institutions") {
            const l = one(this.db, "SELECT institution_id FROM action_institution WHERE id = ?", link.id)!;
            const budget = one(this.db, "SELECT count(*) AS n FROM budget_line WHERE action_id = ? AND institution_id = ?", actionId, l.institution_id)!;
            if (budget.n > 0) continue; // keep institutions that carry budget lines
          }
          w.remove(table, link.id);
        }
        const kept = new Set(
          all(
            this.db,
            column === "institutions"
              ? "SELECT i.label FROM action_institution l JOIN institution i ON i.id = l.institution_id WHERE l.action_id = ?"
              : "SELECT c.label FROM action_commitment l JOIN commitment c ON c.id = l.commitment_id WHERE l.action_id = ?",
            actionId,
          ).map((r) => r.label as string),
        );
        names.forEach((name, index) => {
          if (kept.has(name)) return;
          if (column === "institutions") {
            const lead = name.startsWith("*");
            const label = lead ? name.slice(1).trim() : name;
            const institutionId = this.institutionId(w, label);
            w.insert("action_institution", { id: this.freshId("action_institution", actionId, institutionId), action_id: actionId, institution_id: institutionId, is_lead: lead ? 1 : 0, position: index + 1 + kept.size });
          } else {
            const commitmentId = this.commitmentId(w, name);
            w.insert("action_commitment", { id: this.freshId("action_commitment", actionId, commitmentId), action_id: actionId, commitment_id: commitmentId, position: index + 1 + kept.size });
          }
        });
        return;
      }
      default:
        return;
    }
  }
}

/** A built-in column a paste writes, or one of the plan's own columns by key ("custom:priority"). */
export type PasteColumn = "need" | "action" | "institutions" | "schedule" | "commitments" | "status" | "ignore" | `custom:${string}`;

/** The plan column's key a paste column names, or null for a built-in one. */
export function customColumnKey(column: PasteColumn): string | null {
  return column.startsWith("custom:") ? column.slice("custom:".length) : null;
}
