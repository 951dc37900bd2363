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
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPlanFromDocument } from "../src/app/plans";
import { annualReport } from "../src/reports/annual-report";
import { buildAnnualWorkbook } from "../src/reports/annual-workbook";
import { monitoredPlanDocument } from "./generate";
import type { Benchmark } from "./suite";

let monitoredFile: string | null = null;
/** The 10,000-action plan with 20,000 indicators, statuses and notes, made once per run. */
function monitoredPlanFile(): string {
  if (monitoredFile && fs.existsSync(monitoredFile)) return monitoredFile;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-bench-monitoring-"));
  monitoredFile = path.join(dir, "monitored.matriz");
  createPlanFromDocument(monitoredFile, monitoredPlanDocument(), { author: "bench", source: "cli" }).close();
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return monitoredFile;
}

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
      // The annual report of 2018 from the plan file: read, counted, written (target < 2 s).
      name: "reports.annual-report",
      async run() {
        const file = monitoredPlanFile(); // built once, outside the timing
        const start = performance.now();
        const store = PlanStore.open(file);
        let indicators = 0;
        let buffer: Buffer;
        let read = 0;
        try {
          const doc = store.document();
          read = performance.now();
          const model = annualReport(store.db, doc, { period: "2018", language: "es", locale: "es-GT" });
          indicators = model.progress.indicators.length;
          buffer = await buildAnnualWorkbook(model, { language: "es" });
        } finally {
          store.close();
        }
        const done = performance.now();
        return [
          { name: "reports.annual-report.total", value: round(done - start), unit: "ms" },
          { name: "reports.annual-report.read-plan", value: round(read - start), unit: "ms" },
          { name: "reports.annual-report.indicators", value: indicators, unit: "count" },
          { name: "reports.annual-report.size", value: round(buffer.length / 1e6), unit: "MB" },
        ];
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
