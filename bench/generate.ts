/**
 * A large synthetic plan for benchmarks: 10,000 actions and 50,000 budget lines
 * by default, spread over four pillars, with realistic text lengths.
 */
import type { PlanDocument } from "../src/domain/document";

export function largePlanDocument(actions = 10_000, budgetLines = 50_000): PlanDocument {
  const institutions = Array.from({ length: 60 }, (_, i) => `INST-${String(i).padStart(2, "0")}`);
  const needsPerPillar = Math.max(1, Math.round(actions / 4 / 25));
  const linesPerAction = budgetLines / actions;
  let made = 0;
  let lines = 0;
  const pillars = [1, 2, 3, 4].map((number) => ({
    number,
    title: `Pilar ${number}`,
    needs: Array.from({ length: needsPerPillar }, (_, n) => ({
      profile: null,
      title: `Necesidad ${number}.${n + 1}: fortalecer la protección internacional en frontera y en comunidades de acogida`,
      actions: [] as PlanDocument["pillars"][number]["needs"][number]["actions"],
    })),
  }));
  const allNeeds = pillars.flatMap((p) => p.needs);
  while (made < actions) {
    const need = allNeeds[made % allNeeds.length]!;
    const lead = institutions[made % institutions.length]!;
    const support = institutions[(made * 7 + 3) % institutions.length]!;
    const wanted = Math.round((made + 1) * linesPerAction) - lines;
    const budget = Array.from({ length: wanted }, (_, k) => ({
      institution: k % 2 ? support : lead,
      year: 2018 + (k % 3),
      amount: 1000 + ((made * 37 + k * 101) % 900_000) + 0.5,
      currency: "GTQ",
      funding_source: "national_budget" as const,
      pei: `PEI-${made % 50}`,
      poa: `POA-${2018 + (k % 3)}-${made % 200}`,
    }));
    lines += wanted;
    need.actions.push({
      text: `Acción ${made + 1}: capacitar y sensibilizar a delegados de migración, Policía Nacional Civil y personal de seguridad en fronteras y aeropuertos en materia de protección internacional (${made}).`,
      institutions: lead === support ? [lead] : [lead, support],
      lead,
      schedule: made % 3 ? "2018, 2019, 2020" : "Durante 2019",
      commitments: made % 2 ? ["San José Action Statement (2016)"] : ["Brazil Declaration and Plan of Action (2014)"],
      budget_lines: budget,
    });
    made++;
  }
  return {
    country: "Guatemala",
    iso3: "GTM",
    template: "guatemala",
    language: "es",
    columns: [],
    pillars,
    stocktaking: [],
    gaps: [],
    acronyms: {},
  };
}

/**
 * The same plan as monitored after a year or two: every status, their dates,
 * a progress note on every other action, and `indicators` indicators spread over
 * the actions (two each for 20,000 on 10,000 actions) with targets for every
 * year, values reached for 2018 and 2019, and a breakdown by sex on one in five.
 */
export function monitoredPlanDocument(actions = 10_000, budgetLines = 50_000, indicators = 20_000): PlanDocument {
  const doc = largePlanDocument(actions, budgetLines);
  const statuses = ["planned", "in_progress", "done", "delayed", "cancelled"] as const;
  const all = doc.pillars.flatMap((p) => p.needs.flatMap((n) => n.actions));
  const perAction = indicators / all.length;
  let made = 0;
  all.forEach((action, a) => {
    action.status = statuses[a % statuses.length]!;
    action.status_date = `2019-0${1 + (a % 9)}-15`;
    if (a % 2 === 0) action.progress = [{ period: "2018", note: `Avance de la acción ${a + 1}: talleres realizados en frontera y en comunidades de acogida.`, author: "Secretaría", recorded_at: "2019-01-20" }];
    const wanted = Math.round((a + 1) * perAction) - made;
    action.indicators = Array.from({ length: wanted }, (_, k) => {
      const base = (a * 13 + k * 7) % 500;
      const bySex = (made + k) % 5 === 0;
      return {
        title: `Personas atendidas por la acción ${a + 1} (${k + 1})`,
        unit: "personas",
        baseline: { year: 2017, value: base },
        ...(bySex ? { by_sex: true } : {}),
        targets: [2018, 2019, 2020].map((year, y) => ({ year, value: base + 100 * (y + 1) })),
        actuals: [2018, 2019].map((year, y) => ({
          period: String(year),
          value: base + 80 * (y + 1),
          note: y ? null : "Registro administrativo",
          ...(bySex ? { breakdown: [{ sex: "female" as const, value: base + 40 * (y + 1) }, { sex: "male" as const, value: 40 * (y + 1) }] } : {}),
        })),
      };
    });
    made += wanted;
  });
  return doc;
}
