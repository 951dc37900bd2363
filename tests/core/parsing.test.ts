import { describe, expect, it } from "vitest";
import { formatClipboardTable, parseClipboardTable, splitList } from "../../src/domain/clipboard";
import { formatAmount, numberStyle, parseAmount } from "../../src/domain/numbers";

describe("clipboard blocks", () => {
  it("reads what Excel puts on the clipboard: tabs, CRLF, a trailing line break", () => {
    expect(parseClipboardTable("a\tb\tc\r\nd\te\tf\r\n")).toEqual([
      ["a", "b", "c"],
      ["d", "e", "f"],
    ]);
  });

  it("keeps empty cells and LF-only line ends (LibreOffice on Linux)", () => {
    expect(parseClipboardTable("a\t\tc\n\tx\t\n")).toEqual([
      ["a", "", "c"],
      ["", "x", ""],
    ]);
  });

  it("reads quoted cells with line breaks, tabs and doubled quotes", () => {
    const text = 'Capacitar a\t"línea 1\nlínea 2"\t"dice ""hola""\tahí"\r\nz\ty\tx';
    expect(parseClipboardTable(text)).toEqual([
      ["Capacitar a", "línea 1\nlínea 2", 'dice "hola"\tahí'],
      ["z", "y", "x"],
    ]);
  });

  it("a quote inside a cell that does not start with one is just text", () => {
    expect(parseClipboardTable('5" screen\tok')).toEqual([['5" screen', "ok"]]);
  });

  it("gives back a 5×3 block it wrote, exactly", () => {
    const block = Array.from({ length: 5 }, (_, r) => [`acción ${r}`, r % 2 ? "DGM/IGM, MINEX" : 'con "comillas"\ny salto', `${2018 + (r % 3)}`]);
    expect(parseClipboardTable(formatClipboardTable(block))).toEqual(block);
  });

  it("reads nothing from an empty clipboard", () => {
    expect(parseClipboardTable("")).toEqual([]);
  });
});

describe("lists of institutions and commitments", () => {
  it("splits on commas and semicolons outside parentheses", () => {
    expect(splitList("MINGOB (ONPAR, SNM); ACNUR, OIM")).toEqual(["MINGOB (ONPAR, SNM)", "ACNUR", "OIM"]);
    expect(splitList(" DGM/IGM ,, ")).toEqual(["DGM/IGM"]);
  });
});

describe("amounts in either locale", () => {
  const value = (text: string, locale: "es" | "en") => {
    const parsed = parseAmount(text, locale);
    return parsed.ok ? parsed.value : parsed.reason;
  };

  it.each(["es", "en"] as const)("reads both writings unambiguously in %s", (locale) => {
    expect(value("1.250.000,50", locale)).toBe(1250000.5);
    expect(value("1,250,000.50", locale)).toBe(1250000.5);
    expect(value("75000", locale)).toBe(75000);
    expect(value("1.25", locale)).toBe(1.25);
    expect(value("-1.234,5", locale)).toBe(-1234.5);
    expect(value("(500)", locale)).toBe(-500);
  });

  it("uses the locale only where the text cannot tell", () => {
    expect(value("1.250", "es")).toBe(1250);
    expect(value("1.250", "en")).toBe(1.25);
    expect(value("1,250", "es")).toBe(1.25);
    expect(value("1,250", "en")).toBe(1250);
  });

  it("reads currency prefixes and suffixes", () => {
    expect(parseAmount("Q 1,250,000.00", "es")).toEqual({ ok: true, value: 1250000, currency: "GTQ" });
    expect(parseAmount("USD 75 000", "es")).toEqual({ ok: true, value: 75000, currency: "USD" });
    expect(parseAmount("75 000 USD", "en")).toEqual({ ok: true, value: 75000, currency: "USD" });
    expect(parseAmount("₡ 2.000", "es")).toEqual({ ok: true, value: 2000, currency: "CRC" });
    expect(parseAmount("75000USD", "en")).toEqual({ ok: true, value: 75000, currency: "USD" });
  });

  it("reads a returned cell of a million spaces between digits at once (the currency suffix was looked for from every space: minutes)", () => {
    const spaces = " ".repeat(1_000_000);
    expect(parseAmount(`1${spaces}250`, "en")).toEqual({ ok: true, value: 1250, currency: null });
    expect(parseAmount(`1${spaces}250${spaces}USD`, "en")).toEqual({ ok: true, value: 1250, currency: "USD" });
    expect(parseAmount(`1${spaces}x`, "en").ok).toBe(false);
  });

  it("refuses what is not an amount, saying why", () => {
    for (const text of ["abc", "1..2", "12,34,567", "US$ 3.5 million", "", "EUR 5 USD", "1,2,3.4,5"]) {
      expect(parseAmount(text, "es").ok, text).toBe(false);
    }
  });

  it("shows money in the user's locale", () => {
    expect(formatAmount(1250000.5, "es")).toBe("1.250.000,50");
    expect(formatAmount(1250000.5, "es-ES")).toBe("1.250.000,50");
    expect(formatAmount(1250000.5, "en")).toBe("1,250,000.50");
    expect(formatAmount(1250000.5, "es-GT")).toBe("1,250,000.50");
    expect(formatAmount(1250, "es")).toBe("1.250,00");
  });

  it("knows which decimal mark a locale uses", () => {
    expect(numberStyle("es-ES")).toBe("es");
    expect(numberStyle("es-CR")).toBe("es");
    expect(numberStyle("es-GT")).toBe("en");
    expect(numberStyle("en-US")).toBe("en");
  });

  it("round-trips what it shows", () => {
    for (const n of [0, 0.5, 12.34, 1250, 987654321.09, -42.1]) {
      for (const locale of ["es", "en"] as const) expect(value(formatAmount(n, locale), locale)).toBeCloseTo(n, 2);
    }
  });
});
