/**
 * The regional view's work in the core: several national plan files (or their
 * national workbooks) consolidated in one currency with rates and a pillar
 * mapping the user edits. Sources are read once and kept while their files are
 * unchanged, so editing a rate does not re-read six plans; they are only read.
 */
import fs from "node:fs";
import path from "node:path";
import type { PlanDocument } from "../domain/document";
import { MatrizError } from "../domain/errors";
import type { Language } from "../i18n";
import { consolidate, type RegionalOptions, type RegionalResult } from "../reports/regional";
import { buildRegionalWorkbook } from "../reports/regional-workbook";
import { readNationalSource, writeAtomically } from "./exports";
import { checkpoint } from "./tasks";

export interface RegionalRequest {
  files: string[];
  currency: string;
  rates: RegionalOptions["rates"];
  mapping?: Record<string, Record<string, number>>;
}

export interface RegionalAnswer {
  /** Null while some currency still needs a rate: `missing` says which. */
  result: RegionalResult | null;
  currencies: string[];
  missing: string[];
  sources: Array<{ file: string; country: string; iso3: string }>;
}

const cache = new Map<string, { mtimeMs: number; size: number; doc: PlanDocument }>();

/** One national source, read (or taken from the cache while its file is unchanged). */
export function loadNationalSource(file: string): PlanDocument {
  const resolved = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new MatrizError("file_not_found", { path: resolved });
  }
  const cached = cache.get(resolved);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.doc;
  const doc = readNationalSource(resolved);
  cache.set(resolved, { mtimeMs: stat.mtimeMs, size: stat.size, doc });
  return doc;
}

function mappingOf(request: RegionalRequest): RegionalOptions["pillarMapping"] {
  if (!request.mapping) return undefined;
  const mapping: NonNullable<RegionalOptions["pillarMapping"]> = {};
  for (const [iso3, pillars] of Object.entries(request.mapping)) {
    mapping[iso3] = {};
    for (const [pillar, crrf] of Object.entries(pillars)) mapping[iso3]![Number(pillar)] = crrf as 1 | 2 | 3 | 4;
  }
  return mapping;
}

export function consolidateSources(request: RegionalRequest): RegionalAnswer {
  const plans = request.files.map(loadNationalSource);
  const currencies = new Set<string>();
  for (const plan of plans)
    for (const pillar of plan.pillars)
      for (const need of pillar.needs) for (const action of need.actions) for (const line of action.budget_lines ?? []) if (line.amount !== null) currencies.add(line.currency);
  currencies.delete(request.currency);
  const sorted = [...currencies].sort();
  const missing = sorted.filter((c) => !request.rates[c]);
  const sources = request.files.map((file, i) => ({ file, country: plans[i]!.country, iso3: plans[i]!.iso3 }));
  if (missing.length) return { result: null, currencies: sorted, missing, sources };
  const result = consolidate(plans, { currency: request.currency, rates: request.rates, pillarMapping: mappingOf(request) });
  return { result, currencies: sorted, missing, sources };
}

/** Writes the regional workbook; `stop` (a cancelled task) is asked just before writing. */
export async function writeRegionalWorkbook(request: RegionalRequest, out: string, language: Language, stop?: () => boolean): Promise<string> {
  const answer = consolidateSources(request);
  if (!answer.result) throw new MatrizError("missing_rate", { from: answer.missing.join(", "), to: request.currency });
  const workbook = await buildRegionalWorkbook(answer.result, language);
  checkpoint(stop);
  writeAtomically(out, workbook);
  return out;
}
