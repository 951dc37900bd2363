/**
 * `matriz conflicts`: the values changed on both sides of a finance round trip.
 * By default a table a person reads in a terminal (amounts in currency units
 * written as in LANG, sources and fields in words, long texts shortened);
 * `--json` gives scripts the stored records as they are.
 */
import type { Database as Db } from "better-sqlite3";
import { fromMinor } from "../domain/money";
import { ACTION_STATUSES, type ActionStatus } from "../domain/document";
import { formatAmount } from "../domain/numbers";
import type { MessageKey } from "../i18n";
import { listConflicts, type StoredConflict } from "../spreadsheet/conflicts";
import type { LineFields } from "../spreadsheet/snapshot";
import { PlanStore } from "../storage/plan-store";
import { groupConflicts, listSyncConflicts, type SyncConflict, type SyncConflictGroup } from "../sync/conflicts";
import { entityWords, fieldWords as liveFieldWords, rowText, sideWords, valueWords, type Side, type Words } from "../sync/describe";
import { EXIT, requireOne, type CliCommand, type CliContext } from "./context";

/** Text as one terminal cell: no line breaks, tabs or control characters (escape sequences), at most `max` characters. */
function cell(text: string, max = 48): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ").trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : flat;
}

const width = (text: string) => [...text].length;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c]!))));
  return rows.map((r) => r.map((text, c) => (c === r.length - 1 ? text : text + " ".repeat(widths[c]! - width(text)))).join("  ").trimEnd());
}

function describer(ctx: CliContext, db: Db) {
  const baseCurrency = (db.prepare("SELECT base_currency FROM plan").pluck().get() as string | undefined) ?? "";
  const lineCurrency = (id: string | null) => (id ? (db.prepare("SELECT currency FROM budget_line WHERE id = ?").pluck().get(id) as string | undefined) : undefined);
  const money = (minor: number, currency: string) => `${formatAmount(fromMinor(minor), ctx.locale)} ${currency}`.trim();
  const source = (code: string) => ctx.say(`ui.funding.${code}` as MessageKey);
  const empty = ctx.say("cli.conflicts.empty");

  const line = (fields: LineFields | null): string => {
    if (fields === null) return ctx.say("cli.conflicts.removed");
    const parts = [fields.amount === null ? empty : money(fields.amount, fields.currency)];
    if (fields.funding_source) parts.push(source(fields.funding_source));
    return parts.join(" · ");
  };

  return (conflict: StoredConflict, value: unknown): string => {
    if (conflict.field === null) return line(value as LineFields | null);
    // The action or the plan's own column is gone from the plan.
    if (value === null && conflict.year === null) return ctx.say("cli.conflicts.gone");
    if (value === null || value === undefined || value === "") return empty;
    if (conflict.field === "amount") return money(value as number, lineCurrency(conflict.planLineId) ?? baseCurrency);
    if (conflict.field === "funding_source") return source(String(value));
    if (conflict.field === "status" && (ACTION_STATUSES as readonly unknown[]).includes(value)) return ctx.say(`ui.status.${value as ActionStatus}`);
    if (conflict.field === "value_reached" && typeof value === "number") return formatAmount(value, ctx.locale, Number.isInteger(value) ? 0 : 2);
    return String(value);
  };
}

const FIELD_WORDS: Record<string, MessageKey> = {
  amount: "cli.conflicts.field.amount",
  currency: "cli.conflicts.field.currency",
  funding_source: "cli.conflicts.field.funding_source",
  pei: "cli.conflicts.field.pei",
  poa: "cli.conflicts.field.poa",
  budget_code: "cli.conflicts.field.budget_code",
  note: "cli.conflicts.field.note",
  status: "cli.conflicts.field.status",
  progress_note: "cli.conflicts.field.progress_note",
  value_reached: "cli.conflicts.field.value_reached",
  value_note: "cli.conflicts.field.value_note",
  value_source: "cli.conflicts.field.value_source",
};

/** What a conflict is about, in words: a budget field, the whole line, a monitoring value, or the plan's own column by its heading. */
function fieldWords(ctx: CliContext, conflict: StoredConflict): string {
  if (conflict.field === null) return ctx.say("cli.conflicts.wholeLine");
  if (conflict.field.startsWith("custom:")) return conflict.column?.[ctx.lang] ?? conflict.field.slice("custom:".length);
  const key = FIELD_WORDS[conflict.field];
  return key ? ctx.say(key) : conflict.field;
}

export const conflictsCommand: CliCommand = (ctx) => {
  const store = PlanStore.open(ctx.resolve(requireOne(ctx)));
  try {
    const list = listConflicts(store.db, { all: ctx.values.all });
    // Conflicts from live workshops and merged copies: their own table, after the finance one.
    const live = listSyncConflicts(store.db, { all: ctx.values.all });
    // A schedule and its years, a status and its date: one conflict to read and resolve.
    const liveGroups = groupConflicts(live);
    const open = list.filter((c) => c.status === "open").length + liveGroups.filter((g) => g.main.status === "open").length;
    if (ctx.values.json) {
      ctx.io.out(JSON.stringify([...list, ...live], null, 2));
    } else if (list.length === 0 && live.length === 0) {
      ctx.io.out(ctx.say(ctx.values.all ? "cli.conflicts.noneAtAll" : "cli.conflicts.none"));
    } else {
      const describe = describer(ctx, store.db);
      const what = (c: StoredConflict) => fieldWords(ctx, c);
      const header = ["id", "action", "institution", "year", "field", "base", "plan", "returned"].map((k) => ctx.say(`cli.conflicts.${k}` as MessageKey));
      if (ctx.values.all) header.push(ctx.say("cli.conflicts.status"));
      const rows = list.map((c) => {
        const row = [
          c.id,
          cell(c.action ?? "—", 40),
          cell(c.institution ?? "—", 24),
          c.year === null ? "—" : String(c.year),
          what(c),
          cell(describe(c, c.base), 32),
          cell(describe(c, c.plan), 32),
          cell(describe(c, c.returned), 32),
        ];
        if (ctx.values.all) row.push(c.status === "open" ? ctx.say("cli.conflicts.open") : ctx.say("cli.conflicts.resolved", { take: c.resolution ?? "none" }));
        return row;
      });
      if (rows.length) for (const text of table([header, ...rows])) ctx.io.out(text);
      if (live.length) {
        if (rows.length) ctx.io.out("");
        for (const text of table(liveTable(ctx, store.db, liveGroups))) ctx.io.out(text);
      }
      if (open) ctx.io.out(`\n${ctx.say("cli.conflicts.summary", { count: open })}`);
    }
    return open ? EXIT.conflicts : EXIT.ok;
  } finally {
    store.close();
  }
};

/**
 * Live conflicts as a person reads them: the row by its text, the field in words, a
 * field written with another (a schedule's years, a status's date) in the same line,
 * values as the grid shows them (amounts in currency units), and who typed each.
 */
function liveTable(ctx: CliContext, db: Db, groups: SyncConflictGroup[]): string[][] {
  const words: Words = { lang: ctx.lang, locale: ctx.locale };
  const who = (by: SyncConflict["planBy"]) => (by ? `${by.author}${by.device ? ` (${by.device.name})` : ""}` : "—");
  const header = ["id", "row", "field", "plan", "other", "status"].map((k) => ctx.say(`cli.conflicts.live.${k}` as MessageKey));
  return [
    header,
    ...groups.map((group) => {
      const c = group.main;
      const wholeRow = c.field === null || c.kind !== "both_changed";
      const row = rowText(db, c.entity, c.entityId) ?? valueWords(db, { ...c, field: null }, c.returned ?? c.plan, words) ?? c.entityId;
      const what = wholeRow ? `${entityWords(c.entity, words)}: ${ctx.say(`cli.conflicts.live.kind.${c.kind}` as MessageKey)}` : liveFieldWords(c.field!, words);
      const side = (s: Side) => sideWords(db, group, s, words) ?? ctx.say(wholeRow ? "cli.conflicts.removed" : "cli.conflicts.empty");
      return [
        c.id,
        cell(row, 40),
        what,
        cell(`${side("plan")} · ${who(c.planBy)}`, 60),
        cell(`${side("returned")} · ${who(c.returnedBy)}`, 60),
        c.status === "open" ? ctx.say("cli.conflicts.open") : ctx.say("cli.conflicts.resolved", { take: c.resolution === "kept" ? "plan" : c.resolution === "other" ? "remote" : (c.resolution ?? "none") }),
      ];
    }),
  ];
}
