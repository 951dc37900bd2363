/**
 * Tags found in one pass (src/spreadsheet/xml-tags.ts) against the patterns they
 * replace (/<(?:\w+:)?Override\b[^>]*>/g and its kind), which take time in the
 * square of the text's size when a "<Override" or a "<" and a long name has no ">"
 * after it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ANY_TAG, startTags } from "../../src/spreadsheet/xml-tags";

/** A sticky pattern that counts how often it is tried. */
class Counted extends RegExp {
  tries = 0;
  override exec(text: string): RegExpExecArray | null {
    this.tries++;
    return super.exec(text);
  }
}

const HEADS: Array<[string, string]> = [
  ["<(?:\\w+:)?Override\\b", "y"],
  ["<Relationship\\b", "y"],
  ["<(?:\\w+:)?Relationship\\b", "y"],
  ["<(?:\\w+:)?sheet\\b", "y"],
  ["<(?:\\w+:)?sheet\\s", "y"],
];

/** Texts made of the pieces that matter to these patterns. */
const xmlish = fc
  .array(fc.constantFrom("<", ">", "/", "Override", "Overrides", "Relationship", "sheet", "sheets", "x:", "x_1:", ":", " ", "\n", '"', "'", "a", "=", "é", "<?xml ?>"), { maxLength: 40 })
  .map((pieces) => pieces.join(""));

describe("start tags in one pass", () => {
  it("finds exactly what the patterns they replace match", () => {
    fc.assert(
      fc.property(xmlish, fc.constantFrom(...HEADS), (text, [head, flags]) => {
        const expected = [...text.matchAll(new RegExp(`${head}[^>]*>`, "g"))].map((m) => m[0]);
        expect(startTags(text, new RegExp(head, flags))).toEqual(expected);
      }),
      { numRuns: 3000, seed: 20261202 },
    );
    const types = `<Types><Default Extension="xml"/><Override PartName="/a.xml" ContentType="x"/><x:Override PartName="/b.xml"><Overrides/><Override\nPartName="/c.xml"></Types>`;
    expect(startTags(types, /<(?:\w+:)?Override\b/y)).toEqual(['<Override PartName="/a.xml" ContentType="x"/>', '<x:Override PartName="/b.xml">', '<Override\nPartName="/c.xml">']);
  });

  it("stops at the first tag left open, since no tag after it can close: 100,000 unclosed '<Override' cost one try, not 100,000 scans to the end", () => {
    const head = new Counted("<(?:\\w+:)?Override\\b", "y");
    expect(startTags(`<Types><Override PartName="/a.xml"/>${"<Override".repeat(100_000)}`, head)).toEqual(['<Override PartName="/a.xml"/>']);
    expect(head.tries).toBe(3);
    // Tags of other names are each tried once, at their "<".
    const other = new Counted("<(?:\\w+:)?Override\\b", "y");
    expect(startTags("<Default>".repeat(1000), other)).toEqual([]);
    expect(other.tries).toBe(1000);
  });

  it("wants a sticky pattern (anywhere else it would find a later tag than the one at hand)", () => {
    expect(() => startTags("<Override>", /<Override\b/)).toThrow();
  });
});

describe("any tag, its name matched once", () => {
  it("matches exactly what the pattern it replaces matched, groups included", () => {
    const before = /<(\/?)(?:[^\s<>/:"]*:)?([^\s<>:/"]+)([^<>]*)>/g;
    const text = fc.array(fc.constantFrom("<", ">", "/", ":", '"', " ", "\t", "=", "table", "table-row", "-cell", "_x", "a", "\u884c"), { maxLength: 40 }).map((pieces) => pieces.join(""));
    fc.assert(
      fc.property(text, (xml) => {
        const groups = (pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => [m.index, m[0], m[1], m[2], m[3]]);
        expect(groups(ANY_TAG)).toEqual(groups(before));
      }),
      { numRuns: 3000, seed: 20261203 },
    );
  });
});
