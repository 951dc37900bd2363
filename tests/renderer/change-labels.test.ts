import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { changeLabel } from "../../renderer/components/editor/change-labels";
import { translate } from "../../src/i18n";

const inSpanish = (label: string) => changeLabel(label, (key, params) => translate("es", key, params));
const inEnglish = (label: string) => changeLabel(label, (key, params) => translate("en", key, params));

describe("the labels of changes, in the user's language", () => {
  it("says the core's English labels in Spanish, keeping the names they carry", () => {
    expect(inSpanish("action text")).toBe("texto de la acción");
    expect(inSpanish("create plan Guatemala")).toBe("creación del plan de Guatemala");
    expect(inSpanish("new plan from honduras")).toBe("plan nuevo desde honduras");
    expect(inSpanish("example mexico (MIRPS 2017)")).toBe("ejemplo mexico (MIRPS 2017)");
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

  it("shows an unknown label as it is rather than nothing", () => {
    expect(inSpanish("something new")).toBe("something new");
  });
});
