/** What the plan's editors share: cached one-row and all-rows queries, the rule-refusal error, and one change set per user action. */
import type { Database as Db } from "better-sqlite3";
import { MatrizError } from "../domain/errors";
import { statements, type ChangeMeta, type ChangeWriter } from "./change-log";
import type { PlanStore } from "./plan-store";

export type R = Record<string, any>;

export function one(db: Db, sql: string, ...params: unknown[]): R | undefined {
  return statements(db).get(sql).get(...params) as R | undefined;
}

export function all(db: Db, sql: string, ...params: unknown[]): R[] {
  return statements(db).get(sql).all(...params) as R[];
}

/** An edit refused by one of the plan's rules, said in the user's language (error.edit_rule). */
export const invalid = (rule: string, params: Record<string, string | number> = {}) => new MatrizError("edit_rule", { rule, ...params });

/** An editor whose every public method is one change set, labelled for the history through `meta`. */
export abstract class ChangeSetEditor {
  constructor(
    private readonly store: PlanStore,
    protected readonly meta: (label: string) => ChangeMeta,
  ) {}

  protected get db(): Db {
    return this.store.db;
  }

  protected change<T>(label: string, work: (w: ChangeWriter) => T): T {
    return this.store.change(this.meta(label), work);
  }
}
