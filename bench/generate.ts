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
