/**
 * Hidden temporary files that an interrupted Matriz leaves (a power cut during an
 * export, a crash while creating a plan or saving a copy) are removed when a plan
 * is opened or created in that folder and before an export writes there; files
 * of another pattern, and those of a process still running, are never touched.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { writeFileDurably } from "../../src/storage/plan-file";
import { PlanStore } from "../../src/storage/plan-store";
import { removeStaleTempFiles, tempOwner, tempPathFor } from "../../src/storage/temp-files";
import { financePlan } from "../spreadsheet/fixture";
import { fixturePath, tempDir } from "../helpers/temp";

/** A process id that surely ran and is gone: a child that exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

/** What an interrupted Matriz leaves, and what other programs keep there, side by side. */
function litter(dir: string, dead: number) {
  const ours = [
    `.plan.matriz.${dead}.1764547200000.tmp`,
    `.plan.matriz.${dead}.1764547200000.tmp-journal`,
    `.nacional.xlsx.${dead}.1764547200000.tmp`,
    `.SBS.xlsx.${dead}.tmp`,
    `.capitulo.pdf.${dead}.1764547200000.tmp.pdf`,
    `.datos.csv.${dead}.1764547200000.tmp`,
  ];
  const others = [
    // A live process's export in progress (this test's parent: surely running).
    `.nacional.xlsx.${process.ppid}.1764547200000.tmp`,
    // Not our pattern: no leading dot, another extension, no pid, a word where the pid goes.
    `plan.matriz.${dead}.1764547200000.tmp`,
    `.notas.docx.${dead}.1764547200000.tmp`,
    `.plan.matriz.tmp`,
    `.plan.matriz.abc.tmp`,
    `.~lock.nacional.xlsx#`,
    "informe.xlsx",
    `.plan.matriz.${dead}.1764547200000.tmp.bak`,
  ];
  for (const name of [...ours, ...others]) fs.writeFileSync(path.join(dir, name), "x");
  // A folder with our pattern's name is not a file we wrote.
  fs.mkdirSync(path.join(dir, `.otro.xlsx.${dead}.1764547200000.tmp`));
  return { ours, others: [...others, `.otro.xlsx.${dead}.1764547200000.tmp`] };
}

const listing = (dir: string) => fs.readdirSync(dir).sort();

describe("stale temporary files", () => {
  it("recognises exactly the names Matriz writes under", () => {
    const temp = path.basename(tempPathFor("/x/Plan de Guatemala.matriz"));
    expect(tempOwner(temp)).toBe(process.pid);
    expect(tempOwner(path.basename(tempPathFor("/x/capitulo.pdf", ".pdf")))).toBe(process.pid);
    expect(tempOwner(".a.xlsx.0.tmp")).toBeNull();
    expect(tempOwner("a.xlsx.12.tmp")).toBeNull();
    expect(tempOwner(".a.txt.12.tmp")).toBeNull();
  });

  it("removes only ours, of processes that are gone", () => {
    const dir = tempDir();
    const dead = deadPid();
    const { ours, others } = litter(dir, dead);
    expect(removeStaleTempFiles(dir).sort()).toEqual([...ours].sort());
    expect(listing(dir)).toEqual([...others].sort());
    // This process's own files are in use (a chapter being printed): kept.
    const mine = path.basename(tempPathFor(path.join(dir, "capitulo.pdf"), ".pdf"));
    fs.writeFileSync(path.join(dir, mine), "x");
    expect(removeStaleTempFiles(dir)).toEqual([]);
    expect(removeStaleTempFiles(path.join(dir, "no-such-folder"))).toEqual([]);
  });

  it("sweeps the folder when a plan is opened or created there, before an export writes there, and when a copy is saved", async () => {
    const dead = deadPid();
    const plan = financePlan();
    plan.store.close();
    const opened = tempDir();
    const file = path.join(opened, "plan.matriz");
    fs.copyFileSync(plan.file, file);
    let left = litter(opened, dead);
    PlanStore.open(file).close();
    expect(listing(opened)).toEqual([...left.others, "plan.matriz"].sort());

    const created = tempDir();
    left = litter(created, dead);
    createPlanFromDocument(path.join(created, "nuevo.matriz"), readDocumentFile(fixturePath("panama")), { author: "t", source: "example" }).close();
    expect(listing(created)).toEqual([...left.others, "nuevo.matriz"].sort());

    const exported = tempDir();
    left = litter(exported, dead);
    const store = PlanStore.open(file);
    try {
      await exportFinanceWorkbook(store.db, path.join(exported, "SBS.xlsx"), { institution: "SBS" });
      expect(listing(exported)).toEqual([...left.others, "SBS.xlsx"].sort());
      const national = tempDir();
      left = litter(national, dead);
      writeFileDurably(path.join(national, "datos.csv"), "a,b\n");
      expect(listing(national)).toEqual([...left.others, "datos.csv"].sort());
      const copies = tempDir();
      left = litter(copies, dead);
      store.saveCopy(path.join(copies, "copia.matriz"));
      expect(listing(copies)).toEqual([...left.others, "copia.matriz"].sort());
    } finally {
      store.close();
    }
  });
});
