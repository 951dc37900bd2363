/**
 * The contract's monitoring methods on the open plan: the panel's reads, the
 * edits of notes, indicators and values (each one change set with the user's
 * name and round), and the Progress view's figures.
 */
import type { z } from "zod";
import type { ActionStatus, PlanDocument } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { planPeriods, type Reporting } from "../domain/periods";
import type { contract, EditResult, Method, Output } from "../api/contract";
import { progressReport } from "../reports/progress";
import { statements, type ChangeMeta } from "../storage/change-log";
import { currentRevision, gridDelta } from "../storage/grid-io";
import { historyState } from "../storage/history";
import { readIndicators } from "../storage/indicator-io";
import { MonitoringEditor } from "../storage/monitoring-edits";
import type { PlanStore } from "../storage/plan-store";
import { currentRound } from "./editing";

type In<M extends Method> = z.output<(typeof contract)[M]["input"]>;
type MonitoringMethod = Extract<Method, `monitoring.${string}` | "reports.progress">;
export type MonitoringHandlers = { [M in MonitoringMethod]: (input: In<M>) => Output<M> };

type R = Record<string, any>;

/** The panel's view of one action or need: its status, notes and indicators, and the plan's periods. */
export function monitoringRow(db: PlanStore["db"], kind: "action" | "need", id: string): Output<"monitoring.row"> {
  const plan = statements(db).get("SELECT language, period_start, period_end, reporting FROM plan").get() as R;
  const language = plan.language as "es" | "en";
  const reporting = plan.reporting as Reporting;
  const row = statements(db)
    .get(kind === "action" ? "SELECT text AS title, status, status_date FROM action WHERE id = ?" : "SELECT title, NULL AS status, NULL AS status_date FROM need WHERE id = ?")
    .get(id) as R | undefined;
  if (!row) throw new MatrizError("not_found", { entity: kind, id });
  const notes =
    kind === "action"
      ? (statements(db).get("SELECT * FROM progress_note WHERE action_id = ? ORDER BY period, recorded_at, rowid").all(id) as R[]).map((n) => ({
          id: n.id as string,
          period: n.period as string,
          status: n.status as ActionStatus,
          note: n.note as string,
          author: n.author as string | null,
          recorded_at: n.recorded_at as string,
        }))
      : [];
  const indicators = readIndicators(db, language, kind === "action" ? { actionIds: [id] } : { needIds: [id] });
  return {
    kind,
    id,
    title: row.title,
    reporting,
    periods: planPeriods({ start: plan.period_start, end: plan.period_end }, reporting),
    status: row.status ?? null,
    statusDate: row.status_date ?? null,
    notes,
    indicators: (kind === "action" ? indicators.byAction : indicators.byNeed).get(id) ?? [],
  };
}

export function monitoringHandlers(plan: () => PlanStore, author: () => string, document: () => PlanDocument): MonitoringHandlers {
  const meta = (label: string): ChangeMeta => ({ author: author(), source: "typed", label, roundId: currentRound(plan()) });
  let before = 0;
  const start = () => {
    before = currentRevision(plan().db);
    return new MonitoringEditor(plan(), meta);
  };
  const result = (): EditResult => {
    const db = plan().db;
    const delta = gridDelta(db, before);
    return { revision: delta.revision, history: historyState(db), grid: JSON.stringify(delta) };
  };
  const owner = (o: { kind: "action" | "need"; id: string }) => (o.kind === "action" ? { action_id: o.id } : { need_id: o.id });

  return {
    "monitoring.row": (input) => monitoringRow(plan().db, input.kind, input.id),
    "monitoring.setReporting": (input) => {
      start().setReporting(input.reporting);
      return result();
    },
    "monitoring.saveNote": (input) => {
      const id = start().saveNote(input.actionId, input.note);
      return { ...result(), id };
    },
    "monitoring.removeNote": (input) => {
      start().removeNote(input.id);
      return result();
    },
    "monitoring.saveIndicator": (input) => {
      const saved = start().saveIndicator(owner(input.owner), input.indicator);
      return { ...result(), ...saved };
    },
    "monitoring.removeIndicator": (input) => {
      start().removeIndicator(input.id);
      return result();
    },
    "monitoring.setValue": (input) => {
      start().setValue(input);
      return result();
    },
    "reports.progress": (input) => progressReport(document(), { period: input?.period ?? null, filter: input?.filter ?? {} }),
  };
}
