/**
 * The matrix editor in Chromium on the 10,000-action, 50,000-line plan: time to
 * the first screen of rows, the longest frame while scrolling top to bottom,
 * keystroke-to-paint latency in a cell editor, and pasting 1,000 rows until they
 * are on screen. Measured in the page with performance.now and requestAnimationFrame.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { buildRenderer, createCore, launchChromium, makeTempDir, openApp, serveFolder } from "../tests/e2e/harness";
import type { Benchmark, Figure } from "./suite";

const round = (n: number) => Number(n.toFixed(1));

/** From navigation to the first matrix rows painted. */
async function firstScreen(page: Page): Promise<number> {
  await page.reload();
  await page.locator("#matrix-grid .row-action").first().waitFor({ timeout: 60_000 });
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => {
          const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
          resolve(performance.now() - (nav?.startTime ?? 0));
        }),
      ),
  );
}

/**
 * Scrolls the grid from top to bottom one screen per frame; answers the longest frame,
 * and how many frames Chromium itself reports as long animation frames (over 50 ms).
 */
async function scrollFrames(page: Page): Promise<{ longest: number; at: number; p99: number; over50: number; frames: number; longAnimationFrames: number }> {
  return page.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>(".matrix-scroll")!;
    let longAnimationFrames = 0;
    const observer = new PerformanceObserver((list) => void (longAnimationFrames += list.getEntries().filter((e) => e.duration > 50).length));
    observer.observe({ type: "long-animation-frame" });
    scroller.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const durations: number[] = [];
    let last = performance.now();
    // Fixed steps, as a user dragging or paging would: past the end the loop stops.
    const step = scroller.clientHeight * 0.9;
    for (let i = 0; i < 100_000 && scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 2; i++) {
      scroller.scrollTop += step;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      durations.push(now - last);
      last = now;
    }
    await new Promise((r) => setTimeout(r, 100));
    observer.disconnect();
    const sorted = [...durations].sort((a, b) => a - b);
    const longest = sorted[sorted.length - 1]!;
    return { longest, at: durations.indexOf(longest), p99: sorted[Math.floor(sorted.length * 0.99)]!, over50: durations.filter((d) => d > 50).length, frames: durations.length, longAnimationFrames };
  });
}

/** Types characters into an open cell editor; each time from keydown to the next paint. */
async function keystrokeLatency(page: Page): Promise<{ median: number; worst: number }> {
  await page.locator(".matrix-scroll").evaluate((el) => (el.scrollTop = 0));
  await page.locator("#matrix-grid").focus();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("F2");
  await page.locator(".cell-editor-input").waitFor();
  const samples = await page.evaluate(async () => {
    const box = document.querySelector<HTMLTextAreaElement>(".cell-editor-input")!;
    const results: number[] = [];
    for (let i = 0; i < 40; i++) {
      const start = performance.now();
      // What a key press does to a text box: the value changes and React hears an input event.
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!;
      box.dispatchEvent(new KeyboardEvent("keydown", { key: "x", bubbles: true }));
      setter.call(box, `${box.value}x`);
      box.dispatchEvent(new InputEvent("input", { bubbles: true, data: "x", inputType: "insertText" }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      results.push(performance.now() - start);
    }
    return results;
  });
  await page.keyboard.press("Escape");
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, worst: sorted[sorted.length - 1]! };
}

/** Pastes 1,000 rows on the first action's need, until the last pasted row is on screen. */
async function paste1000(page: Page): Promise<number> {
  await page.locator("#matrix-grid").focus();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  const rows = Array.from({ length: 1000 }, (_, i) => `Acción pegada ${i}\tDGM/IGM, *MINEX`).join("\r\n");
  return page.evaluate(async (text) => {
    const start = performance.now();
    const data = new DataTransfer();
    data.setData("text/plain", text);
    document.getElementById("matrix-grid")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    // The pasted block starts at the cursor: its first rows are on screen once the core answered and the grid re-rendered.
    await new Promise<void>((resolve) => {
      const check = () => {
        if (document.body.textContent?.includes("Acción pegada 0") && document.querySelector(".save-state")?.getAttribute("data-state") === "saved") resolve();
        else requestAnimationFrame(check);
      };
      check();
    });
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - start;
  }, rows);
}

/** The editor benchmarks, on the shared large plan (built once by the suite). */
export function editorBenchmarks(largePlanFile: () => string): Benchmark[] {
  return [
    {
      name: "editor",
      async run(): Promise<Figure[]> {
        const buildDir = makeTempDir("matriz-bench-editor-");
        const coreDir = makeTempDir("matriz-bench-editor-core-");
        await buildRenderer(buildDir);
        const server = await serveFolder(buildDir);
        const browser = await launchChromium();
        // A copy, so pasting does not grow the plan the other benchmarks share.
        const plan = path.join(coreDir, "large.matriz");
        fs.copyFileSync(largePlanFile(), plan);
        const core = createCore(coreDir);
        core.workspace.openPlan(plan);
        try {
          const session = await openApp(browser, server.url, core);
          const page = session.page;
          // tsx names functions with a __name helper; the functions sent into the page need it too.
          await page.addInitScript("window.__name = (f) => f");
          await page.evaluate("window.__name = (f) => f");
          await page.locator("#matrix-grid .row-action").first().waitFor({ timeout: 60_000 });
          const first = await firstScreen(page);
          const scroll = await scrollFrames(page);
          const keys = await keystrokeLatency(page);
          const paste = await paste1000(page);
          await session.close();
          return [
            { name: "editor.first-screen", value: round(first), unit: "ms" },
            { name: "editor.scroll.longest-frame", value: round(scroll.longest), unit: "ms" },
            { name: "editor.scroll.frames", value: scroll.frames, unit: "frames" },
            { name: "editor.scroll.p99-frame", value: round(scroll.p99), unit: "ms" },
            { name: "editor.scroll.frames-over-50ms", value: scroll.over50, unit: "frames" },
            { name: "editor.scroll.long-animation-frames", value: scroll.longAnimationFrames, unit: "frames" },
            { name: "editor.scroll.longest-frame-index", value: scroll.at, unit: "frame" },
            { name: "editor.keystroke.median", value: round(keys.median), unit: "ms" },
            { name: "editor.keystroke.worst", value: round(keys.worst), unit: "ms" },
            { name: "editor.paste-1000", value: round(paste), unit: "ms" },
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
