/**
 * PDF of the national chapter from the command line (and the browser tests),
 * printed by a Chromium or Chrome already on the machine. The app prints with
 * Electron's printToPDF instead and never loads this module: it would bring
 * playwright-core, a development tool, into the packaged app (`npm run layers`
 * checks that nothing the app is built from reaches it).
 */
import fs from "node:fs";
import { MatrizError } from "../domain/errors";
import type { PlanDocument } from "../domain/document";
import { chapterPrintMargins, nationalChapterHtml, type ChapterOptions } from "./chapter";

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
  "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.MATRIZ_CHROMIUM ? [env.MATRIZ_CHROMIUM] : CANDIDATES;
  const found = chosen.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new MatrizError("pdf_needs_chromium");
  }
  return found;
}

export async function writeChapterPdf(doc: PlanDocument, options: ChapterOptions & { paper?: "A4" | "Letter" }, outFile: string): Promise<void> {
  await printWithChromium(nationalChapterHtml(doc, options), chapterPrintMargins(doc, options), { paper: options.paper ?? "A4" }, outFile);
}

/** The PdfPrinter port served by a system Chromium (see src/app/exports.ts). */
export const chromiumPrinter = { print: printWithChromium };

async function printWithChromium(html: string, margins: ReturnType<typeof chapterPrintMargins>, options: { paper: "A4" | "Letter" }, outFile: string): Promise<void> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    await page.pdf({
      path: outFile,
      landscape: true,
      format: options.paper,
      printBackground: true,
      displayHeaderFooter: true,
      margin: { top: "18mm", bottom: "16mm", left: "12mm", right: "12mm" },
      ...margins,
    });
  } finally {
    await browser.close();
  }
}
