/**
 * The Summaries tab in Chromium on the 10,000-action, 50,000-line plan: from a
 * filter change (a pillar picked) until the charts are painted with the new
 * numbers, and the first drawing of the tab.
 */
import fs from "node:fs";
import path from "node:path";
import { buildRenderer, createCore, launchChromium, makeTempDir, openApp, serveFolder } from "../tests/e2e/harness";
import type { Benchmark, Figure } from "./suite";

const round = (n: number) => Number(n.toFixed(1));

export function chartBenchmarks(largePlanFile: () => string): Benchmark[] {
  return [
    {
      name: "charts",
      async run(): Promise<Figure[]> {
        const buildDir = makeTempDir("matriz-bench-charts-");
        const coreDir = makeTempDir("matriz-bench-charts-core-");
        await buildRenderer(buildDir);
        const server = await serveFolder(buildDir);
        const browser = await launchChromium();
        const plan = path.join(coreDir, "large.matriz");
        fs.copyFileSync(largePlanFile(), plan);
        const core = createCore(coreDir);
        core.workspace.openPlan(plan);
        try {
          const session = await openApp(browser, server.url, core);
          const page = session.page;
          // tsx names functions with a __name helper; the functions sent into the page need it too.
          await page.evaluate("window.__name = (f) => f");
          await page.locator("#matrix-grid .row-action").first().waitFor({ timeout: 60_000 });
          const opened = performance.now();
          await page.getByRole("tab", { name: /Resúmenes|Summaries/ }).click();
          await page.locator("#chart-funded-gtq, .summary-currency").first().waitFor({ timeout: 60_000 });
          const firstDraw = performance.now() - opened;
          const samples: number[] = [];
          for (const pillar of ["1", "2", "3", "4", ""]) {
            samples.push(
              await page.evaluate(async (value) => {
                const select = document.querySelectorAll<HTMLSelectElement>(".summary-filter select")[0]!;
                const before = document.querySelector(".summary-charts")!.textContent;
                const start = performance.now();
                Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")!.set!.call(select, value);
                select.dispatchEvent(new Event("change", { bubbles: true }));
                await new Promise<void>((resolve) => {
                  const check = () => (document.querySelector(".summary-charts")?.textContent !== before ? resolve() : requestAnimationFrame(check));
                  check();
                });
                // Until the new numbers are painted.
                await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
                return performance.now() - start;
              }, pillar),
            );
          }
          return [
            { name: "charts.first-draw", value: round(firstDraw), unit: "ms" },
            { name: "charts.filter-redraw.max", value: round(Math.max(...samples)), unit: "ms" },
            { name: "charts.filter-redraw.median", value: round([...samples].sort((a, b) => a - b)[2]!), unit: "ms" },
          ];
        } finally {
          core.dispose();
          await browser.close().catch(() => {});
          await server.close();
          fs.rmSync(buildDir, { recursive: true, force: true });
          fs.rmSync(coreDir, { recursive: true, force: true });
        }
      },
    },
  ];
}
