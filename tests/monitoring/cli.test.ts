/**
 * Monitoring from the command line, as a secretariat would run it: an
 * institution's monitoring workbook exported, filled in LibreOffice, saved as
 * xlsx and ods and imported with `matriz import`; the annual report and a
 * round's report as workbooks and PDF; bad arguments refused writing nothing.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as XLSX from "xlsx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";
import { PlanStore } from "../../src/storage/plan-store";
import { fillWithLibreOffice } from "../helpers/libreoffice";
import { monitoringJson } from "./fixture";
import { monitoringAddress } from "./addresses";

async function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { LANG: "es_GT.UTF-8", MATRIZ_AUTHOR: "Secretaría" }, cwd });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

// One folder and one LibreOffice batch for the whole file.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matriz-monitoring-cli-"));
let exported = "";

beforeAll(async () => {
  monitoringJson(dir);
  expect((await cli(["new", "plan.matriz", "--from-json", "monitoring.json"], dir)).code).toBe(0);
  const made = await cli(["export", "plan.matriz", "--institution", "IGM", "--monitoring", "--period", "2018", "--out", "IGM-2018.xlsx"], dir);
  expect(made.err).toBe("");
  expect(made.out).toMatch(/IGM-2018\.xlsx\t5 filas\t/);
  exported = path.join(dir, "IGM-2018.xlsx");
  const at = (id: { action?: string; indicator?: string }, key: string) => monitoringAddress(exported, id, key);
  await fillWithLibreOffice([
    {
      in: exported,
      edits: [
        { ...at({ action: "act-train" }, "status"), text: "Cumplida" },
        { ...at({ action: "act-train" }, "note"), text: "Cuatro talleres, 118 delegados." },
        { ...at({ indicator: "ind-delegates" }, "actual:2018"), number: 118 },
        { ...at({ indicator: "ind-delegates" }, "source"), text: "Listas firmadas" },
        { ...at({ action: "act-offices" }, "status"), text: "En curso" },
      ],
      out: [
        { path: path.join(dir, "filled.xlsx"), format: "xlsx" },
        { path: path.join(dir, "filled.ods"), format: "ods" },
      ],
    },
  ]);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function copyPlan(name: string): string {
  fs.copyFileSync(path.join(dir, "plan.matriz"), path.join(dir, name));
  return name;
}

describe("the monitoring workbook on the command line, filled in LibreOffice", () => {
  for (const format of ["xlsx", "ods"]) {
    it(`imports what LibreOffice typed and saved as .${format}, then says it was already imported`, async () => {
      const plan = copyPlan(`plan-${format}.matriz`);
      const dry = await cli(["import", plan, `filled.${format}`, "--dry-run", "--json"], dir);
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.out)[0]).toMatchObject({ counts: { changed: 5, conflicts: 0 } });
      const applied = await cli(["import", plan, `filled.${format}`], dir);
      expect(applied.err).toBe("");
      expect(applied.code).toBe(0);
      const store = PlanStore.open(path.join(dir, plan));
      const actions = store.document().pillars[0]!.needs[0]!.actions;
      expect(actions[0]).toMatchObject({ status: "done" });
      expect(actions[0]!.progress!.at(-1)).toMatchObject({ note: "Cuatro talleres, 118 delegados.", author: "IGM" });
      expect(actions[0]!.indicators![0]!.actuals![0]).toMatchObject({ value: 118, source: "Listas firmadas" });
      expect(actions[2]!.status).toBe("in_progress");
      store.close();
      const again = await cli(["import", plan, `filled.${format}`], dir);
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/already|ya/i);
    });
  }

  it("says a monitoring file's changes in its own words and plurals, not as budget lines", async () => {
    const plan = copyPlan("plan-summary.matriz");
    const dry = await cli(["import", plan, "filled.xlsx", "--dry-run"], dir);
    expect(dry.out.split("\n")[0]).toBe("filled.xlsx: 2 estados cambiados, 1 nota de avance, 2 datos de indicadores; 0 conflictos (vista previa, nada cambió)");
    const english = await cli(["import", plan, "filled.xlsx", "--dry-run", "--lang", "en"], dir);
    expect(english.out.split("\n")[0]).toBe("filled.xlsx: 2 statuses changed, 1 progress note, 2 indicator values; 0 conflicts (preview, nothing changed)");
  });

  it("lists a monitoring conflict with its field and statuses in words, and resolves it", async () => {
    const plan = copyPlan("plan-conflict.matriz");
    // After the export, the secretariat marks the first action delayed; the institution says done.
    const store = PlanStore.open(path.join(dir, plan));
    store.db.prepare("UPDATE action SET status = 'delayed' WHERE id = 'act-train'").run();
    store.close();
    const imported = await cli(["import", plan, "filled.xlsx"], dir);
    expect(imported.code).toBe(3);
    expect(imported.out.split("\n")[0]).toBe("filled.xlsx: 1 estado cambiado, 1 nota de avance, 2 datos de indicadores; 1 conflicto (aplicado)");
    const listed = await cli(["conflicts", plan], dir);
    expect(listed.err).toBe("");
    expect(listed.code).toBe(3);
    const row = listed.out.split("\n")[1]!.split(/\s{2,}/);
    expect(row.slice(2)).toEqual(["IGM", "2018", "estado", "En curso", "Retrasada", "Cumplida"]);
    const resolved = await cli(["resolve", plan, row[0]!, "--take", "returned"], dir);
    expect(resolved.code).toBe(0);
    const all = await cli(["conflicts", plan, "--all"], dir);
    expect(all.out).toContain("resuelto: se tomó el del archivo");
  });

  it("refuses a period that is not one, and --monitoring without an institution, writing nothing", async () => {
    const bad = await cli(["export", "plan.matriz", "--institution", "IGM", "--monitoring", "--period", "2018-Q3", "--out", "x.xlsx"], dir);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/2018-Q3/);
    const noInstitution = await cli(["export", "plan.matriz", "--monitoring", "--period", "2018", "--out", "x.xlsx"], dir);
    expect(noInstitution.err).toMatch(/--institution/);
    expect(fs.existsSync(path.join(dir, "x.xlsx"))).toBe(false);
  });
});

describe("the annual report and the round report on the command line", () => {
  it("writes the annual report as a workbook whose figures are the progress counts", async () => {
    const made = await cli(["export", "plan.matriz", "--annual-report", "--period", "2018", "--out", "annual-2018.xlsx"], dir);
    expect(made.err).toBe("");
    const book = XLSX.read(fs.readFileSync(path.join(dir, "annual-2018.xlsx")), { type: "buffer" });
    expect(book.SheetNames).toEqual(["Resumen", "Estado por pilar", "Estado por institución", "Atrasadas", "Indicadores", "Presupuesto 2018", "Notas de avance", "Cambios"]);
    const rows = (sheet: string) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[sheet]!, { header: 1, defval: null });
    const pillars = rows("Estado por pilar");
    expect(pillars.find((r) => String(r[0]).startsWith("1."))).toEqual(["1. Recepción y admisión", 0, 1, 1, 1, 0, 3, 33.3]);
    expect(rows("Atrasadas").slice(3).map((r) => r[0])).toEqual(["1.1.1", "2.1.1"]);
    const indicators = rows("Indicadores");
    expect(indicators.find((r) => r[0] === "1.1")?.slice(4, 9)).toEqual([2017, 40, 200, 150, 75]);
    // 2018's budget in GTQ: 100,000 funded (national budget) and 50,000 to be mobilised.
    expect(rows("Presupuesto 2018").find((r) => r[0] === "GTQ" && r[1] === "Todos los pilares")).toEqual(["GTQ", "Todos los pilares", 150000, 100000, 50000, 0]);
  });

  it("prints the annual report to PDF with its charts", async () => {
    const made = await cli(["export", "plan.matriz", "--annual-report", "--period", "2018", "--out", "annual-2018.pdf", "--paper", "A4"], dir);
    expect(made.err).toBe("");
    const pdf = path.join(dir, "annual-2018.pdf");
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    expect(text).toContain("Informe de avance 2018");
    expect(text).toContain("Estado de las acciones por pilar");
    expect(text).toContain("Acciones atrasadas (2)");
    expect(text).toContain("Personas referidas a la CONARE");
  }, 60_000);

  it("writes what changed in a consultation round, by pillar and by whom", async () => {
    const plan = copyPlan("rounds.matriz");
    const store = PlanStore.open(path.join(dir, plan));
    const round = "round-2";
    store.db.prepare("INSERT INTO consultation_round (id, number, date, participants, objectives, progress) VALUES (?, 2, '2018-11-20', 'CONARE, IGM, SBS', 'Validar el avance', NULL)").run(round);
    store.close();
    // Edits recorded in round 2 by two people.
    const { PlanEditor } = await import("../../src/storage/edits");
    const again = PlanStore.open(path.join(dir, plan));
    const meta = (author: string) => (label: string) => ({ author, source: "typed" as const, label, roundId: round });
    new PlanEditor(again, meta("Ana")).setActionStatus("act-school", "in_progress", "2018-11-20");
    const added = new PlanEditor(again, meta("Luis")).insertAction("need-school", { end: true }, "Becas para adolescentes refugiados");
    new PlanEditor(again, meta("Luis")).setActionText(added, "Becas de secundaria para adolescentes refugiados");
    // Done and undone within the round: not a change.
    const editor = new PlanEditor(again, meta("Ana"));
    editor.setActionText("act-later", "Evaluar");
    editor.setActionText("act-later", "Evaluar el programa de becas");
    again.close();

    const made = await cli(["export", plan, "--round-report", "2", "--out", "round-2.xlsx"], dir);
    expect(made.err).toBe("");
    const book = XLSX.read(fs.readFileSync(path.join(dir, "round-2.xlsx")), { type: "buffer" });
    const changes = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Cambios"]!, { header: 1, defval: null }).slice(2);
    expect(changes.map((r) => [r[0], r[3], r[5]])).toEqual([
      ["2.1.1", "acción cambiada", "Ana"],
      ["2.1.4", "acción añadida", "Luis"],
    ]);
    expect(String(changes[0]![4])).toBe("estado: No iniciada → En curso");
    const summary = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Resumen"]!, { header: 1, defval: null });
    expect(summary.find((r) => String(r[0]).startsWith("2."))).toEqual(["2. Necesidades inmediatas y persistentes", 1, 1, 0, 0, 0, 0]);
    expect(summary.filter((r) => r[0] === "Ana" || r[0] === "Luis").map((r) => r.slice(0, 3))).toEqual([
      ["Ana", 0, 1],
      ["Luis", 1, 0],
    ]);
    const pdf = await cli(["export", plan, "--round-report", "2", "--out", "round-2.pdf"], dir);
    expect(pdf.err).toBe("");
    expect(execFileSync("pdftotext", [path.join(dir, "round-2.pdf"), "-"], { encoding: "utf8" })).toContain("Consulta 2: qué cambió");
    const missing = await cli(["export", plan, "--round-report", "9", "--out", "round-9.xlsx"], dir);
    expect(missing.code).not.toBe(0);
    expect(fs.existsSync(path.join(dir, "round-9.xlsx"))).toBe(false);
  }, 60_000);
});
