import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { changeLabel } from "../../renderer/components/editor/change-labels";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import { translate } from "../../src/i18n";
import { RESOURCES_DIR, tempDir } from "../helpers/temp";

const inSpanish = (label: string) => changeLabel(label, (key, params) => translate("es", key, params));
const inEnglish = (label: string) => changeLabel(label, (key, params) => translate("en", key, params));

describe("the labels of changes, in the user's language", () => {
  it("says the core's English labels in Spanish, keeping the names they carry", () => {
    expect(inSpanish("action text")).toBe("texto de la acción");
    expect(inSpanish("create plan Guatemala")).toBe("creación del plan de Guatemala");
    // Labels in files written before label codes: the template or example id becomes its country.
    expect(inSpanish("new plan from honduras")).toBe("plan nuevo desde la plantilla de Honduras");
    expect(inSpanish("new plan from honduras.json")).toBe("plan nuevo desde el archivo «honduras.json»");
    expect(inSpanish("example mexico (MIRPS 2017)")).toBe("ejemplo MIRPS 2017 de México");
    expect(inEnglish("example costa-rica (MIRPS 2017)")).toBe("MIRPS 2017 example of Costa Rica");
    expect(inEnglish("new plan from crrf-blank")).toBe("new plan from the blank (CRRF pillars) template");
    expect(inSpanish("import MINEX - finanzas.xlsx")).toBe("importación de «MINEX - finanzas.xlsx»");
    expect(inSpanish("resolve conflict 0b1c (returned)")).toBe("resolución de un conflicto");
    expect(inEnglish("create plan Guatemala")).toBe("creating the plan of Guatemala");
  });

  it("has words for every label the core's editor gives a change", () => {
    // The labels src/storage/edits.ts writes (its change() calls), each said in both languages.
    const source = fs.readFileSync(path.join(__dirname, "../../src/storage/edits.ts"), "utf8");
    const fields = { plan: ["title", "period_start", "period_end", "base_currency"], need: ["title", "description", "theme"], kind: ["need", "action"] };
    const labels = [...source.matchAll(/this\.change\("([^"]+)"/g)].map((m) => m[1]!);
    labels.push(...fields.plan.map((f) => `plan ${f}`), ...fields.need.map((f) => `need ${f}`), ...fields.kind.flatMap((k) => [`move ${k}`, `delete ${k}`]));
    expect(labels.length).toBeGreaterThan(15);
    for (const label of labels) {
      // Said through a message key (so in both languages), never passed through as it came.
      expect(changeLabel(label, (key) => `<${key}>`), label).toMatch(/^<ui\.(change|round)\./);
      expect(inSpanish(label), label).not.toBe(label);
    }
  });

  it("has words for the changes made outside the matrix: plan settings, lists, rounds, columns", () => {
    const lists = ["stocktaking", "gap", "recommendation"].flatMap((t) => ["insert", "update", "move", "delete"].map((op) => `${op} ${t}`));
    const labels = ["plan title", "plan period", "plan base_currency", "plan settings", ...lists, "update consultation round", "delete consultation round"];
    labels.push("add column", "update column", "move column", "remove column");
    // Each is a label the core really writes.
    const core = ["section-edits.ts", "column-edits.ts"].map((f) => fs.readFileSync(path.join(__dirname, "../../src/storage", f), "utf8")).join("\n");
    for (const label of labels) {
      const written = core.includes(`"${label}"`) || /^(insert|update|move|delete) /.test(label) || /^plan /.test(label);
      expect(written, label).toBe(true);
      expect(changeLabel(label, (key) => `<${key}>`), label).toMatch(/^<ui\.change\./);
      expect(inSpanish(label), label).not.toBe(inEnglish(label));
    }
  });

  it("has words for every label the monitoring editor gives a change", () => {
    const source = fs.readFileSync(path.join(__dirname, "../../src/storage/monitoring-edits.ts"), "utf8");
    const labels = [...source.matchAll(/this\.change\("([^"]+)"/g)].map((m) => m[1]!);
    labels.push("indicator target", "indicator value");
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) {
      expect(changeLabel(label, (key) => `<${key}>`), label).toMatch(/^<ui\.change\./);
      expect(inEnglish(label), label).not.toBe("");
    }
    expect(inSpanish("indicator value")).toBe("valor alcanzado");
  });

  it("says the labels the core writes for new plans and examples without their internal ids", () => {
    const dir = tempDir();
    const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Tester");
    const workspace = new Workspace({ resourcesDir: RESOURCES_DIR, examplesDir: dir, settings, version: "test" });
    workspace.openExample("mexico");
    const exampleLabel = workspace.current!.db.prepare("SELECT label FROM change_set ORDER BY id LIMIT 1").pluck().get() as string;
    workspace.createPlan({ path: path.join(dir, "nuevo.matriz"), template: "costa-rica" });
    const templateLabel = workspace.current!.db.prepare("SELECT label FROM change_set ORDER BY id LIMIT 1").pluck().get() as string;
    workspace.dispose();
    expect(inSpanish(exampleLabel)).toBe("ejemplo MIRPS 2017 de México");
    expect(inEnglish(exampleLabel)).toBe("MIRPS 2017 example of Mexico");
    expect(inSpanish(templateLabel)).toBe("plan nuevo desde la plantilla de Costa Rica");
    expect(inEnglish(templateLabel)).toBe("new plan from the Costa Rica template");
    for (const label of [exampleLabel, templateLabel]) {
      expect(inSpanish(label)).not.toMatch(/mexico|costa-rica|plan\.from|\{/);
    }
  });

  it("shows an unknown label as it is rather than nothing", () => {
    expect(inSpanish("something new")).toBe("something new");
  });
});
