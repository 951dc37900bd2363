/**
 * A call refused at the boundary says what the person was doing and where in
 * words of the catalogue, in Spanish and English: never a method's internal name
 * ("edit.column") nor a field's path ("options[0]").
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contract } from "../../src/api/contract";
import { createDispatcher } from "../../src/api/dispatch";
import { optionWords } from "../../src/domain/option-words";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import { en } from "../../src/i18n/en";
import { es } from "../../src/i18n/es";
import { RESOURCES_DIR, tempDir } from "../helpers/temp";

/**
 * Walks every contract method's input, however deep (objects, unions, lists, records,
 * optional parts), telling `visit` each schema met with the field it sits under.
 */
function walkInputs(visit: (def: any, field: string, method: string) => void): void {
  const seen = new Set<unknown>();
  const walk = (schema: any, field: string, method: string): void => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    const def = schema._zod?.def;
    if (!def) return;
    visit(def, field, method);
    switch (def.type) {
      case "object":
        for (const [name, inner] of Object.entries(def.shape)) walk(inner, name, method);
        return;
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "nonoptional":
      case "catch":
        return walk(def.innerType, field, method);
      case "array":
        return walk(def.element, field, method);
      case "union":
        for (const option of def.options) walk(option, field, method);
        return;
      case "intersection":
        walk(def.left, field, method);
        return walk(def.right, field, method);
      case "record":
        return walk(def.valueType, field, method);
      case "pipe":
        walk(def.in, field, method);
        return walk(def.out, field, method);
      case "tuple":
        for (const item of def.items) walk(item, field, method);
        return;
      case "lazy":
        return walk(def.getter(), field, method);
      default:
        return;
    }
  };
  for (const [method, spec] of Object.entries(contract)) walk((spec as { input: unknown }).input, "", method);
}

/** Every field name any contract method's input can hold, and the first method that has it. */
function inputFields(): Map<string, string> {
  const fields = new Map<string, string>();
  walkInputs((def, _field, method) => {
    if (def.type === "object") for (const name of Object.keys(def.shape)) if (!fields.has(name)) fields.set(name, method);
  });
  return fields;
}

/** Every list of allowed values (z.enum) in the contract's inputs, with the field it is for. */
function inputEnums(): Array<{ field: string; method: string; values: string[] }> {
  const enums: Array<{ field: string; method: string; values: string[] }> = [];
  walkInputs((def, field, method) => {
    if (def.type === "enum") enums.push({ field, method, values: Object.values(def.entries as Record<string, string | number>).map(String) });
  });
  return enums;
}

/**
 * Fields whose values the page sends by itself, never shown nor chosen as a value by
 * name: which way a row moves (a button), which edit of a list (add, move…), which
 * kind of row a cursor or a history is for. A refusal of one says its code, quoted.
 */
const PLUMBING = new Set(["direction", "op", "entity"]);

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

  it("has every allowed value of every input in the words the screens use, different from each other, in Spanish and English", () => {
    const enums = inputEnums().filter((e) => !PLUMBING.has(e.field));
    expect(enums.length).toBeGreaterThan(15);
    const missing: string[] = [];
    for (const { field, method, values } of enums) {
      for (const lang of ["es", "en"] as const) {
        const said = values.map((value) => optionWords(lang, field, value, values));
        values.forEach((value, i) => said[i] === null && missing.push(`${lang} ${method} ${field}=${value}`));
        expect(new Set(said).size, `${lang} ${method} ${field}: ${said.join(" | ")}`).toBe(values.length);
      }
    }
    expect(missing).toEqual([]);
  });

  it("says a value outside its list by the list's words; one with no words by its code, quoted", async () => {
    const dir = tempDir();
    const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Tester");
    const workspace = new Workspace({ resourcesDir: RESOURCES_DIR, examplesDir: dir, settings, version: "test" });
    const dispatch = createDispatcher(workspace.handlers, () => settings.language);
    const refused = async (method: string, input: unknown) => {
      const result = await dispatch(method, input);
      if (result.ok) throw new Error(`${method} accepted ${JSON.stringify(input)}`);
      return result.error.message;
    };
    await dispatch("plan.openExample", { example: "guatemala" });
    const action = ((await dispatch("plan.document", undefined)) as any).value.pillars[0].needs[0].actions[0];
    const column = { op: "add", heading_es: "Prioridad", heading_en: "Priority", kind: "colour" };
    expect(await refused("edit.column", column)).toBe("No se pudo guardar la columna del plan: tipo: debe ser uno de: «Texto», «Número», «Fecha» o «Lista».");
    expect(await refused("settings.update", { language: "fr" })).toContain("idioma: debe ser uno de: «Sistema», «Español» o «English».");
    const line = { institution: "DGM/IGM", year: 2018, amount: 5, currency: "GTQ", funding_source: "loan" };
    const source = await refused("edit.budgetLine", { actionId: action.id, line });
    expect(source).toContain("«Presupuesto nacional», «Cooperación internacional», «Por movilizar» o «Otra»");
    expect(source).not.toContain("national_budget");
    settings.update({ language: "en" });
    expect(await refused("edit.column", column)).toBe("Could not save the plan's column: kind: must be one of: “Text”, “Number”, “Date”, or “List”.");
    expect(await refused("edit.cell", { kind: "action", id: action.id, field: "status", value: "finished" })).toContain("“Not started”, “In progress”, “Done”, “Delayed”, or “Cancelled”");
    // Plumbing the page sends by itself has no words: its codes, quoted.
    expect(await refused("edit.move", { kind: "action", id: action.id, direction: "sideways" })).toContain("“up” or “down”");
    await workspace.dispose();
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
