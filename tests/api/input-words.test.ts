/**
 * A call refused at the boundary says what the person was doing and where in
 * words of the catalogue, in Spanish and English: never a method's internal name
 * ("edit.column") nor a field's path ("options[0]").
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contract } from "../../src/api/contract";
import { createDispatcher } from "../../src/api/dispatch";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import { en } from "../../src/i18n/en";
import { es } from "../../src/i18n/es";
import { RESOURCES_DIR, tempDir } from "../helpers/temp";

/** Every field name any contract method's input can hold, however deep (objects, unions, lists, records, optional parts). */
function inputFields(): Map<string, string> {
  const fields = new Map<string, string>();
  const seen = new Set<unknown>();
  const walk = (schema: any, method: string): void => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    const def = schema._zod?.def;
    if (!def) return;
    switch (def.type) {
      case "object":
        for (const [name, field] of Object.entries(def.shape)) {
          if (!fields.has(name)) fields.set(name, method);
          walk(field, method);
        }
        return;
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "nonoptional":
      case "catch":
        return walk(def.innerType, method);
      case "array":
        return walk(def.element, method);
      case "union":
        for (const option of def.options) walk(option, method);
        return;
      case "intersection":
        walk(def.left, method);
        return walk(def.right, method);
      case "record":
        return walk(def.valueType, method);
      case "pipe":
        walk(def.in, method);
        return walk(def.out, method);
      case "tuple":
        for (const item of def.items) walk(item, method);
        return;
      case "lazy":
        return walk(def.getter(), method);
      default:
        return;
    }
  };
  for (const [method, spec] of Object.entries(contract)) walk((spec as { input: unknown }).input, method);
  return fields;
}

describe("the words for a refused call", () => {
  it("has every contract method in words, in Spanish and English", () => {
    const missing = Object.keys(contract).filter((method) => !(`input.method.${method}` in es) || !(`input.method.${method}` in en));
    expect(missing).toEqual([]);
    // And no words for a method the contract no longer has (but the live workshop's updates, which arrive from the network).
    const stale = Object.keys(es)
      .filter((key) => key.startsWith("input.method."))
      .map((key) => key.slice("input.method.".length))
      .filter((method) => !(method in contract) && method !== "unknown" && method !== "sync");
    expect(stale).toEqual([]);
  });

  it("has every field of every input in words", () => {
    const fields = inputFields();
    expect(fields.size).toBeGreaterThan(50);
    const missing = [...fields].filter(([name]) => !(`input.field.${name}` in es)).map(([name, method]) => `${name} (${method})`);
    expect(missing).toEqual([]);
  });

  it("says what was being done and where, never the method's name or the field's path", async () => {
    const dir = tempDir();
    const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Tester");
    const workspace = new Workspace({ resourcesDir: RESOURCES_DIR, examplesDir: dir, settings, version: "test" });
    const dispatch = createDispatcher(workspace.handlers, () => settings.language);
    const refused = async (method: string, input: unknown) => {
      const result = await dispatch(method, input);
      if (result.ok) throw new Error(`${method} accepted ${JSON.stringify(input)}`);
      expect(result.error.code).toBe("invalid_input");
      expect(result.error.message).not.toContain(method);
      expect(result.error.message).not.toMatch(/\w\[\d+\]|\w\.\w+:|heading_es|options/);
      return result.error.message;
    };
    await dispatch("plan.openExample", { example: "guatemala" });
    const column = { op: "add", heading_es: "Prioridad", heading_en: "Priority", kind: "list", options: ["Alta", ""] };
    expect(await refused("edit.column", column)).toBe("No se pudo guardar la columna del plan: opciones de la lista › n.º 2: no puede estar vacío.");
    expect(await refused("edit.budgetLine", { actionId: "a", line: { institution: "DGM/IGM", year: 2018, amount: 5, currency: "quetzales" } })).toBe(
      "No se pudo guardar la línea de presupuesto: línea de presupuesto › moneda: debe ser un código ISO 4217 de tres letras, como USD o GTQ.",
    );
    settings.update({ language: "en" });
    expect(await refused("edit.column", column)).toBe("Could not save the plan's column: list choices › no. 2: must not be empty.");
    // A key the person gave (a currency in the rates) is said as given.
    const rates = { sources: ["A".repeat(24)], currency: "USD", rates: { GTQ: { rate: 0.13, date: "2 de enero" } } };
    expect(await refused("regional.consolidate", rates)).toBe("Could not consolidate the national plans: exchange rates › GTQ › date: must be a date written YYYY-MM-DD.");
    await workspace.dispose();
  });

  it("says a rule the core checks with the same words", async () => {
    const dir = tempDir();
    const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Tester");
    const workspace = new Workspace({ resourcesDir: RESOURCES_DIR, examplesDir: dir, settings, version: "test" });
    const dispatch = createDispatcher(workspace.handlers, () => settings.language);
    await dispatch("plan.openExample", { example: "guatemala" });
    const doc = (await dispatch("plan.document", undefined)) as any;
    const action = doc.value.pillars[0].needs[0].actions[0];
    const twice = await dispatch("edit.institutions", { actionId: action.id, institutions: [{ label: "SBS" }, { label: "SBS" }] });
    expect(twice).toMatchObject({ ok: false, error: { code: "invalid_input", message: "No se pudo guardar las instituciones de la acción: una institución aparece dos veces." } });
    await workspace.dispose();
  });
});
