/**
 * The Progress figures worked out by hand from the fixture (six actions, four
 * indicators; see fixture.ts), then checked against progressReport, which the
 * Progress view, the annual report and the regional consolidation count through.
 */
import { describe, expect, it } from "vitest";
import { isLate, percentOf, progressReport } from "../../src/reports/progress";
import { monitoringPlan } from "./fixture";

describe("progress by hand", () => {
  // Through a plan file, as the app reads it (schedules have their years).
  const { store } = monitoringPlan();
  const doc = store.document();
  store.close();

  it("counts statuses in total, by pillar and by institution", () => {
    const report = progressReport(doc, { period: "2018" });
    // train in_progress, protocol done, offices delayed | school planned, cancelled cancelled, later planned
    expect(report.actions).toBe(6);
    expect(report.totals).toEqual({ planned: 2, in_progress: 1, done: 1, delayed: 1, cancelled: 1 });
    expect(report.byPillar.map((p) => [p.key, p.total, p.counts])).toEqual([
      ["1", 3, { planned: 0, in_progress: 1, done: 1, delayed: 1, cancelled: 0 }],
      ["2", 3, { planned: 2, in_progress: 0, done: 0, delayed: 0, cancelled: 1 }],
    ]);
    // Every institution of an action counts it: SBS is on train, offices, cancelled and later.
    expect(report.byInstitution.map((i) => [i.label, i.total, i.counts])).toEqual([
      ["SBS", 4, { planned: 1, in_progress: 1, done: 0, delayed: 1, cancelled: 1 }],
      ["IGM", 3, { planned: 0, in_progress: 1, done: 1, delayed: 1, cancelled: 0 }],
      ["MINEDUC", 2, { planned: 2, in_progress: 0, done: 0, delayed: 0, cancelled: 0 }],
    ]);
    // One done of three in pillar 1: 33.3 %.
    expect(percentOf(report.byPillar[0]!.counts.done, report.byPillar[0]!.total)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(1, 0)).toBeNull();
  });

  it("lists as late the actions whose schedule ended by the period's end and are neither done nor cancelled", () => {
    // At the end of 2018: train (2018, in progress) and school (2018, not started). Offices runs to 2019.
    expect(progressReport(doc, { period: "2018" }).late.map((l) => [l.ref, l.due, l.status])).toEqual([
      ["1.1.1", 2018, "in_progress"],
      ["2.1.1", 2018, "planned"],
    ]);
    // At mid-2019 the 2019 schedule has not ended yet; at the end of 2019 offices is late too.
    expect(progressReport(doc, { period: "2019-H1" }).late.map((l) => l.ref)).toEqual(["1.1.1", "2.1.1"]);
    // The longest overdue first, then in matrix order.
    expect(progressReport(doc, { period: "2019" }).late.map((l) => l.ref)).toEqual(["1.1.1", "2.1.1", "1.1.3"]);
    // Without a period: as of today.
    expect(progressReport(doc, { today: "2018-06-30" }).late).toEqual([]);
    expect(isLate({ status: "done", schedule_years: [2017] }, "2030-01-01")).toBe(false);
    expect(isLate({ status: "planned", schedule_years: [] }, "2030-01-01")).toBe(false);
  });

  it("puts each indicator's value reached against its target, in per cent", () => {
    const report = progressReport(doc, { period: "2018" });
    expect(report.indicators.map((i) => [i.ref, i.owner, i.title, i.baseline?.value ?? null, i.target, i.actual, i.percent])).toEqual([
      ["1.1", "need", "Personas referidas a la CONARE", 40, 200, 150, 75], // 150 / 200
      ["1.1.1", "action", "Delegados capacitados", 0, 120, 60, 50], // 60 / 120
      ["1.1.2", "action", "Protocolo aprobado", null, 1, 1, 100],
      ["2.1.1", "action", "Niñas y niños inscritos", 10, 0, null, null], // a target of 0 has no share
    ]);
    expect(report.indicators[1]!.breakdown).toEqual([
      { sex: "female", age: null, value: 35 },
      { sex: "male", age: null, value: 25 },
      { sex: null, age: "18-29", value: 20 },
      { sex: null, age: "30+", value: 40 },
    ]);
    // 2019 has targets but nothing reached yet.
    expect(progressReport(doc, { period: "2019" }).indicators.map((i) => [i.target, i.actual, i.percent])[1]).toEqual([60, null, null]);
  });

  it("follows the filter: a pillar, an institution", () => {
    expect(progressReport(doc, { period: "2018", filter: { pillar: 2 } }).totals).toEqual({ planned: 2, in_progress: 0, done: 0, delayed: 0, cancelled: 1 });
    const igm = progressReport(doc, { period: "2018", filter: { institution: "IGM" } });
    expect(igm.actions).toBe(3);
    expect(igm.indicators.map((i) => i.ref)).toEqual(["1.1", "1.1.1", "1.1.2"]);
  });
});
