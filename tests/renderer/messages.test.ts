import { describe, expect, it } from "vitest";
import { es } from "../../src/i18n/es";
import { en } from "../../src/i18n/en";
import { translate, type MessageKey } from "../../src/i18n";

const uiKeys = (Object.keys(es) as MessageKey[]).filter((key) => key.startsWith("ui."));
/** Arguments that hold a count: each must be said through a plural (or at least as a number). */
const COUNT_ARGUMENTS = ["count", "rows", "total", "lines", "actions", "needs", "pillars", "added", "changed", "removed", "conflicts"];

describe("what the window says about counts", () => {
  it("has no “(s)”-style plural left in a UI message", () => {
    const found = uiKeys.flatMap((key) => [es[key], en[key]].filter((text) => /\w\((s|es|as|os)\)/.test(text)).map((text) => `${key}: ${text}`));
    expect(found).toEqual([]);
  });

  it("says every count through a plural in both languages", () => {
    const bare: string[] = [];
    for (const key of uiKeys)
      for (const [language, text] of [
        ["es", es[key]],
        ["en", en[key]],
      ] as const)
        for (const name of COUNT_ARGUMENTS) if (new RegExp(`\\{${name}\\}`).test(text)) bare.push(`${language} ${key}: ${text}`);
    // A count in parentheses on a button ("Conflictos (3)") reads the same for one and many.
    expect(bare.filter((line) => !/\(\{count\}\)/.test(line))).toEqual([]);
  });

  it("says one and many, and agrees in gender, the way each language does", () => {
    expect(translate("es", "ui.finance.conflicts.count", { count: 1 })).toBe("1 conflicto abierto");
    expect(translate("es", "ui.finance.conflicts.count", { count: 3 })).toBe("3 conflictos abiertos");
    expect(translate("en", "ui.finance.conflicts.resolved", { count: 1 })).toBe("1 conflict resolved.");
    expect(translate("es", "ui.finance.export.done", { path: "a.xlsx", rows: 1 })).toBe("Se guardó «a.xlsx» con 1 fila.");
    expect(translate("es", "ui.finance.import.reading", { done: 1, total: 1 })).toBe("Leyendo 1 de 1 archivo…");
    expect(translate("es", "ui.regional.missing", { count: 2, currencies: "GTQ, HNL" })).toBe("Faltan los tipos de cambio (y sus fechas) para GTQ, HNL.");
    expect(translate("es", "ui.picker.addNew", { name: "SBS", kind: "institution" })).toBe("Añadir «SBS» como nueva");
    expect(translate("es", "ui.picker.addNew", { name: "SJAS", kind: "commitment" })).toBe("Añadir «SJAS» como nuevo");
  });
});
