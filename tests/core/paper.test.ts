import { describe, expect, it } from "vitest";
import { defaultPaper } from "../../src/domain/paper";

describe("the default paper", () => {
  it("is Letter in the MIRPS countries and the rest of Letter America, A4 elsewhere", () => {
    for (const locale of ["es-GT", "es-HN", "es-MX", "es-CR", "es-PA", "en-BZ", "en-US", "es_SV", "es_GT.UTF-8"]) expect(defaultPaper(locale)).toBe("Letter");
    for (const locale of ["es-ES", "en-GB", "fr-FR", "es-419", "es", "C.UTF-8", "", undefined]) expect(defaultPaper(locale)).toBe("A4");
  });
});
