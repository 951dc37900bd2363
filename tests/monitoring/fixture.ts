/**
 * A small Guatemala plan as a secretariat monitors it in 2019: six actions in two
 * pillars with every status, schedules that have passed and some that have not,
 * progress notes, indicators on actions and on a need (one broken down by sex and
 * age), targets per year and values reached for 2018, and budget lines.
 */
import fs from "node:fs";
import path from "node:path";
import { createPlanFromDocument } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import type { ChangeMeta } from "../../src/storage/change-log";
import type { PlanStore } from "../../src/storage/plan-store";
import { smallGuatemalaPlan } from "../helpers/plans";
import { tempDir } from "../helpers/temp";

export const typed = (label = "edit"): ChangeMeta => ({ author: "Ana", source: "typed", label });

export function monitoringDocument(): PlanDocument {
  return smallGuatemalaPlan("plan-gt-monitoring", "es", {
    reporting: "year",
    institutions: [
      { label: "IGM", acronym: "IGM", name_es: "Instituto Guatemalteco de Migración", focal_name: "Rosa Pérez", focal_email: "rperez@igm.gob.gt", focal_phone: "+502 2411 2411" },
      { label: "MINEDUC", acronym: "MINEDUC" },
      { label: "SBS", acronym: "SBS" },
    ],
    pillars: [
      {
        number: 1,
        title: "Recepción y admisión",
        needs: [
          {
            id: "need-identify",
            profile: null,
            title: "Identificar a las personas con necesidad de protección",
            indicators: [
              {
                id: "ind-need-referrals",
                title_es: "Personas referidas a la CONARE",
                title_en: "People referred to CONARE",
                unit: "personas",
                baseline: { year: 2017, value: 40 },
                targets: [
                  { year: 2018, value: 200 },
                  { year: 2019, value: 300 },
                ],
                actuals: [{ period: "2018", value: 150, note: "Datos de la CONARE", source: "Informe CONARE 2018" }],
              },
            ],
            actions: [
              {
                id: "act-train",
                text: "Capacitar a los delegados de migración en la identificación de necesidades de protección",
                institutions: ["IGM", "SBS"],
                lead: "IGM",
                schedule: "2018",
                commitments: [],
                status: "in_progress",
                status_date: "2018-09-30",
                progress: [{ period: "2018", status: "in_progress", note: "Dos talleres de cuatro realizados.", author: "Rosa Pérez", recorded_at: "2018-12-15" }],
                indicators: [
                  {
                    id: "ind-delegates",
                    title: "Delegados capacitados",
                    unit: "personas",
                    baseline: { year: 2017, value: 0 },
                    by_sex: true,
                    age_groups: ["18-29", "30+"],
                    targets: [
                      { year: 2018, value: 120 },
                      { year: 2019, value: 60 },
                    ],
                    actuals: [
                      {
                        period: "2018",
                        value: 60,
                        note: "Talleres de junio y septiembre",
                        source: "Listas de asistencia",
                        breakdown: [
                          { sex: "female", value: 35 },
                          { sex: "male", value: 25 },
                          { age: "18-29", value: 20 },
                          { age: "30+", value: 40 },
                        ],
                      },
                    ],
                  },
                ],
                budget_lines: [{ institution: "IGM", year: 2018, amount: 100000, currency: "GTQ", funding_source: "national_budget" }],
              },
              {
                id: "act-protocol",
                text: "Aprobar el protocolo de referencia de casos",
                institutions: ["IGM"],
                lead: "IGM",
                schedule: "2018",
                commitments: [],
                status: "done",
                status_date: "2018-06-01",
                indicators: [
                  { id: "ind-protocol", title: "Protocolo aprobado", unit: "protocolos", baseline: null, targets: [{ year: 2018, value: 1 }], actuals: [{ period: "2018", value: 1 }] },
                ],
                budget_lines: [{ institution: "IGM", year: 2018, amount: 50000, currency: "GTQ", funding_source: "to_be_mobilised" }],
              },
              {
                id: "act-offices",
                text: "Abrir oficinas de atención en la frontera",
                institutions: ["IGM", "SBS"],
                lead: "SBS",
                schedule: "2018 - 2019",
                commitments: [],
                status: "delayed",
                status_date: "2019-02-01",
              },
            ],
          },
        ],
      },
      {
        number: 2,
        title: "Necesidades inmediatas y persistentes",
        needs: [
          {
            id: "need-school",
            profile: null,
            title: "Acceso a la educación",
            actions: [
              {
                id: "act-school",
                text: "Inscribir en la escuela a niñas y niños solicitantes de asilo",
                institutions: ["MINEDUC"],
                lead: "MINEDUC",
                schedule: "2018",
                commitments: [],
                status: "planned",
                indicators: [{ id: "ind-enrolled", title: "Niñas y niños inscritos", unit: "personas", baseline: { year: 2017, value: 10 }, targets: [{ year: 2018, value: 0 }], actuals: [] }],
                budget_lines: [{ institution: "MINEDUC", year: 2019, amount: 20000, currency: "USD", funding_source: "international_cooperation" }],
              },
              {
                id: "act-cancelled",
                text: "Construir un albergue temporal",
                institutions: ["SBS"],
                lead: "SBS",
                schedule: "2018",
                commitments: [],
                status: "cancelled",
                status_date: "2018-03-10",
              },
              {
                id: "act-later",
                text: "Evaluar el programa de becas",
                institutions: ["MINEDUC", "SBS"],
                lead: "MINEDUC",
                schedule: "2020",
                commitments: [],
                status: "planned",
              },
            ],
          },
        ],
      },
    ],
  });
}

export function monitoringPlan(dir = tempDir()): { store: PlanStore; file: string } {
  const file = path.join(dir, "monitoring.matriz");
  const store = createPlanFromDocument(file, monitoringDocument(), { author: "Secretaría", source: "example" });
  return { store, file };
}

/** The document as a JSON file, for the command line. */
export function monitoringJson(dir: string): string {
  const file = path.join(dir, "monitoring.json");
  fs.writeFileSync(file, JSON.stringify(monitoringDocument(), null, 2));
  return file;
}
