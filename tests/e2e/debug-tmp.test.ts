import { describe, expect, it } from "vitest";
import { browserSuite, createCore, screenshot } from "./harness";
const suite = browserSuite("dbg");
describe("dbg", () => {
  it("scrolls", async () => {
    const core = createCore(suite.tempDir());
    const session = await suite.open(core);
    const page = session.page;
    await page.locator(`[data-example="guatemala"]`).click();
    await page.locator("table.matrix").waitFor();
    for (let i = 0; i < 12; i++) {
      await page.locator(".matrix-scroll").evaluate((el) => el.scrollBy(0, el.clientHeight / 2));
      await new Promise((r) => setTimeout(r, 300));
      const info = await page.locator(".matrix-scroll").evaluate((el) => [el.scrollTop, el.scrollHeight, el.clientHeight]);
      console.log(i, info, await page.locator(".row-empty").count(), await page.locator(".row-pillar").allTextContents());
    }
    await screenshot(page, "dbg.png");
    console.log(session.problems);
    expect(1).toBe(1);
  });
});
