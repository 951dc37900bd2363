import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { PlanStore } from "../../src/storage/plan-store";
import { REPO_ROOT, fixturePath, tempDir } from "../helpers/temp";

describe("a crash", () => {
  it("loses no edit that was reported saved (the process is killed with SIGKILL mid-work)", async () => {
    const file = path.join(tempDir(), "crash.matriz");
    createPlanFromDocument(file, readDocumentFile(fixturePath("mexico")), { author: "t", source: "cli" }, { language: "en" }).close();

    // Node itself with tsx as a loader, so the process killed is the one writing (the tsx CLI would fork a child).
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "tests", "fixtures-scripts", "edit-forever.ts"), file], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let lastSaved = 0;
    let buffer = "";
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop()!;
        for (const line of lines) lastSaved = Number(line.split(" ")[1]);
        if (lastSaved >= 300) child.kill("SIGKILL");
      });
      child.on("exit", () => {
        child.stdout.destroy();
        resolve();
      });
    });
    expect(lastSaved).toBeGreaterThanOrEqual(300);

    const store = PlanStore.open(file);
    const texts = (store.db.prepare("SELECT text FROM action ORDER BY position").all() as Array<{ text: string }>).map((r) => r.text);
    const sets = (store.db.prepare("SELECT count(*) AS n FROM change_set WHERE author = 'crash-test'").get() as { n: number }).n;
    store.close();
    // Every edit reported as saved is in the file: each action holds that edit or a later one
    // (the child may have committed a few more between its last report and the kill).
    expect(sets).toBeGreaterThanOrEqual(lastSaved);
    const count = texts.length;
    for (let n = lastSaved - count + 1; n <= lastSaved; n++) {
      const current = texts[n % count]!;
      const m = Number(/^edición (\d+)$/.exec(current)?.[1] ?? -1);
      expect(m, `action ${n % count} holds "${current}", expected edit ${n} or later`).toBeGreaterThanOrEqual(n);
    }
  });
});
