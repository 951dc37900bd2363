/** Benchmarks of the secretariat's outputs on the 10,000-action, 50,000-line plan. */
import { performance } from "node:perf_hooks";
import { planToHxlCsv } from "../src/opendata/hxl";
import { planToIatiXml } from "../src/opendata/iati";
import { buildNationalWorkbook } from "../src/reports/national-workbook";
import { consolidate } from "../src/reports/regional";
import { buildRegionalWorkbook } from "../src/reports/regional-workbook";
import { summarisePlan } from "../src/reports/summary";
import { PlanStore } from "../src/storage/plan-store";
import { readPlanDocumentReadOnly } from "../src/storage/read-only";
import type { Benchmark } from "./suite";

const round = (n: number) => Number(n.toFixed(1));

export function reportBenchmarks(largePlanFile: () => string): Benchmark[] {
  const readLarge = () => {
    const store = PlanStore.open(largePlanFile());
    try {
      return store.document();
    } finally {
      store.close();
    }
  };
  return [
    {
      name: "reports.national-workbook",
      async run() {
        largePlanFile(); // built once, outside the timing
        const start = performance.now();
        const doc = readLarge();
        const read = performance.now();
        const buffer = await buildNationalWorkbook(doc, { language: "es" });
        const done = performance.now();
        return [
          { name: "reports.national-workbook.total", value: round(done - start), unit: "ms" },
          { name: "reports.national-workbook.read-plan", value: round(read - start), unit: "ms" },
          { name: "reports.national-workbook.size", value: round(buffer.length / 1e6), unit: "MB" },
        ];
      },
    },
    {
      name: "reports.regional-six",
      async run() {
        largePlanFile();
        const start = performance.now();
        // Read as the regional consolidation reads other countries' files: read-only, from a copy in memory.
        const plans = Array.from({ length: 6 }, (_, i) => ({ ...readPlanDocumentReadOnly(largePlanFile()), iso3: ["BLZ", "CRI", "GTM", "HND", "MEX", "PAN"][i]!, country: `Country ${i + 1}` }));
        const read = performance.now();
        const result = consolidate(plans, { currency: "USD", rates: { GTQ: { rate: 0.13, date: "2018-01-02" } } });
        await buildRegionalWorkbook(result, "es");
        const done = performance.now();
        return [
          { name: "reports.regional-six.total", value: round(done - start), unit: "ms" },
          { name: "reports.regional-six.read-plans", value: round(read - start), unit: "ms" },
        ];
      },
    },
    {
      name: "reports.summary-filter",
      run() {
        const doc = readLarge();
        const samples: number[] = [];
        for (const filter of [{}, { pillar: 2 }, { year: 2019 }, { text: "fronteras" }, { institution: "INST-07" }]) {
          const start = performance.now();
          summarisePlan(doc, filter);
          samples.push(performance.now() - start);
        }
        return [{ name: "reports.summary-filter.max", value: round(Math.max(...samples)), unit: "ms" }];
      },
    },
    {
      name: "reports.open-data",
      run() {
        const doc = readLarge();
        const start = performance.now();
        planToHxlCsv(doc);
        const hxl = performance.now();
        planToIatiXml(doc);
        const iati = performance.now();
        return [
          { name: "reports.open-data.hxl", value: round(hxl - start), unit: "ms" },
          { name: "reports.open-data.iati", value: round(iati - hxl), unit: "ms" },
        ];
      },
    },
  ];
}
