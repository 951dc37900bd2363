/**
 * The live workshop end to end: two laptops, each its own core (a Workspace in
 * this process) serving its own Chromium page, connected through a real
 * LiveSession host on 127.0.0.1 (never another address, never multicast:
 * discovery is off in the harness). The host's projector shows the code; the
 * other laptop joins through the UI, and each sees the other's edits and cursor.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { LiveState } from "../../src/api/contract";
import { PlanEditor } from "../../src/storage/edits";
import { PlanStore } from "../../src/storage/plan-store";
import { makePairingCode } from "../../src/sync/pairing";
import { browserSuite, createCore, screenshot, type Core } from "./harness";

const suite = browserSuite("live");

interface Laptop {
  core: Core;
  page: Page;
  problems: string[];
}

/** A laptop: its own folder, device (named as people would name it) and user, its own page. */
async function laptop(name: string, user: string, first: boolean): Promise<Laptop> {
  const dir = suite.tempDir(`matriz-e2e-live-${name}-`);
  fs.writeFileSync(path.join(dir, "device.json"), JSON.stringify({ id: `laptop-${name}`, name: `Laptop ${name}` }));
  const core = createCore(dir);
  await core.dispatch("settings.update", { userName: user });
  const session = first ? await suite.open(core) : await suite.openAnother(core);
  session.page.setDefaultTimeout(15_000);
  await session.page.setViewportSize({ width: 1280, height: 720 });
  return { core, page: session.page, problems: session.problems };
}

const grid = (page: Page) => page.locator("#matrix-grid");

async function openExample(page: Page, example: string) {
  await page.locator(`[data-example="${example}"]`).click();
  await grid(page).waitFor();
}

function firstActions(core: Core) {
  return core.workspace.current!.db
    .prepare("SELECT a.id, a.text, p.id AS pillar, p.number FROM action a JOIN need n ON n.id = a.need_id JOIN pillar p ON p.id = n.pillar_id ORDER BY p.position, n.position, a.position")
    .all() as Array<{ id: string; text: string; pillar: string; number: number }>;
}
const actionIn = (core: Core, pillar: number) => firstActions(core).find((a) => a.number === pillar)!;
const cell = (page: Page, actionId: string, column: string) => page.locator(`tr[data-key="a:${actionId}"] td.col--${column}`);

/** Scrolls the matrix until an action's row is drawn (the grid draws only the rows on screen). */
async function showRow(page: Page, actionId: string) {
  const row = page.locator(`tr[data-key="a:${actionId}"]`);
  await page.locator(".matrix-scroll").evaluate((el) => el.scrollTo({ top: 0 }));
  for (let i = 0; i < 200 && (await row.count()) === 0; i++) await page.locator(".matrix-scroll").evaluate((el) => el.scrollBy({ top: el.clientHeight * 0.8 }));
  // Centred in one step (the grid redraws as it scrolls, so a row near the edge may be replaced meanwhile).
  await page.evaluate((key) => document.querySelector(`tr[data-key="${key}"]`)?.scrollIntoView({ block: "center" }), `a:${actionId}`);
  await row.waitFor();
}
const textOf = (core: Core, id: string) => core.workspace.current!.db.prepare("SELECT text FROM action WHERE id = ?").pluck().get(id) as string;

/** Hosts from the live panel (session bar › Live workshop… › Host): the code and address, as the panel shows them. */
async function host(page: Page): Promise<{ code: string; address: string }> {
  await page.locator("[data-live-status]").click();
  await page.getByRole("button", { name: "Ser anfitrión de este taller" }).click();
  const code = (await page.locator(".modal--live [data-code]").getAttribute("data-code"))!;
  const address = (await page.locator(".modal--live [data-address]").first().getAttribute("data-address"))!;
  expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
  return { code, address };
}

/** Joins from the join dialog, as a person types it. */
async function join(page: Page, address: string, code: string) {
  const dialog = page.getByRole("dialog", { name: "Unirse a un taller" });
  await dialog.waitFor();
  await dialog.getByLabel("Dirección del anfitrión").fill(address);
  await dialog.getByLabel("Código de emparejamiento o enlace para unirse").fill(code);
  await dialog.getByRole("button", { name: "Unirse", exact: true }).click();
}

/** Types into a cell as a person does: click it, type, Enter. */
async function typeInto(page: Page, target: ReturnType<typeof cell>, text: string) {
  await target.click();
  await page.keyboard.type(text.slice(0, 1));
  await page.locator(".cell-editor-input").waitFor();
  await page.keyboard.press("Control+a");
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await page.locator(".cell-editor").waitFor({ state: "detached" });
}

const liveState = async (core: Core) => (await core.dispatch("live.state", undefined)) as { ok: true; value: LiveState };

describe("The live workshop", () => {
  it("hosts with the code on the projector; another laptop without the plan joins from the UI; each sees the other's edits and cursor; the projector follows the room", async () => {
    const a = await laptop("A", "Facilitadora", true);
    const b = await laptop("B", "Relatora", false);
    await openExample(a.page, "costa-rica");
    const { code, address } = await host(a.page);
    await screenshot(a.page, "live-panel-host-1280x720.png");
    await a.page.getByRole("button", { name: "Cerrar", exact: true }).click();

    // Laptop B has no plan: it joins from the welcome screen and the host's plan is fetched and opened.
    await b.page.getByRole("button", { name: "Unirse a un taller en vivo…" }).click();
    await join(b.page, address, code);
    await grid(b.page).waitFor();
    await b.page.locator('[data-live-status="online"]').waitFor();
    expect(b.core.workspace.current!.path).toContain(`${path.sep}Talleres${path.sep}`);

    // Who is here, on both laptops.
    await expect.poll(() => a.page.locator("[data-live-status]").textContent()).toContain("1 laptop conectada");
    const action = firstActions(a.core)[0]!;
    const second = firstActions(a.core)[1]!;

    // B's cursor on an action's schedule: A sees B's name and colour around that cell.
    await cell(b.page, action.id, "schedule").click();
    await cell(a.page, action.id, "schedule").locator(".peer-name", { hasText: "Relatora" }).waitFor();
    // A's cursor, on B's screen.
    await cell(a.page, second.id, "institutions").click();
    await cell(b.page, second.id, "institutions").locator(".peer-name", { hasText: "Facilitadora" }).waitFor();

    // B types; A's grid shows it within moments, without A doing anything.
    await typeInto(b.page, cell(b.page, action.id, "action"), "Escrito en la laptop B");
    await expect.poll(() => cell(a.page, action.id, "action").textContent(), { timeout: 10_000 }).toContain("Escrito en la laptop B");
    // A types while B is typing elsewhere; B's own editor keeps its text.
    await cell(b.page, second.id, "action").click();
    await b.page.keyboard.type("B a medio escribir");
    await typeInto(a.page, cell(a.page, action.id, "schedule"), "Durante 2019");
    await expect.poll(() => cell(b.page, action.id, "schedule").textContent(), { timeout: 10_000 }).toContain("Durante 2019");
    expect(await b.page.locator(".cell-editor-input").inputValue()).toContain("B a medio escribir");
    await b.page.keyboard.press("Escape");

    // History on A says who typed it on which laptop.
    await cell(a.page, action.id, "action").click();
    await a.page.keyboard.press("Control+Shift+H");
    await a.page.locator(".history-panel .history-entry", { hasText: "Relatora" }).first().waitFor();
    expect(await a.page.locator(".history-panel .history-entry", { hasText: "Relatora" }).first().textContent()).toContain("en Laptop B");
    await a.page.keyboard.press("Control+Shift+H");

    // The projector: the code in large type with its QR code, at both room sizes.
    await a.page.keyboard.press("F5");
    await a.page.locator("[data-show-code]").click();
    await a.page.locator("[data-projected-code] .pairing-qr").waitFor();
    expect(await a.page.locator("[data-projected-code] .pairing-code").textContent()).toBe(code);
    for (const [width, height] of [
      [1024, 768],
      [1280, 720],
    ] as const) {
      await a.page.setViewportSize({ width, height });
      await screenshot(a.page, `live-projector-code-${width}x${height}.png`);
    }
    await a.page.locator("[data-projected-code]").getByRole("button", { name: "Ocultar el código" }).click();

    // Following the room: a change far down on B scrolls A's projector there; A's cursor stays put.
    await a.page.locator("[data-follow]").click();
    const far = firstActions(a.core).at(-1)!;
    const cursorBefore = await grid(a.page).getAttribute("aria-activedescendant");
    await b.core.dispatch("edit.cell", { kind: "action", id: far.id, field: "schedule", value: "Durante 2020" });
    await cell(a.page, far.id, "schedule").waitFor();
    await expect.poll(() => cell(a.page, far.id, "schedule").textContent(), { timeout: 10_000 }).toContain("Durante 2020");
    expect(await grid(a.page).getAttribute("aria-activedescendant")).toBe(cursorBefore);
    await a.page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(a.page, "live-projector-following-1280x720.png");
    await screenshot(b.page, "live-laptop-b-1280x720.png");

    expect(textOf(a.core, action.id)).toBe("Escrito en la laptop B");
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  }, 180_000);

  it("says a wrong code clearly; a laptop given one pillar cannot change another, and a locked pillar not at all; another laptop takes over hosting from the UI", async () => {
    const a = await laptop("A", "Facilitadora", true);
    const b = await laptop("B", "Grupo pilar 1", false);
    await openExample(a.page, "costa-rica");
    const { code, address } = await host(a.page);
    await a.page.getByRole("button", { name: "Cerrar", exact: true }).click();

    // A typo: caught by the code's check character before anything is sent.
    await b.page.getByRole("button", { name: "Unirse a un taller en vivo…" }).click();
    await join(b.page, address, code.replace(/^..../, code.startsWith("ZZZZ") ? "YYYY" : "ZZZZ"));
    const problem = b.page.locator("[data-live-problem]");
    await expect.poll(() => problem.textContent()).toContain("error de tecleo");
    // A well-formed code with another secret (this host's fingerprint, a wrong token): the host refuses it, said in the dialog.
    const { fingerprint } = (await liveState(a.core)).value.hosting!;
    await join(b.page, address, makePairingCode("ZZZZ9999", fingerprint));
    await expect.poll(() => problem.textContent()).toContain("El anfitrión rechazó el código");
    await b.page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(b.page, "live-join-refused-1024x768.png");
    await b.page.setViewportSize({ width: 1280, height: 720 });
    expect(b.core.workspace.current).toBeNull();
    await join(b.page, address, code);
    await grid(b.page).waitFor();

    // The host gives B pillar 1 (its breakout group).
    await a.page.locator("[data-live-status]").click();
    await a.page.getByLabel("Qué edita Grupo pilar 1").selectOption({ index: 1 });
    await b.page.locator("[data-live-status]").click();
    await b.page.getByText("El anfitrión le dio el pilar 1").waitFor();
    await b.page.getByRole("button", { name: "Cerrar", exact: true }).click();
    const two = actionIn(b.core, 2);
    // Typing in pillar 2: said at once, no editor opens.
    await showRow(b.page, two.id);
    await cell(b.page, two.id, "action").click();
    await b.page.keyboard.type("x");
    await b.page.locator(".editor-notice", { hasText: "otro pilar" }).waitFor();
    expect(await b.page.locator(".cell-editor").count()).toBe(0);
    // Clearing a cell there (Delete): the host refuses it, the value comes back, and the laptop is told why.
    const schedule = b.core.workspace.current!.db.prepare("SELECT schedule FROM action WHERE id = ?").pluck().get(two.id) as string | null;
    await cell(b.page, two.id, "schedule").click();
    await b.page.keyboard.press("Delete");
    await b.page.locator("[data-live-refusals]").waitFor();
    expect(await b.page.locator("[data-live-refusals]").textContent()).toContain("pilar 2");
    await expect.poll(() => b.core.workspace.current!.db.prepare("SELECT schedule FROM action WHERE id = ?").pluck().get(two.id)).toBe(schedule);
    if (schedule) await expect.poll(() => cell(b.page, two.id, "schedule").textContent()).toContain(schedule.slice(0, 10));
    await screenshot(b.page, "live-refused-1280x720.png");
    await b.page.locator("[data-live-refusals]").getByRole("button", { name: "Entendido" }).click();

    // The plenary validates pillar 1: the host locks it, and B cannot type there either.
    // The box shows the lock once the host has it (a click, then the core's answer).
    const lockOne = a.page.getByRole("checkbox", { name: /Bloquear el pilar 1/ });
    await lockOne.click();
    await expect.poll(() => lockOne.isChecked()).toBe(true);
    await expect.poll(async () => (await liveState(b.core)).value.locks.length).toBe(1);
    const one = actionIn(b.core, 1);
    await showRow(b.page, one.id);
    await cell(b.page, one.id, "action").click();
    await b.page.keyboard.type("x");
    await b.page.locator(".editor-notice", { hasText: "bloqueado" }).waitFor();
    expect(await b.page.locator(".cell-editor").count()).toBe(0);
    await lockOne.click();
    await expect.poll(() => lockOne.isChecked()).toBe(false);
    await a.page.getByRole("button", { name: "Cerrar", exact: true }).click();

    // The host laptop dies. B keeps typing in its pillar, then takes over hosting from its panel.
    await a.core.workspace.live.stop();
    await expect.poll(async () => (await liveState(b.core)).value.status, { timeout: 10_000 }).toBe("offline");
    await typeInto(b.page, cell(b.page, one.id, "action"), "Escrito con el anfitrión caído");
    await b.page.locator("[data-live-status]").click();
    await b.page.locator("[data-take-over]").click();
    const code2 = (await b.page.locator(".modal--live [data-code]").getAttribute("data-code"))!;
    const address2 = (await b.page.locator(".modal--live [data-address]").first().getAttribute("data-address"))!;
    expect(code2).not.toBe(code);
    await screenshot(b.page, "live-takeover-1280x720.png");

    // A comes back and joins the new host with the copy it has: what B typed meanwhile arrives.
    await a.page.locator("[data-live-status]").click();
    await a.page.getByRole("button", { name: "Unirse a un taller…" }).click();
    await join(a.page, address2, code2);
    await a.page.locator('[data-live-status="online"]').waitFor();
    await expect.poll(() => cell(a.page, one.id, "action").textContent(), { timeout: 10_000 }).toContain("Escrito con el anfitrión caído");
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  }, 180_000);

  it("merges a copy taken away from File › Merge a copy…, and the conflicts panel shows and resolves the cell typed on both sides", async () => {
    const a = await laptop("A", "Secretaría", true);
    await openExample(a.page, "costa-rica");
    // The plan has been shared once (a workshop), then a planner took a copy on a plane.
    await a.core.dispatch("live.host", {});
    await a.core.dispatch("live.stop", undefined);
    const copy = path.join(a.core.dir, "copia-del-avion.matriz");
    a.core.workspace.current!.saveCopy(copy);
    const action = firstActions(a.core)[0]!;
    const scheduleBefore = a.core.workspace.current!.db.prepare("SELECT schedule FROM action WHERE id = ?").pluck().get(action.id) as string;
    expect(scheduleBefore).toBeTruthy();
    const away = PlanStore.open(copy, { device: { id: "laptop-plane", name: "Laptop avión" } });
    const editor = new PlanEditor(away, (label) => ({ author: "Planificadora", source: "typed", label }));
    editor.setActionSchedule(action.id, "En el segundo semestre de 2019");
    editor.setActionText(action.id, "Texto revisado en el avión");
    away.close();
    // Meanwhile the same cell changed here.
    await typeInto(a.page, cell(a.page, action.id, "schedule"), "Durante 2018");

    a.core.dialogAnswers.open = copy;
    await a.page.evaluate(() => (window as unknown as { __matrizEmit: (e: unknown) => void }).__matrizEmit({ type: "live-command", command: "mergeCopy" }));
    const dialog = a.page.getByRole("dialog", { name: "Copia fusionada" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("1 conflicto por revisar");
    await expect.poll(() => cell(a.page, action.id, "action").textContent()).toContain("Texto revisado en el avión");
    await screenshot(a.page, "live-merged-1280x720.png");
    await dialog.getByRole("button", { name: "Revisar los conflictos" }).click();
    await a.page.locator(".modal--finance-conflicts").waitFor();
    const conflict = a.page.locator("[data-live-conflict]");
    await conflict.waitFor();
    // The value before both is the one the plan had (from its change log), so "go back" restores it rather than emptying the cell.
    expect(await conflict.locator(".finance-side--base .finance-side-value").textContent()).toBe(scheduleBefore);
    const text = (await conflict.textContent()) ?? "";
    expect(text).toContain("Durante 2018");
    expect(text).toContain("En el segundo semestre de 2019");
    expect(text).toContain("Laptop avión");
    await screenshot(a.page, "live-conflicts-1280x720.png");
    // Which value the plan kept is the engine's deterministic pick; the other laptop's is the other one.
    const other = (await conflict.locator(".finance-side--returned .finance-side-value").textContent())!;
    expect(["Durante 2018", "En el segundo semestre de 2019"]).toContain(other);
    await conflict.getByRole("button", { name: "Tomar lo de la otra laptop" }).click();
    await expect.poll(() => a.page.locator("[data-live-conflict]").count()).toBe(0);
    await expect.poll(() => a.core.workspace.current!.db.prepare("SELECT schedule FROM action WHERE id = ?").pluck().get(action.id)).toBe(other);
    expect(a.problems).toEqual([]);
  }, 120_000);

  it("a host's invitation link opened on another laptop fills the Join dialog; nothing joins until the person confirms", async () => {
    const a = await laptop("A", "Facilitadora", true);
    const b = await laptop("B", "Relatora", false);
    await openExample(a.page, "costa-rica");
    const { code, address } = await host(a.page);
    // The panel shows the invitation link the QR code carries.
    const link = (await a.page.locator("[data-invitation-link]").inputValue())!;
    expect(link).toMatch(/^matriz:\/\/join\?host=127\.0\.0\.1&port=\d+&code=[0-9A-Z-]+&fp=[0-9a-f]{64}$/);
    await a.page.getByRole("button", { name: "Cerrar", exact: true }).click();

    // A link whose fingerprint shares only the code's start with the host's certificate (a machine posing as the
    // host could present such a one): the code alone would let it through, the link's whole fingerprint does not.
    const fingerprint = new URL(link).searchParams.get("fp")!;
    const lookalike = link.replace(`fp=${fingerprint}`, `fp=${fingerprint.slice(0, -1)}${fingerprint.endsWith("0") ? "1" : "0"}`);
    expect((await b.core.invite(lookalike)).ok).toBe(true);
    const dialog = b.page.getByRole("dialog", { name: "Unirse a un taller" });
    await dialog.locator("[data-live-invitation]").waitFor();
    expect(await dialog.getByLabel("Código de emparejamiento o enlace para unirse").inputValue()).toBe(code);
    await dialog.getByRole("button", { name: "Unirse", exact: true }).click();
    expect(await dialog.locator("[data-live-problem]").textContent()).toContain("no es el anfitrión del código");
    expect((await liveState(b.core)).value.status).toBe("denied");
    expect((await liveState(a.core)).value.peers).toHaveLength(1);

    // The operating system hands the host's own link to Matriz on laptop B (a click in a message, a QR code).
    expect((await b.core.invite(link)).ok).toBe(true);
    await expect.poll(() => dialog.locator("[data-live-problem]").count()).toBe(0);
    expect(await dialog.getByLabel("Dirección del anfitrión").inputValue()).toBe(address);
    expect(await dialog.getByLabel("Código de emparejamiento o enlace para unirse").inputValue()).toBe(code);
    expect(await dialog.locator("[data-live-invitation]").textContent()).toContain(address);
    await screenshot(b.page, "live-join-from-link-1280x720.png");
    // Still only offered: B has not connected (its state is still the refusal), and the host sees nobody.
    await b.page.waitForTimeout(500);
    expect((await liveState(b.core)).value.status).toBe("denied");
    expect((await liveState(a.core)).value.peers).toHaveLength(1);
    await dialog.getByRole("button", { name: "Unirse", exact: true }).click();
    await grid(b.page).waitFor();
    await b.page.locator('[data-live-status="online"]').waitFor();
    await expect.poll(() => a.page.locator("[data-live-status]").textContent()).toContain("1 laptop conectada");

    // A link that is not a host's is refused before anything else happens.
    const refused = await b.core.invite("matriz://join?host=127.0.0.1&port=1&code=x&fp=y");
    expect(refused).toMatchObject({ ok: false, error: { code: "live_not_join_link" } });
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
