import { describe, expect, it } from "vitest";
import { es } from "../../src/i18n/es";
import { en } from "../../src/i18n/en";
import { languageFromLocale, translate } from "../../src/i18n";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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

  it("fill placeholders and follow the system language, Spanish first", () => {
    expect(translate("en", "error.file_not_found", { path: "a.matriz" })).toBe("The file “a.matriz” cannot be found.");
    expect(languageFromLocale("en-GB")).toBe("en");
    expect(languageFromLocale("es-GT")).toBe("es");
    expect(languageFromLocale("fr-FR")).toBe("es");
    expect(languageFromLocale(undefined)).toBe("es");
  });
});
