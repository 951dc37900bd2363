/**
 * The room: a consultation of 40 to 100 people reading one projected matrix while
 * a facilitator types. Projector mode measured at the projectors' sizes and at
 * 125 % and 150 % system scaling (the window then has fewer CSS pixels); frozen
 * columns and heading while scrolling; the row being typed in view; an empty plan
 * that says how to start; notices that belong to their plan; Summaries that never
 * scroll the window; pillar titles in the UI's language.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import type { PlanDocument } from "../../src/domain/document";
import { fixturePath } from "../helpers/temp";
import { browserSuite, createCore, screenshot, type Core, type Session } from "./harness";

const suite = browserSuite("room");
let core: Core | undefined;
let session: Session | undefined;
/** Other laptops in a test (cores without a page), stopped and closed after it. */
const laptops: Core[] = [];
afterEach(async () => {
  for (const laptop of laptops.splice(0)) {
    await laptop.workspace.live.stop();
    await laptop.dispose();
  }
});

async function start(prepare?: (core: Core) => void): Promise<Page> {
  core = createCore(suite.tempDir("matriz-e2e-room-"));
  prepare?.(core);
  session = await suite.open(core);
  session.page.setDefaultTimeout(10_000);
  return session.page;
}

const grid = (page: Page) => page.locator("#matrix-grid");

async function openExample(page: Page, example: string) {
  await page.locator(`[data-example="${example}"]`).click();
  await grid(page).waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("matrix-grid");
}

/**
 * The window as a projector at this size and system scaling shows it: CSS pixels =
 * device pixels / scale. The DevTools session stays open (closing it ends the override);
 * it goes with the page.
 */
async function emulate(page: Page, width: number, height: number, scale: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setDeviceMetricsOverride", { width: Math.round(width / scale), height: Math.round(height / scale), deviceScaleFactor: scale, mobile: false });
  await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(Math.round(width / scale));
  // The grid refits its columns to the new width (a resize, then its observer): wait until the layout holds still.
  const layout = () => page.evaluate(() => Array.from(document.querySelectorAll("thead th")).map((th) => Math.round(th.getBoundingClientRect().width)).join(","));
  let last = "";
  await expect
    .poll(async () => {
      const now = await layout();
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
}

/** What a person at the back of the room gets: the grid's share of the window, the chrome, the type, the columns. */
function measureRoom(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect() ?? null;
    const visible = (selector: string) => Array.from(document.querySelectorAll(selector)).some((e) => e.getClientRects().length > 0);
    const scroller = document.querySelector<HTMLElement>(".matrix-scroll")!;
    const cell = document.querySelector<HTMLElement>(".row-action td.col--action")!;
    const ref = document.querySelector<HTMLElement>(".row-action td.col--ref")!;
    const table = document.querySelector<HTMLElement>("table.matrix")!;
    return {
      gridShare: scroller.getBoundingClientRect().height / window.innerHeight,
      chrome: [".top-bar", ".finance-bar", ".plan-header", ".plan-tabs", ".session-bar", ".filter-bar", ".toolbar", ".keyboard-hint"].filter(visible),
      barHeight: box(".projector-bar")?.height ?? 0,
      // Everything in the bar on one line: each item starts above where every other ends.
      oneLine: (() => {
        const items = Array.from(document.querySelectorAll(".projector-bar > *")).map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
        return items.length > 0 && Math.max(...items.map((r) => r.top)) < Math.min(...items.map((r) => r.bottom));
      })(),
      heading: document.querySelector(".projector-bar h1")?.textContent ?? "",
      saved: document.querySelector(".projector-bar .save-state")?.textContent ?? "",
      exit: visible(".projector-exit"),
      devicePx: parseFloat(getComputedStyle(cell).fontSize) * window.devicePixelRatio,
      frozenShare: (ref.getBoundingClientRect().width + cell.getBoundingClientRect().width) / scroller.clientWidth,
      widestShare: Math.max(...Array.from(table.querySelectorAll("thead th")).map((th) => th.getBoundingClientRect().width)) / scroller.clientWidth,
      fills: table.getBoundingClientRect().width >= scroller.clientWidth - 1,
      windowScrolls: document.scrollingElement!.scrollHeight > window.innerHeight + 1,
    };
  });
}

/**
 * The session bar's items as a person sees them: any text that wraps onto a second line,
 * the live button's height beside the other buttons', and anything past the window's edge.
 */
function measureSessionBar(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector(".session-bar")!;
    const wrapped: string[] = [];
    const walker = document.createTreeWalker(bar, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim() || !(node.parentElement as HTMLElement).offsetParent) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) wrapped.push(node.textContent.trim());
    }
    const live = bar.querySelector(".live-status")!.getBoundingClientRect();
    // Rows of the bar: items whose boxes share no vertical span are on different rows.
    const items = Array.from(bar.children).map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
    const rows = items.reduce<DOMRect[]>((found, r) => (found.some((f) => r.top < f.bottom && f.top < r.bottom) ? found : [...found, r]), []).length;
    const others = Array.from(bar.querySelectorAll("button:not(.live-status)")).map((b) => b.getBoundingClientRect().height);
    return {
      wrapped,
      liveText: bar.querySelector(".live-status")!.textContent ?? "",
      rows,
      liveHeight: Math.round(live.height),
      buttonHeight: Math.round(Math.max(...others)),
      overflows: Array.from(bar.querySelectorAll("*")).some((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5),
    };
  });
}

describe("The room", () => {
  it("gives the projected matrix at least 85 % of the window at 1024×768, 1280×720 and 1920×1080, at 100, 125 and 150 % scaling", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    await page.keyboard.press("F5");
    await page.locator(".projector-bar").waitFor();
    const found: Record<string, Awaited<ReturnType<typeof measureRoom>>> = {};
    for (const [width, height] of [
      [1024, 768],
      [1280, 720],
      [1920, 1080],
    ] as const) {
      for (const scale of [1, 1.25, 1.5]) {
        await emulate(page, width, height, scale);
        await page.waitForTimeout(150);
        const room = await measureRoom(page);
        const where = `${width}×${height} at ${scale * 100} %`;
        found[where] = room;
        expect(room.gridShare, where).toBeGreaterThanOrEqual(0.85);
        expect(room.chrome, where).toEqual([]);
        expect(room.oneLine, `${where}: one slim bar`).toBe(true);
        expect(room.barHeight / height * scale, `${where}: one slim bar`).toBeLessThanOrEqual(0.08);
        expect(room.heading, where).toContain("Plan de acción nacional MIRPS — Guatemala");
        expect(room.saved, where).toBe("Guardado");
        expect(room.exit, where).toBe(true);
        // Large type: at least 20 device pixels in a cell, whatever the scaling.
        expect(room.devicePx, where).toBeGreaterThanOrEqual(20);
        // Columns fit the width: the frozen number and action columns leave room beside them, no column is wider than half.
        expect(room.frozenShare, where).toBeLessThanOrEqual(0.56);
        expect(room.widestShare, where).toBeLessThanOrEqual(0.56);
        expect(room.fills, where).toBe(true);
        expect(room.windowScrolls, where).toBe(false);
        if (scale === 1) await screenshot(page, `room-projector-${width}x${height}.png`);
      }
    }
    // eslint-disable-next-line no-console
    console.log(Object.entries(found).map(([where, r]) => `${where}: grid ${(r.gridShare * 100).toFixed(1)} %, type ${r.devicePx.toFixed(1)} device px`).join("\n"));

    // The way out brings the chrome back.
    await page.getByRole("button", { name: "Salir del modo proyector" }).click();
    await page.locator(".top-bar").waitFor();
    expect(await page.locator(".projector-bar").count()).toBe(0);
    expect(await page.locator("html").getAttribute("class")).not.toContain("projector");
    expect(session!.problems).toEqual([]);
  }, 90_000);

  it("keeps the live workshop button on one line in the session bar at 1024×768 and 1280×720: off, hosting, and with laptops joined", async () => {
    const page = await start((c) => c.settings.update({ userName: "María Fernanda Castellanos" }));
    await openExample(page, "costa-rica");
    const check = async (state: string) => {
      for (const [width, height] of [
        [1024, 768],
        [1280, 720],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(150);
        const bar = await measureSessionBar(page);
        await screenshot(page, `room-session-bar-${state}-${width}x${height}.png`);
        const where = `${state} at ${width}×${height}`;
        expect(bar.wrapped, where).toEqual([]);
        expect(bar.liveHeight, `${where}: the live button as tall as the others`).toBeLessThanOrEqual(bar.buttonHeight + 1);
        expect(bar.overflows, where).toBe(false);
        // At 1280×720 the whole bar is one row (at 1024 it may break between its items, never inside one).
        if (width === 1280) expect(bar.rows, where).toBe(1);
      }
    };
    await check("off");
    // Hosting, then two laptops join through the core (no page of their own needed here).
    const hosted = (await core!.dispatch("live.host", {})) as { ok: true; value: { hosting: { code: string; port: number } } };
    await page.locator('[data-live-status="hosting"]').waitFor();
    await check("hosting");
    for (const name of ["Relatora pilar 1", "Relatora pilar 2"]) {
      const other = createCore(suite.tempDir("matriz-e2e-room-laptop-"));
      await other.dispatch("settings.update", { userName: name });
      laptops.push(other);
      expect(await other.dispatch("live.join", { code: hosted.value.hosting.code, address: `127.0.0.1:${hosted.value.hosting.port}` })).toMatchObject({ ok: true, value: { status: "online" } });
    }
    await expect.poll(() => page.locator(".session-bar .live-face").count()).toBe(3);
    await check("with-laptops");
    expect((await measureSessionBar(page)).liveText).toContain("2 laptops conectadas");
    // The longest words a laptop's bar can show, as the core would push them: many people, the network gone, a refusal.
    const peers = ["Ana", "Beto", "Carla", "Daniel", "Elena", "Fabio", "Gloria"].map((name, i) => ({ key: `d${i}`, name, device: `Laptop ${i}`, deviceId: `d${i}`, scope: null, cursor: null, host: i === 1, me: i === 0 }));
    const guest = { role: "guest", hosting: null, joined: { address: "127.0.0.1:9", pinned: true }, peers, scope: null, locks: [], denied: null };
    await core!.dispatch("live.stop", undefined);
    for (const state of [
      { ...guest, status: "online" },
      { ...guest, status: "offline" },
      { ...guest, status: "connecting", peers: [] },
      { ...guest, role: "guest", status: "denied", peers: [], denied: { reason: "wrong_code", message: "El anfitrión rechazó el código." } },
    ]) {
      await page.evaluate((s) => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit({ type: "live", state: s }), state);
      await page.locator(`[data-live-status="${state.status}"]`).waitFor();
      await check(state.status);
    }
    // The sentence is still there for screen readers and as the tooltip.
    await page.evaluate((s) => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit({ type: "live", state: s }), { ...guest, status: "offline" });
    const offline = page.locator('[data-live-status="offline"]');
    await offline.waitFor();
    expect(await offline.getAttribute("title")).toBe("Sin conexión: siga editando, se pondrá al día al volver");
    expect(await page.getByRole("button", { name: "Sin conexión: siga editando, se pondrá al día al volver" }).count()).toBe(1);
    expect(session!.problems).toEqual([]);
  });

  it("keeps the number and action columns frozen and the heading in place while the matrix scrolls", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    await page.keyboard.press("F5");
    await emulate(page, 1280, 720, 1);
    const rects = () =>
      page.evaluate(() => {
        const rect = (selector: string) => {
          const r = document.querySelector(selector)!.getBoundingClientRect();
          return { left: Math.round(r.left), top: Math.round(r.top) };
        };
        return { ref: rect("thead th.col--ref"), action: rect("thead th.col--action"), institutions: rect("thead th.col--institutions") };
      });
    const before = await rects();
    await page.locator(".matrix-scroll").evaluate((el) => el.scrollTo({ left: 900, top: 1200 }));
    await expect.poll(async () => (await rects()).institutions.left).toBeLessThan(before.institutions.left - 500);
    const after = await rects();
    expect(after.ref).toEqual(before.ref);
    expect(after.action).toEqual(before.action);
    // A row on screen keeps its number and action text where they were drawn, over the columns scrolled under them.
    const row = await page.evaluate(() => {
      const scroller = document.querySelector(".matrix-scroll")!.getBoundingClientRect();
      const cells = Array.from(document.querySelectorAll<HTMLElement>(".row-action td.col--action")).filter((td) => {
        const r = td.getBoundingClientRect();
        return r.top > scroller.top + 100 && r.top < scroller.bottom - 50;
      });
      const td = cells[0]!;
      const ref = td.parentElement!.querySelector<HTMLElement>("td.col--ref")!;
      const at = (el: HTMLElement) => document.elementFromPoint(el.getBoundingClientRect().left + 20, el.getBoundingClientRect().top + 12);
      return { actionOnTop: td.contains(at(td)), refOnTop: ref.contains(at(ref)), left: Math.round(td.getBoundingClientRect().left) };
    });
    expect(row).toEqual({ actionOnTop: true, refOnTop: true, left: before.action.left });
    await screenshot(page, "room-projector-scrolled.png");
    expect(session!.problems).toEqual([]);
  });

  it("keeps the row being typed in view as its text grows, in projector mode", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    await page.keyboard.press("F5");
    await emulate(page, 1024, 768, 1);
    // Down to an action near the bottom of the screen, then type a long text into it.
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.locator(".cell-editor-input").waitFor();
    await page.keyboard.press("End");
    const inView = () =>
      page.evaluate(() => {
        const scroller = document.querySelector<HTMLElement>(".matrix-scroll")!;
        const view = scroller.getBoundingClientRect();
        const head = scroller.querySelector("thead th")!.getBoundingClientRect();
        const editor = document.querySelector(".cell-editor")!.getBoundingClientRect();
        const seen = { top: editor.top >= head.bottom - 1, bottom: editor.bottom <= view.top + scroller.clientHeight + 1 };
        return seen.top && seen.bottom ? seen : { ...seen, editor: [editor.top, editor.bottom], head: head.bottom, view: view.top + scroller.clientHeight, st: scroller.scrollTop, max: scroller.scrollHeight - scroller.clientHeight, h: document.querySelector<HTMLElement>(".cell-editor-input")!.style.height };
      });
    for (let i = 0; i < 4; i++) {
      await page.keyboard.type(" y una frase más que la sala quiere ver escrita mientras se dice.");
      await expect.poll(inView, { timeout: 2000 }).toEqual({ top: true, bottom: true });
    }
    await screenshot(page, "room-projector-typing.png");
    await page.keyboard.press("Enter");
    await page.locator(".cell-editor").waitFor({ state: "detached" });
    // A new action under it (Ctrl+Enter) opens in view too.
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Control+Enter");
    await page.locator(".cell-editor-input").waitFor();
    await page.keyboard.type("Una acción nueva acordada en la sala");
    await expect.poll(inView, { timeout: 2000 }).toEqual({ top: true, bottom: true });
    await page.keyboard.press("Escape");
    expect(session!.problems).toEqual([]);
  });

  it("tells a new plan how to start, with the keys, and starts it from there", async () => {
    const page = await start((c) => (c.dialogAnswers.save = path.join(c.dir, "nuevo.matriz")));
    await page.locator('[data-template="crrf-blank"]').click();
    await grid(page).waitFor();
    const hint = page.getByRole("region", { name: "Este plan todavía no tiene acciones" });
    await hint.waitFor();
    expect(await hint.textContent()).toContain("Ctrl+Alt+Intro");
    expect(await hint.textContent()).toContain("Ctrl+Intro");
    expect(await page.locator(".row-empty").first().textContent()).toBe("Sin necesidades en este pilar: Intro o Ctrl+Alt+Intro añade una.");
    await screenshot(page, "room-blank-plan.png");
    await hint.getByRole("button", { name: "Añadir una necesidad al pilar 1" }).click();
    await page.locator(".cell-editor-input").waitFor();
    await page.keyboard.type("Identificar a las personas con necesidad de protección");
    await page.keyboard.press("Control+Enter");
    await page.keyboard.type("Capacitar a delegados en frontera");
    await page.keyboard.press("Enter");
    await expect.poll(() => hint.count()).toBe(0);
    expect(await page.locator(".row-action").count()).toBe(1);
    expect(session!.problems).toEqual([]);
  });

  it("keeps a notice with the plan it was about", async () => {
    const page = await start();
    await openExample(page, "guatemala");
    // What the core announces once File › Export wrote the national workbook.
    const written = path.join(core!.dir, "guatemala.xlsx");
    core!.onEvent({ type: "exported", format: "xlsx", path: written, handle: core!.choose(written, "exported") });
    const notice = page.locator(".notice-item");
    await expect.poll(() => notice.textContent()).toContain("guatemala.xlsx");
    await page.getByRole("button", { name: "Cerrar plan" }).click();
    await openExample(page, "honduras");
    expect(await notice.count()).toBe(0);
    expect(session!.problems).toEqual([]);
  });

  it("never scrolls the window past the Summaries, and names pillars in the UI's language there and in the regional view", async () => {
    const dir = suite.tempDir("matriz-e2e-room-regional-");
    // A plan written in English, read in a Spanish UI.
    const english: PlanDocument = readDocumentFile(fixturePath("guatemala"));
    for (const action of english.pillars.flatMap((p) => p.needs.flatMap((n) => n.actions))) {
      action.institutions = action.institutions.length ? action.institutions : ["MINEX"];
      action.lead = action.institutions[0]!;
      action.budget_lines = [{ institution: action.lead, year: 2019, amount: 1000, currency: "GTQ" }];
    }
    const englishFile = path.join(dir, "guatemala-en.matriz");
    createPlanFromDocument(englishFile, english, { author: "t", source: "example" }, { language: "en" }).close();
    const page = await start((c) => {
      c.settings.addRecent(englishFile);
      c.dialogs.pickRegionalSources = async () => [englishFile];
    });
    await emulate(page, 1280, 720, 1);
    await page.locator(".recent-item").click();
    await grid(page).waitFor();
    await page.getByRole("tab", { name: "Resúmenes" }).click();
    await page.locator(".summary-chart").first().waitFor();
    const pillars = await page.getByRole("combobox", { name: "Pilar" }).locator("option").allTextContents();
    expect(pillars).toContain("1. Recepción y admisión");
    expect(await page.locator("#chart-pillar-year-gtq").textContent()).toContain("Recepción y admisión");
    const scrolled = await page.evaluate(async () => {
      const panel = document.querySelector<HTMLElement>(".plan-panel")!;
      panel.scrollTop = panel.scrollHeight;
      window.scrollTo(0, 10_000);
      await new Promise((r) => requestAnimationFrame(r));
      return { window: document.scrollingElement!.scrollTop, height: document.scrollingElement!.scrollHeight - window.innerHeight, panel: panel.scrollTop > 0 };
    });
    expect(scrolled).toEqual({ window: 0, height: 0, panel: true });
    await screenshot(page, "room-summaries-end.png");

    await page.getByRole("button", { name: "Cerrar plan" }).click();
    await page.getByRole("button", { name: "Consolidación regional…" }).click();
    await page.getByRole("button", { name: "Añadir planes…" }).click();
    await page.locator(".regional-currency").fill("GTQ");
    const mapping = page.getByRole("table").filter({ hasText: "Pilar nacional" });
    await expect.poll(() => mapping.textContent()).toContain("1. Recepción y admisión");
    expect(await mapping.textContent()).not.toContain("Reception and Admission");
    expect(session!.problems).toEqual([]);
  });
});
