/** Steps the end-to-end tests share: the plan as the core holds it, waiting until the page says saved, pasting a block. */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { PlanDocument } from "../../src/domain/document";
import type { Core } from "../e2e/harness";

/** The plan as the core has it now, read through the same contract method the page uses. */
export async function planDocumentOf(core: Core): Promise<PlanDocument> {
  const result = await core.dispatch("plan.document", undefined);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as PlanDocument;
}

/** Waits until the save indicator says the last edit is on disk. */
export const saved = (page: Page) => expect.poll(() => page.locator(".save-state").getAttribute("data-state")).toBe("saved");

/** A block as a spreadsheet puts it on the clipboard, pasted where the keyboard is. */
export async function pasteTsv(page: Page, text: string) {
  await page.evaluate((tsv) => {
    const data = new DataTransfer();
    data.setData("text/plain", tsv);
    document.activeElement?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
