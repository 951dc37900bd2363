/**
 * Files and the page, end to end: the page names files only by the handles the
 * core gave it. A plan from the recent list opens by its handle; a script in
 * the page that names files itself (paths, made-up handles, the old methods)
 * is refused on every method, and the canary folder is untouched.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, exampleDocumentPath, readDocumentFile } from "../../src/app/plans";
import { RESOURCES_DIR, sha256 } from "../helpers/temp";
import { browserSuite, createCore, screenshot, type Core } from "./harness";

const suite = browserSuite("files");
let core: Core | undefined;

function canaryFolder(dir: string) {
  const canary = path.join(dir, "canary");
  fs.mkdirSync(canary);
  const plan = path.join(canary, "otro.matriz");
  createPlanFromDocument(plan, readDocumentFile(exampleDocumentPath(RESOURCES_DIR, "belize")), { author: "t", source: "example" }).close();
  fs.writeFileSync(path.join(canary, "privado.txt"), "nadie debe leer ni tocar esto");
  const hashes = () => Object.fromEntries(fs.readdirSync(canary).map((f) => [f, sha256(path.join(canary, f))]));
  return { canary, plan, hashes };
}

describe("files named by the page", () => {
  it("opens a recent plan by its handle, and refuses a script naming files itself", async () => {
    const dir = suite.tempDir();
    const { canary, plan, hashes } = canaryFolder(dir);
    const before = hashes();
    core = createCore(dir);
    const mine = path.join(dir, "mi-plan.matriz");
    createPlanFromDocument(mine, readDocumentFile(exampleDocumentPath(RESOURCES_DIR, "costa-rica")), { author: "t", source: "example" }).close();
    core.settings.addRecent(mine);
    const session = await suite.open(core);
    const page = session.page;

    // The welcome screen shows the recent plan's name and path; clicking sends its handle.
    const recent = page.locator(".recent-item");
    await expect.poll(() => recent.locator(".recent-name").textContent()).toBe("mi-plan.matriz");
    expect(await recent.getAttribute("title")).toBe(mine);
    await screenshot(page, "welcome-recent-handle.png");
    await recent.click();
    await page.locator("table.matrix").waitFor();
    expect(core.workspace.current?.path).toBe(mine);

    // Now a script in the page, naming files in the canary folder.
    const answers = await page.evaluate(
      async ({ canary, plan }) => {
        const invoke = (method: string, input: unknown) => (window.matriz!.invoke as (m: string, i: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)(method, input);
        const made = "A".repeat(24);
        const settings = (await invoke("settings.get", undefined)) as unknown as { value: { recent: Array<{ handle: string }> } };
        const recentHandle = settings.value.recent[0]!.handle;
        const rates = { BZD: { rate: 0.5, date: "2018-01-02" } };
        const attempts: Array<[string, unknown]> = [
          ["export.national", { path: `${canary}/x.xlsx`, format: "xlsx" }],
          ["finance.export", { path: `${canary}/x.xlsx`, institution: null }],
          ["plan.create", { path: plan, template: "belize", overwrite: true }],
          ["plan.saveCopy", { path: plan }],
          ["plan.open", { path: plan }],
          ["plan.open", { handle: plan }],
          ["plan.open", { handle: made }],
          ["finance.preview", { files: [{ handle: made }] }],
          ["finance.preview", { files: [{ handle: recentHandle }] }],
          ["finance.apply", { files: [{ path: `${canary}/privado.txt` }] }],
          ["finance.dropped", { paths: [`${canary}/privado.txt`] }],
          ["regional.consolidate", { sources: [recentHandle], currency: "USD", rates }],
          ["regional.consolidate", { files: [plan], currency: "USD", rates }],
          ["file.showInFolder", { path: plan }],
          ["file.showInFolder", { handle: recentHandle }],
        ];
        const out: Array<[string, boolean, string | undefined]> = [];
        for (const [method, input] of attempts) {
          const answer = await invoke(method, input);
          out.push([method, answer.ok, answer.error?.code]);
        }
        return out;
      },
      { canary, plan },
    );
    expect(answers.filter(([, ok]) => ok)).toEqual([]);
    expect(new Set(answers.map(([, , code]) => code))).toEqual(new Set(["unknown_method", "invalid_input", "file_not_granted"]));
    expect(hashes()).toEqual(before);
    expect(core.workspace.current?.path).toBe(mine);
    expect(core.shownInFolder).toEqual([]);
    expect(session.problems).toEqual([]);
  });
});
