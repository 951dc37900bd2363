/**
 * The errors a user meets while editing are said whole in the user's language:
 * every rule an edit can be refused by and every kind of row that can be missing
 * has its own words in Spanish and English (never the rule's code, an English
 * sentence or an internal table name passed through).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorMessage } from "../../src/i18n";

const SRC = path.join(import.meta.dirname, "..", "..", "src");

function sources(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !full.includes(`${path.sep}i18n${path.sep}`)) files.push(full);
    }
  };
  walk(SRC);
  return files.map((f) => fs.readFileSync(f, "utf8")).join("\n");
}

describe("errors in the user's language", () => {
  const code = sources();

  it("say every rule an edit is refused by, in both languages", () => {
    // The editors' helpers: invalid("rule", …) and bad("rule", …) throw edit_rule; setCustomValue gives rule "value".
    const editors = ["section-edits.ts", "column-edits.ts", "monitoring-edits.ts"].map((f) => fs.readFileSync(path.join(SRC, "storage", f), "utf8")).join("\n");
    const rules = new Set([...editors.matchAll(/\b(?:invalid|bad)\("([a-z_]+)"/g)].map((m) => m[1]!));
    for (const m of code.matchAll(/"edit_rule", \{ rule: "([a-z_]+)"/g)) rules.add(m[1]!);
    for (const rule of ["breakdown_empty", "breakdown_sex", "breakdown_no_age", "breakdown_age"]) rules.add(rule);
    expect(rules.size).toBeGreaterThan(15);
    for (const rule of rules) {
      for (const language of ["es", "en"] as const) {
        const text = errorMessage(language, "edit_rule", { rule, count: 2, number: 3, value: "x", language: "es", start: 2020, end: 2018, es: "a", en: "b", ages: "0-17", problem: "number", choices: "A, B" });
        // The fallback says the code itself: a rule without words of its own would show "No se guardó: rule_name.".
        expect(text, `${language} ${rule}`).not.toBe(`${language === "es" ? "No se guardó" : "Not saved"}: ${rule}.`);
        expect(text, `${language} ${rule}`).not.toMatch(/[a-z]_[a-z]/);
      }
    }
    expect(errorMessage("es", "edit_rule", { rule: "round_in_use", number: 2, count: 1 })).toBe("No se guardó: la consulta 2 ya tiene 1 cambio registrado y queda en el historial del plan.");
    expect(errorMessage("es", "edit_rule", { rule: "round_in_use", number: 2, count: 4 })).toBe("No se guardó: la consulta 2 ya tiene 4 cambios registrados y queda en el historial del plan.");
  });

  it("name every kind of row that may be missing in words, not by its table", () => {
    const entities = new Set([...code.matchAll(/"not_found", \{ entity: "([a-z_ ]+)"/g)].map((m) => m[1]!));
    // Tables named at run time: every table a change can touch, and the monitoring owners.
    for (const table of ["action", "need", "pillar", "budget_line", "stocktaking", "gap", "recommendation", "column_def", "custom_value", "indicator_value"]) entities.add(table);
    expect(entities.size).toBeGreaterThan(10);
    for (const entity of entities) {
      for (const language of ["es", "en"] as const) {
        const text = errorMessage(language, "not_found", { entity, id: "7" });
        expect(text, `${language} ${entity}`).not.toMatch(/el elemento|The item/);
        expect(text, `${language} ${entity}`).not.toMatch(/[a-z]_[a-z]/);
      }
    }
    expect(errorMessage("es", "not_found", { entity: "consultation_round", id: "3" })).toBe("No se encontró la consulta «3»; quizá se borró.");
  });

  it("say a missing exchange rate, a period, a file extension and the printer the command line needs in Spanish too", () => {
    expect(errorMessage("es", "missing_rate", { from: "GTQ", to: "USD" })).toBe("Falta el tipo de cambio de GTQ a USD: escríbalo con su fecha.");
    expect(errorMessage("es", "bad_period", { value: "2018-Q3" })).toBe("«2018-Q3» no es un período de informe: escriba 2018, 2018-H1 o 2018-H2.");
    expect(errorMessage("es", "wrong_extension", { extension: "pdf", path: "/tmp/x.doc" })).toBe("El nombre del archivo debe terminar en .pdf: «/tmp/x.doc».");
    expect(errorMessage("es", "pdf_needs_chromium")).toContain("Chromium o Chrome");
  });
});
