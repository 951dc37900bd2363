/**
 * What a stretch of the change log did to the plan, net: the changes made in one
 * consultation round, or since a date. Each row of the plan touched is compared
 * as it was before the first change and as it is after the last, so a change
 * later undone, or a row added and removed again, leaves nothing. The result is
 * said per action or need (its institutions, budget lines, notes and indicators
 * count as changes to it), with the pillar, who changed it and when: the round
 * report and the annual report's "what changed" are read from here.
 */
import type { Database as Db } from "better-sqlite3";
import { statements } from "../storage/change-log";
import { isConflictTable } from "../storage/entities";
import { REFS } from "./progress";

export interface ChangeWindow {
  /** The change sets recorded in this consultation round. */
  roundId?: string;
  /** Change sets recorded at or after this time (ISO date or time). */
  since?: string;
  /** Change sets recorded before this time. */
  until?: string;
  /** Only change sets after this one (the one that created the plan, say). */
  afterSet?: number;
}

/** One field of a row, before and after (undefined: the row did not exist). */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** A row of a table touched, net. */
export interface RowChange {
  entity: string;
  id: string;
  kind: "added" | "changed" | "removed";
  /** The row as it ended (added, changed) or as it was (removed). */
  row: Record<string, unknown>;
  fields: FieldChange[];
  authors: string[];
  first: string;
  last: string;
}

/** Everything that changed about one action or need, or about the plan as a whole. */
export interface SubjectChange {
  subject: "action" | "need" | "plan";
  id: string | null;
  /** The action's text or the need's title, as it is now or was when removed. */
  title: string;
  pillar: number | null;
  /** 1.2.3 for an action still in the plan, 1.2 for a need; null when removed. */
  ref: string | null;
  /** added / removed when the action or need itself was; changed otherwise. */
  kind: "added" | "changed" | "removed";
  rows: RowChange[];
  authors: string[];
  first: string;
  last: string;
}

type R = Record<string, any>;
/** Bookkeeping fields that say nothing to a reader (an order number moved by a neighbour's move). */
const QUIET_FIELDS = new Set(["position"]);
const ACTION_CHILDREN = new Set(["action_institution", "action_commitment", "budget_line", "custom_value", "progress_note"]);

interface Track {
  entity: string;
  id: string;
  existedAtStart: boolean;
  existsAtEnd: boolean;
  start: Map<string, unknown>;
  end: Map<string, unknown>;
  lastRow: R;
  authors: Set<string>;
  first: string;
  last: string;
}

function windowClause(window: ChangeWindow): { where: string; params: unknown[] } {
  const parts = ["s.source NOT IN ('example','migration')"];
  const params: unknown[] = [];
  if (window.roundId) {
    parts.push("s.round_id = ?");
    params.push(window.roundId);
  }
  if (window.since) {
    parts.push("s.at >= ?");
    params.push(window.since);
  }
  if (window.until) {
    parts.push("s.at < ?");
    params.push(window.until);
  }
  if (window.afterSet) {
    parts.push("s.id > ?");
    params.push(window.afterSet);
  }
  return { where: parts.join(" AND "), params };
}

/** Every row touched in the window, net of what was undone within it. */
export function rowChanges(db: Db, window: ChangeWindow): RowChange[] {
  const { where, params } = windowClause(window);
  const changes = statements(db)
    .get(`SELECT c.entity, c.entity_id, c.op, c.field, c.old_value, c.new_value, s.author, s.at FROM change c JOIN change_set s ON s.id = c.change_set_id WHERE ${where} ORDER BY c.id`)
    .all(...params) as R[];
  const tracks = new Map<string, Track>();
  for (const c of changes) {
    // A conflict opened or closed is not a change to the plan: the values it took are.
    if (isConflictTable(c.entity)) continue;
    const key = `${c.entity}\u0000${c.entity_id}`;
    let track = tracks.get(key);
    const oldValue = c.old_value === null ? null : JSON.parse(c.old_value);
    const newValue = c.new_value === null ? null : JSON.parse(c.new_value);
    if (!track) {
      track = { entity: c.entity, id: c.entity_id, existedAtStart: c.op !== "insert", existsAtEnd: true, start: new Map(), end: new Map(), lastRow: {}, authors: new Set(), first: c.at, last: c.at };
      tracks.set(key, track);
    }
    track.authors.add(c.author);
    track.last = c.at;
    if (c.op === "update") {
      if (!track.start.has(c.field)) track.start.set(c.field, oldValue);
      track.end.set(c.field, newValue);
      track.lastRow = { ...track.lastRow, [c.field]: newValue };
    } else if (c.op === "insert") {
      for (const [field, value] of Object.entries(newValue as R)) {
        if (field === "id") continue;
        if (!track.start.has(field)) track.start.set(field, undefined);
        track.end.set(field, value);
      }
      track.existsAtEnd = true;
      track.lastRow = { ...(newValue as R) };
    } else {
      for (const [field, value] of Object.entries(oldValue as R)) {
        if (field === "id") continue;
        if (!track.start.has(field)) track.start.set(field, value);
        track.end.set(field, undefined);
      }
      track.existsAtEnd = false;
      track.lastRow = { ...(oldValue as R) };
    }
  }
  const result: RowChange[] = [];
  for (const track of tracks.values()) {
    if (!track.existedAtStart && !track.existsAtEnd) continue;
    const kind = !track.existedAtStart ? "added" : !track.existsAtEnd ? "removed" : "changed";
    const fields: FieldChange[] = [];
    for (const [field, from] of track.start) {
      const to = track.end.get(field);
      if (kind === "changed" && (QUIET_FIELDS.has(field) || JSON.stringify(from) === JSON.stringify(to))) continue;
      fields.push({ field, from, to });
    }
    if (kind === "changed" && fields.length === 0) continue;
    // A row still in the plan is read whole as it is now, for its context (the action it belongs to).
    const now = kind === "removed" ? {} : currentRow(db, track.entity, track.id);
    const row = Object.keys(now).length ? now : track.lastRow;
    result.push({ entity: track.entity, id: track.id, kind, row, fields, authors: [...track.authors], first: track.first, last: track.last });
  }
  return result;
}

function currentRow(db: Db, entity: string, id: string): R {
  if (!/^[a-z_]+$/.test(entity)) return {};
  try {
    return (statements(db).get(`SELECT * FROM ${entity} WHERE id = ?`).get(id) as R | undefined) ?? {};
  } catch {
    return {};
  }
}

/** The matrix's numbering as it is now: action and need refs, and each one's pillar. */
function numbering(db: Db) {
  const pillars = statements(db).get("SELECT id, number FROM pillar ORDER BY position").all() as R[];
  const needs = statements(db).get("SELECT id, pillar_id FROM need ORDER BY pillar_id, position").all() as R[];
  const actions = statements(db).get("SELECT id, need_id FROM action ORDER BY need_id, position").all() as R[];
  const pillarNumber = new Map(pillars.map((p) => [p.id as string, p.number as number]));
  const needRef = new Map<string, { ref: string; pillar: number }>();
  const counters = new Map<string, number>();
  for (const n of needs) {
    const index = (counters.get(n.pillar_id) ?? 0) + 1;
    counters.set(n.pillar_id, index);
    const pillar = pillarNumber.get(n.pillar_id) ?? 0;
    needRef.set(n.id, { ref: `${pillar}.${index}`, pillar });
  }
  const actionRef = new Map<string, { ref: string; pillar: number; needId: string }>();
  const inNeed = new Map<string, number>();
  for (const a of actions) {
    const index = (inNeed.get(a.need_id) ?? 0) + 1;
    inNeed.set(a.need_id, index);
    const need = needRef.get(a.need_id);
    if (need) actionRef.set(a.id, { ref: `${need.ref}.${index}`, pillar: need.pillar, needId: a.need_id });
  }
  return { pillarNumber, needRef, actionRef };
}

/** The net changes of the window, one entry per action or need touched (and one for the plan's other parts). */
export function subjectChanges(db: Db, window: ChangeWindow): SubjectChange[] {
  const rows = rowChanges(db, window);
  const { pillarNumber, needRef, actionRef } = numbering(db);
  // Rows as last seen in the log (removed ones included), to follow a removed action to its need and pillar.
  const seen = new Map<string, R>();
  for (const r of rows) seen.set(`${r.entity}:${r.id}`, r.row);
  const rowOf = (entity: string, id: string): R => {
    const now = currentRow(db, entity, id);
    return Object.keys(now).length ? now : (seen.get(`${entity}:${id}`) ?? historicRow(db, entity, id));
  };
  const pillarOfNeed = (needId: string): number | null => {
    const ref = needRef.get(needId);
    if (ref) return ref.pillar;
    const need = rowOf("need", needId);
    return need.pillar_id ? (pillarNumber.get(need.pillar_id) ?? null) : null;
  };

  const subjects = new Map<string, SubjectChange>();
  const subjectFor = (kind: "action" | "need" | "plan", id: string | null): SubjectChange => {
    const key = `${kind}:${id ?? ""}`;
    let subject = subjects.get(key);
    if (!subject) {
      let title = "";
      let pillar: number | null = null;
      let ref: string | null = null;
      if (kind === "action" && id) {
        const action = rowOf("action", id);
        title = action.text ?? "";
        ref = actionRef.get(id)?.ref ?? null;
        pillar = actionRef.get(id)?.pillar ?? (action.need_id ? pillarOfNeed(action.need_id) : null);
      } else if (kind === "need" && id) {
        const need = rowOf("need", id);
        title = need.title ?? "";
        ref = needRef.get(id)?.ref ?? null;
        pillar = pillarOfNeed(id);
      }
      subject = { subject: kind, id, title, pillar, ref, kind: "changed", rows: [], authors: [], first: "", last: "" };
      subjects.set(key, subject);
    }
    return subject;
  };

  for (const change of rows) {
    let subject: SubjectChange;
    if (change.entity === "action") subject = subjectFor("action", change.id);
    else if (change.entity === "need") subject = subjectFor("need", change.id);
    else if (ACTION_CHILDREN.has(change.entity)) subject = subjectFor("action", String(change.row.action_id ?? rowOf(change.entity, change.id).action_id ?? ""));
    else if (change.entity === "indicator") subject = change.row.action_id ? subjectFor("action", String(change.row.action_id)) : subjectFor("need", String(change.row.need_id ?? ""));
    else if (change.entity === "indicator_value") {
      const indicator = rowOf("indicator", String(change.row.indicator_id ?? rowOf("indicator_value", change.id).indicator_id ?? ""));
      subject = indicator.action_id ? subjectFor("action", indicator.action_id) : indicator.need_id ? subjectFor("need", indicator.need_id) : subjectFor("plan", null);
    } else subject = subjectFor("plan", null);
    if ((change.entity === "action" || change.entity === "need") && change.kind !== "changed") subject.kind = change.kind;
    subject.rows.push(change);
    for (const author of change.authors) if (!subject.authors.includes(author)) subject.authors.push(author);
    if (!subject.first || change.first < subject.first) subject.first = change.first;
    if (!subject.last || change.last > subject.last) subject.last = change.last;
  }
  const order = (s: SubjectChange) => [s.pillar ?? 999, s.ref ?? "~", s.subject === "need" ? 0 : 1] as const;
  return [...subjects.values()].sort((a, b) => {
    const [pa, ra, ka] = order(a);
    const [pb, rb, kb] = order(b);
    return pa - pb || REFS.compare(ra, rb) || ka - kb || a.title.localeCompare(b.title);
  });
}

/** A row removed before the window: as the log last recorded it. */
function historicRow(db: Db, entity: string, id: string): R {
  const last = statements(db)
    .get("SELECT op, old_value, new_value FROM change WHERE entity = ? AND entity_id = ? AND op IN ('insert','delete') ORDER BY id DESC LIMIT 1")
    .get(entity, id) as R | undefined;
  if (!last) return {};
  return JSON.parse(last.op === "insert" ? last.new_value : last.old_value) as R;
}

export interface ChangeCounts {
  added: number;
  changed: number;
  removed: number;
}

/** Actions and needs added, changed and removed, per pillar and per person. */
export function countChanges(subjects: readonly SubjectChange[]) {
  const empty = (): { actions: ChangeCounts; needs: ChangeCounts } => ({ actions: { added: 0, changed: 0, removed: 0 }, needs: { added: 0, changed: 0, removed: 0 } });
  const byPillar = new Map<number | null, ReturnType<typeof empty>>();
  const byAuthor = new Map<string, ReturnType<typeof empty>>();
  const total = empty();
  for (const s of subjects) {
    if (s.subject === "plan") continue;
    const bucket = s.subject === "action" ? "actions" : "needs";
    const p = byPillar.get(s.pillar) ?? empty();
    p[bucket][s.kind]++;
    byPillar.set(s.pillar, p);
    total[bucket][s.kind]++;
    for (const author of s.authors) {
      const a = byAuthor.get(author) ?? empty();
      a[bucket][s.kind]++;
      byAuthor.set(author, a);
    }
  }
  return {
    total,
    byPillar: [...byPillar].sort((a, b) => (a[0] ?? 999) - (b[0] ?? 999)).map(([pillar, counts]) => ({ pillar, ...counts })),
    byAuthor: [...byAuthor].sort((a, b) => a[0].localeCompare(b[0])).map(([author, counts]) => ({ author, ...counts })),
  };
}
