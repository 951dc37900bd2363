/**
 * The regional view end to end: two national plans added through the shell's
 * dialog, the missing exchange rate asked for and typed (with its date), totals
 * per country and CRRF pillar, a national pillar counted under another CRRF
 * pillar, the workbook exported, and the national files unchanged.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { examplePlanWithBudget } from "../helpers/plans";
import { sha256 } from "../helpers/temp";
import { browserSuite, createCore, screenshot, type Core, type Session } from "./harness";

const suite = browserSuite("regional");
let core: Core | undefined;
let session: Session | undefined;

describe("The regional view", () => {
  it("consolidates two plans with a typed rate and an edited mapping, exports, and leaves the plans as they were", async () => {
    const dir = suite.tempDir();
    const gt = examplePlanWithBudget(dir, "guatemala", "GTQ", 800);
    const pa = examplePlanWithBudget(dir, "panama", "USD", 10);
    const hashes = [sha256(gt.file), sha256(pa.file)];
    const out = path.join(dir, "regional.xlsx");
    core = createCore(dir);
    const dialogs = core.dialogs;
    dialogs.pickRegionalSources = async () => [gt.file, pa.file];
    dialogs.pickExportPath = async () => out;
    session = await suite.open(core);
    const page = session.page;

    await page.getByRole("button", { name: "Consolidación regional…" }).click();
    await page.getByRole("button", { name: "Añadir planes…" }).click();
    await expect.poll(() => page.locator(".regional-waiting").textContent()).toContain("GTQ");
    expect(await page.getByRole("button", { name: "Exportar libro regional…" }).isDisabled()).toBe(true);

    await page.locator("tr[data-currency=GTQ] input").first().fill("0,125");
    await page.locator("tr[data-currency=GTQ] input[type=date]").fill("2018-01-02");
    const total = (selector: string) => page.locator(`${selector} td.amount`).textContent();
    await expect.poll(() => total("tr[data-iso3=GTM]")).toBe(`${(gt.actions * 100).toFixed(2)} USD`.replace(/\B(?=(\d{3})+(?!\d))/g, ","));
    expect(await total("tr[data-iso3=PAN]")).toBe(`${(pa.actions * 10).toFixed(2)} USD`);
    const grand = (gt.actions * 100 + pa.actions * 10).toLocaleString("en-US", { minimumFractionDigits: 2 });
    expect(await total("tr.regional-total")).toBe(`${grand} USD`);

    // Panama's first pillar counted under CRRF pillar 4: its amount moves there; the regional total stays.
    const panamaPillar1 = pa.doc.pillars[0]!.needs.reduce((n, need) => n + need.actions.length, 0) * 10;
    const amount = async (selector: string) => Number((await total(selector))!.replace(/[^\d.]/g, ""));
    const before = await amount("tr[data-crrf='4']");
    await page.getByRole("combobox", { name: "Pilar CRRF para PAN, pilar nacional 1" }).selectOption("4");
    await expect.poll(() => amount("tr[data-crrf='4']")).toBeCloseTo(before + panamaPillar1, 2);
    expect(await total("tr.regional-total")).toBe(`${grand} USD`);
    await screenshot(page, "regional-es.png");

    await page.getByRole("button", { name: "Exportar libro regional…" }).click();
    const notice = page.locator(".notice-bar");
    await expect.poll(() => notice.textContent()).toBe(`Se guardó el libro regional en «${out}».Mostrar en la carpetaCerrar`);
    await notice.getByRole("button", { name: "Mostrar en la carpeta" }).click();
    await expect.poll(() => core!.shownInFolder).toEqual([out]);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    expect([sha256(gt.file), sha256(pa.file)]).toEqual(hashes);
    expect(session.problems).toEqual([]);
  });
});
