import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { es } from "../../src/i18n/es";
import { en } from "../../src/i18n/en";
import type { MatrizError } from "../../src/domain/errors";
import { detailed, errorMessage, languageFromLocale, translate } from "../../src/i18n";
import { unzipChecked } from "../../src/spreadsheet/zip";

/** Argument names from the parsed message: words inside plural or select options are text, not arguments. */
function placeholders(text: string): string[] {
  const names = new Set<string>();
  const walk = (ast: ReturnType<IntlMessageFormat["getAst"]>) => {
    for (const element of ast) {
      if ("value" in element && typeof element.value === "string" && element.type !== 0) names.add(element.value);
      if ("options" in element) for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(text, "en", undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

describe("message catalogues", () => {
  it("have the same keys in Spanish and English, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
    for (const [key, text] of Object.entries(en)) expect(text.trim(), key).not.toBe("");
    for (const [key, text] of Object.entries(es)) expect(text.trim(), key).not.toBe("");
  });

  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(es) as Array<keyof typeof es>) {
      expect(placeholders(en[key]), key).toEqual(placeholders(es[key]));
    }
  });

  it("parse as ICU messages in both languages", () => {
    for (const key of Object.keys(es) as Array<keyof typeof es>) {
      for (const lang of ["es", "en"] as const) expect(() => translate(lang, key, {}), `${lang} ${key}`).not.toThrow();
    }
  });

  it("say plurals and gender the way each language does", () => {
    const [key] = Object.keys(es).filter((k) => es[k as keyof typeof es].includes("plural,")) as Array<keyof typeof es>;
    expect(key, "at least one message uses a plural").toBeDefined();
    expect(translate("es", "ui.welcome.exampleActions", { count: 1 })).toBe("1 acción");
    expect(translate("es", "ui.welcome.exampleActions", { count: 2 })).toBe("2 acciones");
    expect(translate("es", "ui.welcome.exampleActions", { count: 10000 })).toBe("10,000 acciones");
    expect(translate("en", "ui.welcome.exampleActions", { count: 1 })).toBe("1 action");
    expect(translate("en", "ui.welcome.exampleActions", { count: 0 })).toBe("0 actions");
    // The annual report's count of changes agrees with each number.
    const changes = { added: 1, changed: 0, removed: 2, needsAdded: 1, needsChanged: 1, needsRemoved: 0 };
    expect(translate("es", "report.annual.changesCount", changes)).toBe("Acciones: 1 añadida, 0 cambiadas, 2 quitadas. Necesidades: 1 añadida, 1 cambiada, 0 quitadas.");
  });

  it("fill placeholders and follow the system language, Spanish first", () => {
    expect(translate("en", "error.file_not_found", { path: "a.matriz" })).toBe("The file “a.matriz” cannot be found.");
    expect(languageFromLocale("en-GB")).toBe("en");
    expect(languageFromLocale("es-GT")).toBe("es");
    expect(languageFromLocale("fr-FR")).toBe("es");
    expect(languageFromLocale(undefined)).toBe("es");
    // A fact with its own word in each language (a column's heading) is said in the message's language.
    const heading = { column_es: "Prioridad", column_en: "Priority", row: 2, found: "x", problem: "choice", choices: "Alta", example: "1" };
    expect(translate("es", "error.paste_bad_value", heading)).toContain("columna «Prioridad»");
    expect(translate("en", "error.paste_bad_value", heading)).toContain("column “Priority”");
  });

  it("say an error's details in the user's language: a damaged zip, its part, its size, a missing folder", () => {
    const refusal = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return error as MatrizError;
      }
      throw new Error("not refused");
    };
    const truncated = refusal(() => unzipChecked(Buffer.from("PK\u0003\u0004 a cut-off workbook"), "datos.xlsx", { unzippedBytes: 1e6, entries: 10 }));
    expect(errorMessage("es", truncated.code, truncated.params)).toBe(
      "«datos.xlsx» está dañado o incompleto y no se puede leer (falta el directorio del zip: el archivo está cortado). No se cambió nada.",
    );
    expect(errorMessage("en", truncated.code, truncated.params)).toContain("(zip directory missing, the file is truncated)");
    const part = detailed("zip_part", { file: "datos.xlsx", part: "xl/worksheets/sheet2.xml", problem: "checksum" });
    expect(errorMessage("es", "spreadsheet_corrupt", part)).toContain("(la parte xl/worksheets/sheet2.xml no coincide con su suma de control)");
    expect(errorMessage("es", "spreadsheet_too_large", detailed("size_long_cell", { file: "a.csv", count: 32767 }))).toContain("(una celda de más de 32767 caracteres)");
    expect(errorMessage("es", "io_error", detailed("folder_missing", { operation: "create", path: "/x/p.matriz" }))).toBe("No se pudo crear «/x/p.matriz»: la carpeta no existe.");
    expect(errorMessage("es", "io_error", { operation: "write", path: "/x/a.csv", detail: "EACCES" })).toBe("No se pudo escribir «/x/a.csv»: EACCES.");
  });

  it("keep the finance workbook's words and the import report in the catalogue", () => {
    for (const key of ["report.finance.steps", "report.finance.amount", "expected.unambiguous", "cli.import.file", "cli.import.rowError"] as const) {
      expect(es[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
    }
    expect(translate("es", "cli.import.file", { file: "a.xlsx", added: 1, changed: 2, removed: 0, conflicts: 1 })).toBe("a.xlsx: 1 línea añadida, 2 cambiadas, 0 quitadas; 1 conflicto");
  });
});
