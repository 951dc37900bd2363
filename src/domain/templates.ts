/**
 * The 2017 national layouts as templates. A plan copies its template's pillars,
 * profiles and column set when it is created, so later edits to a template never
 * change a plan the user already owns.
 */

export type ColumnKey =
  | "need"
  | "action"
  | "institutions"
  | "schedule"
  | "commitments"
  | "budget"
  | "currency"
  | "funding_source"
  | "pei"
  | "poa";

export const COLUMN_KEYS: readonly ColumnKey[] = [
  "need",
  "action",
  "institutions",
  "schedule",
  "commitments",
  "budget",
  "currency",
  "funding_source",
  "pei",
  "poa",
];

export interface Bilingual {
  es: string;
  en: string;
}

export interface TemplatePillar {
  number: number;
  title: Bilingual;
  /** Which of the four CRRF pillars this maps onto, for regional consolidation. */
  crrfPillar: 1 | 2 | 3 | 4;
}

export interface TemplateColumn {
  key: ColumnKey;
  /** The heading as the national matrix writes it. */
  heading: Bilingual;
}

export interface Template {
  id: TemplateId;
  iso3: string | null;
  country: Bilingual | null;
  baseCurrency: string;
  period: { start: number; end: number };
  pillars: TemplatePillar[];
  /** Honduras groups its matrix by population profile before the pillar. */
  profiles: Bilingual[];
  /** Panama writes the prioritised need as a column of each row, not as a group heading. */
  needAsColumn: boolean;
  columns: TemplateColumn[];
}

export const TEMPLATE_IDS = [
  "guatemala",
  "costa-rica",
  "honduras",
  "mexico",
  "panama",
  "belize",
  "crrf-blank",
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

const CRRF_PILLARS: TemplatePillar[] = [
  { number: 1, crrfPillar: 1, title: { es: "Recepción y admisión", en: "Reception and Admission" } },
  { number: 2, crrfPillar: 2, title: { es: "Necesidades inmediatas y persistentes", en: "Immediate and ongoing needs" } },
  {
    number: 3,
    crrfPillar: 3,
    title: { es: "Apoyo a los países y comunidades de acogida", en: "Support for host countries and communities" },
  },
  {
    number: 4,
    crrfPillar: 4,
    title: { es: "Ampliar las oportunidades de soluciones duraderas", en: "Enhance opportunities for durable solutions" },
  },
];

const col = (key: ColumnKey, es: string, en: string): TemplateColumn => ({ key, heading: { es, en } });

const NEED = col("need", "Necesidad priorizada", "Prioritised Need");
const ACTION = col("action", "Acción prioritaria", "Priority Action");
const FINANCIAL: TemplateColumn[] = [
  col("budget", "Presupuesto", "Budget"),
  col("currency", "Moneda", "Currency"),
  col("funding_source", "Fuente de financiamiento", "Funding source"),
  col("pei", "Plan Estratégico Institucional (PEI)", "Institutional Strategic Plan (PEI)"),
  col("poa", "Plan Operativo Anual (POA)", "Annual Operational Plan (POA)"),
];
const PERIOD_2018_2020 = { start: 2018, end: 2020 };

export const TEMPLATES: Record<TemplateId, Template> = {
  guatemala: {
    id: "guatemala",
    iso3: "GTM",
    country: { es: "Guatemala", en: "Guatemala" },
    baseCurrency: "GTQ",
    period: PERIOD_2018_2020,
    pillars: CRRF_PILLARS,
    profiles: [],
    needAsColumn: false,
    // Guatemala added the financial part (budget, PEI, POA) at its 18 Oct 2017 consultation.
    columns: [NEED, ACTION, col("institutions", "Instituciones responsables", "Institutions Responsible"), ...FINANCIAL],
  },
  "costa-rica": {
    id: "costa-rica",
    iso3: "CRI",
    country: { es: "Costa Rica", en: "Costa Rica" },
    baseCurrency: "CRC",
    period: PERIOD_2018_2020,
    pillars: CRRF_PILLARS,
    profiles: [],
    needAsColumn: false,
    columns: [
      NEED,
      ACTION,
      col("institutions", "Partes ejecutoras", "Implementing Parties"),
      col("schedule", "Cronograma", "Schedule"),
      col("commitments", "Compromiso (DASJ, PAB, otros)", "Commitment (SJAS, BPA, others)"),
      ...FINANCIAL,
    ],
  },
  honduras: {
    id: "honduras",
    iso3: "HND",
    country: { es: "Honduras", en: "Honduras" },
    baseCurrency: "HNL",
    period: PERIOD_2018_2020,
    pillars: [
      { number: 1, crrfPillar: 1, title: { es: "Recepción y admisión", en: "Reception and admission" } },
      { number: 2, crrfPillar: 2, title: { es: "Necesidades inmediatas y persistentes", en: "Immediate and ongoing needs" } },
      { number: 3, crrfPillar: 3, title: { es: "Comunidades de acogida", en: "Host community" } },
      { number: 4, crrfPillar: 4, title: { es: "Soluciones duraderas", en: "Durable Solutions" } },
    ],
    profiles: [
      { es: "Personas refugiadas y solicitantes de asilo", en: "Refugees and asylum seekers" },
      { es: "Personas retornadas con necesidades de protección", en: "Returnees in need of protection" },
      { es: "Hondureños en el exterior", en: "Hondurans abroad" },
      { es: "Personas desplazadas internamente", en: "Internally displaced persons" },
    ],
    needAsColumn: false,
    columns: [
      NEED,
      ACTION,
      col("institutions", "Partes ejecutoras (autoridad coordinadora en negrita)", "Implementing parties (Coordinating authority in bold)"),
      col("schedule", "Período de implementación", "Implementation Period"),
      ...FINANCIAL,
    ],
  },
  mexico: {
    id: "mexico",
    iso3: "MEX",
    country: { es: "México", en: "Mexico" },
    baseCurrency: "MXN",
    period: PERIOD_2018_2020,
    pillars: CRRF_PILLARS,
    profiles: [],
    needAsColumn: false,
    columns: [
      NEED,
      ACTION,
      col("institutions", "Partes ejecutoras", "Implementing parties"),
      col("schedule", "Cronograma", "Schedule"),
      col("commitments", "Compromiso (DASJ, PAB, otros)", "Commitment (SJAS, BPA, others)"),
      ...FINANCIAL,
    ],
  },
  panama: {
    id: "panama",
    iso3: "PAN",
    country: { es: "Panamá", en: "Panama" },
    baseCurrency: "USD",
    period: PERIOD_2018_2020,
    pillars: [
      { number: 1, crrfPillar: 1, title: { es: "Asuntos jurídicos y protección", en: "Legal Matters and Protection" } },
      { number: 2, crrfPillar: 2, title: { es: "Acceso a necesidades básicas", en: "Access to Basic Needs" } },
      { number: 3, crrfPillar: 4, title: { es: "Integración local y medios de vida", en: "Local Integration and Livelihoods" } },
    ],
    profiles: [],
    needAsColumn: true,
    columns: [
      col("need", "Necesidad priorizada", "Prioritised Need"),
      col("action", "Acción priorizada", "Prioritised Action"),
      col("institutions", "Partes ejecutoras (agencia coordinadora en negrita)", "Implementing parties (Coordinating agency in bold)"),
      col("schedule", "Cronograma", "Schedule"),
      col("commitments", "Compromiso (DASJ, PAB, etc.)", "Commitment (SJAS, BPA, etc.)"),
      ...FINANCIAL,
    ],
  },
  belize: {
    id: "belize",
    iso3: "BLZ",
    country: { es: "Belice", en: "Belize" },
    baseCurrency: "BZD",
    period: PERIOD_2018_2020,
    pillars: [
      { number: 1, crrfPillar: 1, title: { es: "Medidas de recepción y admisión", en: "Reception and Admission Measures" } },
      { number: 2, crrfPillar: 2, title: { es: "Apoyo a necesidades inmediatas y persistentes", en: "Support for Immediate and Ongoing Needs" } },
      { number: 3, crrfPillar: 3, title: { es: "Apoyo a países y comunidades de acogida", en: "Support for Host Countries and Communities" } },
      { number: 4, crrfPillar: 4, title: { es: "Mayores oportunidades de soluciones duraderas", en: "Enhanced Opportunities for Durable Solutions" } },
    ],
    profiles: [],
    needAsColumn: false,
    columns: [NEED, col("action", "Recomendación", "Recommendation"), col("institutions", "Instituciones", "Institutions"), ...FINANCIAL],
  },
  "crrf-blank": {
    id: "crrf-blank",
    iso3: null,
    country: null,
    baseCurrency: "USD",
    period: PERIOD_2018_2020,
    pillars: CRRF_PILLARS,
    profiles: [],
    needAsColumn: false,
    columns: [
      NEED,
      ACTION,
      col("institutions", "Instituciones responsables", "Institutions responsible"),
      col("schedule", "Cronograma", "Schedule"),
      col("commitments", "Compromiso", "Commitment"),
      ...FINANCIAL,
    ],
  },
};

export function isTemplateId(value: string): value is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(value);
}

export function templateForIso3(iso3: string): Template {
  return Object.values(TEMPLATES).find((t) => t.iso3 === iso3.toUpperCase()) ?? TEMPLATES["crrf-blank"];
}
