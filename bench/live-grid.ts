/**
 * live.edit-to-grid: from the Enter that saves a cell on one laptop to the other
 * laptop's grid showing the text. Two real renderer builds in Chromium (the API
 * injected as the preload exposes it, as in tests/e2e/harness.ts), each with its own
 * core, joined through a real host on 127.0.0.1 (the first laptop hosts, the second
 * joins with the code). What it covers: the first core's edit and change log, the
 * shared document, the WebSocket to the host and on to the second core, its tables,
 * the grid delta to its page, and the page's render.
 *
 * Both pages read the same clock (performance.timeOrigin + a page's own time, in
 * milliseconds since the epoch): the first page stamps the Enter key's event, the
 * second the first animation frame in which the cell holds the text. The second core's
 * notice to its page is stamped on the same clock (other-core: the part before the page).
 * MATRIZ_BENCH_LIVE_EDITS sets how many edits (default 40).
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { buildRenderer, createCore, launchChromium, makeTempDir, openApp, serveFolder, type Core, type Session } from "../tests/e2e/harness";
import type { Benchmark, Figure } from "./suite";

const round = (n: number) => Number(n.toFixed(1));
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** How long one edit may take to show before the benchmark gives up on it (a lost edit is a failure, not a sample). */
const EDIT_TIMEOUT_MS = 15_000;

type Answer<T> = { ok: true; value: T } | { ok: false; error: { message: string } };
async function call<T>(core: Core, method: string, input?: unknown): Promise<T> {
  const answer = (await core.dispatch(method, input)) as Answer<T>;
  if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
  return answer.value;
}

const cellOf = (page: Page, actionId: string) => page.locator(`tr[data-key="a:${actionId}"] td.col--action`);

/** When the other laptop's core last told its page of remote edits (same clock as the pages'). */
let notifiedAt = 0;

/** One edit typed on `from`: milliseconds from its Enter to `to`'s grid showing it, and to `to`'s core telling its page. */
async function oneEdit(from: Page, to: Page, actionId: string, text: string): Promise<{ grid: number; core: number }> {
  const cell = cellOf(from, actionId);
  await cell.click();
  await from.keyboard.type(text.slice(0, 1));
  await from.locator(".cell-editor-input").waitFor();
  await from.keyboard.press("Control+a");
  await from.keyboard.type(text);
  // The other page watches the cell from now on, frame by frame.
  const shown = to.evaluate(
    ({ key, text, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const deadline = performance.now() + timeoutMs;
        const check = () => {
          const cell = document.querySelector(`tr[data-key="${key}"] td.col--action`);
          if (cell?.textContent?.includes(text)) resolve(performance.timeOrigin + performance.now());
          else if (performance.now() > deadline) reject(new Error(`"${text}" did not reach the other grid in ${timeoutMs} ms`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    { key: `a:${actionId}`, text, timeoutMs: EDIT_TIMEOUT_MS },
  );
  // Awaited below; until then a failure must not end the process before the finally blocks run.
  shown.catch(() => {});
  await from.evaluate(() => {
    document.addEventListener(
      "keydown",
      (event) => {
        if (event.key === "Enter") (window as unknown as { __enterAt: number }).__enterAt = performance.timeOrigin + event.timeStamp;
      },
      { capture: true, once: true },
    );
  });
  await from.keyboard.press("Enter");
  const [enterAt, shownAt] = await Promise.all([from.evaluate(() => (window as unknown as { __enterAt: number }).__enterAt), shown]);
  await from.locator(".cell-editor").waitFor({ state: "detached" });
  return { grid: shownAt - enterAt, core: notifiedAt - enterAt };
}

export const liveGridBenchmarks: Benchmark[] = [
  {
    name: "live.edit-to-grid",
    async run(): Promise<Figure[]> {
      const edits = Math.max(1, Math.min(1000, Number(process.env.MATRIZ_BENCH_LIVE_EDITS) || 40));
      const dirs = [makeTempDir("matriz-bench-live-build-"), makeTempDir("matriz-bench-live-a-"), makeTempDir("matriz-bench-live-b-")];
      const [buildDir, dirA, dirB] = dirs as [string, string, string];
      const cores: Core[] = [];
      const sessions: Session[] = [];
      let server: Awaited<ReturnType<typeof serveFolder>> | null = null;
      let browser: Awaited<ReturnType<typeof launchChromium>> | null = null;
      try {
        await buildRenderer(buildDir);
        server = await serveFolder(buildDir);
        browser = await launchChromium();
        // Laptop A opens the Costa Rica example and hosts it; laptop B joins with the code and gets the plan.
        const a = createCore(dirA);
        const b = createCore(dirB);
        cores.push(a, b);
        await call(a, "settings.update", { userName: "Facilitadora" });
        await call(b, "settings.update", { userName: "Relatora" });
        await call(a, "plan.openExample", { example: "costa-rica" });
        const hosting = (await call<{ hosting: { code: string; port: number } }>(a, "live.host", {})).hosting;
        const joined = await call<{ status: string }>(b, "live.join", { code: hosting.code, address: `127.0.0.1:${hosting.port}` });
        if (joined.status !== "online") throw new Error(`laptop B is ${joined.status}, not online`);
        for (const core of cores) {
          const session = await openApp(browser, server.url, core);
          sessions.push(session);
          // tsx names functions with a __name helper; the functions sent into the page need it too.
          await session.page.addInitScript("window.__name = (f) => f");
          await session.page.evaluate("window.__name = (f) => f");
          session.page.setDefaultTimeout(EDIT_TIMEOUT_MS);
          await session.page.setViewportSize({ width: 1280, height: 720 });
          await session.page.locator("#matrix-grid .row-action").first().waitFor();
        }
        const [pageA, pageB] = sessions.map((s) => s.page) as [Page, Page];
        // Where the time goes: until B's core has the edit in its tables and sends the page its grid delta, then the page.
        const toPage = b.onEvent;
        b.onEvent = (event) => {
          if (event.type === "live-edits") notifiedAt = performance.timeOrigin + performance.now();
          toPage(event);
        };
        // The first rows, on screen in both grids as they open.
        const ids = a.workspace
          .current!.db.prepare("SELECT a.id FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id ORDER BY p.position, n.position, a.position LIMIT 3")
          .pluck()
          .all() as string[];
        for (const id of ids) await cellOf(pageB, id).waitFor();
        // Two edits to warm up both pages and cores, not counted.
        for (let i = 0; i < 2; i++) await oneEdit(pageA, pageB, ids[i % ids.length]!, `Calentamiento ${i}`);
        const samples: number[] = [];
        const coreSamples: number[] = [];
        for (let i = 0; i < edits; i++) {
          const took = await oneEdit(pageA, pageB, ids[i % ids.length]!, `Edición en vivo número ${i}`);
          samples.push(took.grid);
          coreSamples.push(took.core);
        }
        const problems = sessions.flatMap((s) => s.problems);
        if (problems.length) throw new Error(`the pages reported problems: ${problems.slice(0, 3).join("; ")}`);
        return [
          { name: "live.edit-to-grid.p50", value: round(percentile(samples, 50)), unit: "ms" },
          { name: "live.edit-to-grid.p95", value: round(percentile(samples, 95)), unit: "ms" },
          { name: "live.edit-to-grid.max", value: round(Math.max(...samples)), unit: "ms" },
          { name: "live.edit-to-grid.edits", value: samples.length, unit: "edits" },
          { name: "live.edit-to-grid.other-core.p50", value: round(percentile(coreSamples, 50)), unit: "ms" },
          { name: "live.edit-to-grid.other-core.p95", value: round(percentile(coreSamples, 95)), unit: "ms" },
        ];
      } finally {
        for (const session of sessions) await session.close().catch(() => {});
        for (const core of cores.reverse()) {
          await core.workspace.live.stop().catch(() => {});
          await core.dispose();
        }
        await browser?.close().catch(() => {});
        await server?.close();
        for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
