/** The pure three-way merge, by example and by property (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyOps, mergeLines } from "../../src/spreadsheet/merge";
import { LINE_FIELDS, type LineFields, type LineRecord } from "../../src/spreadsheet/snapshot";

const fields = (over: Partial<LineFields> = {}): LineFields => ({ amount: 100, currency: "GTQ", funding_source: null, pei: null, poa: null, budget_code: null, note: null, ...over });
const line = (over: Partial<LineFields> = {}, year = 2018): LineRecord => ({ actionId: "a", institutionId: "i", year, fields: fields(over) });

describe("three-way merge by example", () => {
  it("applies one-sided changes and keeps both-sided ones as conflicts", () => {
    const base = new Map([["l1", line()], ["l2", line()], ["l3", line()]]);
    const plan = new Map([["l1", line({ pei: "P" })], ["l2", line({ amount: 200 })], ["l3", line()]]);
    const returned = new Map<string, LineRecord | null>([["l1", line({ amount: 300 })], ["l2", line({ amount: 250 })], ["l3", null], ["new:a:i:2019", line({}, 2019)]]);
    const result = mergeLines(base, plan, returned);
    expect(result.ops).toEqual([
      { op: "update", key: "l1", fields: { amount: 300 } },
      { op: "delete", key: "l3" },
      { op: "insert", key: "new:a:i:2019", record: line({}, 2019) },
    ]);
    expect(result.conflicts).toEqual([expect.objectContaining({ key: "l2", field: "amount", kind: "both_changed", base: 100, plan: 200, returned: 250 })]);
  });

  it("reports an edit against a deletion and a line added twice", () => {
    const base = new Map([["l1", line()], ["l2", line()]]);
    const plan = new Map([["l2", line({ note: "x" })], ["new:a:i:2019", line({ amount: 1 }, 2019)]]);
    const returned = new Map<string, LineRecord | null>([["l1", line({ amount: 5 })], ["l2", null], ["new:a:i:2019", line({ amount: 2 }, 2019)]]);
    const { ops, conflicts } = mergeLines(base, plan, returned);
    expect(ops).toEqual([]);
    expect(conflicts.map((c) => [c.key, c.kind, c.field])).toEqual([
      ["l1", "edit_vs_delete", null],
      ["l2", "delete_vs_edit", null],
      ["new:a:i:2019", "added_twice", null],
    ]);
  });
});

// Random sides over a few keys: each key is absent, or a line whose fields come from a small pool, so collisions happen.
const value = <T>(...choices: T[]) => fc.constantFrom(...choices);
const fieldsArb: fc.Arbitrary<LineFields> = fc.record({
  amount: value<number | null>(null, 100, 200, 300),
  currency: value("GTQ", "USD"),
  funding_source: value<string | null>(null, "national_budget", "other"),
  pei: value<string | null>(null, "P1", "P2"),
  poa: value<string | null>(null, "A"),
  budget_code: value<string | null>(null, "C"),
  note: value<string | null>(null, "n"),
});
const KEYS = ["k1", "k2", "k3", "new:a:i:2019"];
const sides = fc
  .tuple(
    fc.array(fc.option(fieldsArb, { nil: undefined }), { minLength: KEYS.length, maxLength: KEYS.length }),
    fc.array(fc.oneof(fc.constant("same" as const), fc.constant("absent" as const), fieldsArb), { minLength: KEYS.length, maxLength: KEYS.length }),
    fc.array(fc.oneof(fc.constant("silent" as const), fc.constant("same" as const), fc.constant(null), fieldsArb), { minLength: KEYS.length, maxLength: KEYS.length }),
  )
  .map(([b, p, r]) => {
    const base = new Map<string, LineRecord>();
    const plan = new Map<string, LineRecord>();
    const returned = new Map<string, LineRecord | null>();
    KEYS.forEach((key, i) => {
      const bf = key.startsWith("new:") ? undefined : b[i];
      if (bf) base.set(key, { actionId: "a", institutionId: "i", year: 2018 + i, fields: bf });
      const pv = p[i]!;
      const pf = pv === "same" ? bf : pv === "absent" ? undefined : pv;
      if (pf) plan.set(key, { actionId: "a", institutionId: "i", year: 2018 + i, fields: pf });
      const rv = r[i]!;
      if (rv === "silent") return;
      const rf = rv === "same" ? bf : rv;
      // The file can only clear a line it was sent.
      if (rf === undefined || (rf === null && !bf)) return;
      returned.set(key, rf === null ? null : { actionId: "a", institutionId: "i", year: 2018 + i, fields: rf });
    });
    return { base, plan, returned };
  });

describe("three-way merge properties", () => {
  it("loses no edit of either side without a conflict", () => {
    fc.assert(
      fc.property(sides, ({ base, plan, returned }) => {
        const result = mergeLines(base, plan, returned);
        const merged = applyOps(plan, result.ops);
        const conflicted = (key: string, field: string) => result.conflicts.some((c) => c.key === key && (c.field === null || c.field === field));
        const ABSENT = Symbol("absent");
        const valueOf = (record: LineRecord | null | undefined, field: (typeof LINE_FIELDS)[number]) => (record ? record.fields[field] : ABSENT);
        for (const key of KEYS) {
          const b = base.get(key);
          const r = returned.has(key) ? returned.get(key) : b;
          for (const field of LINE_FIELDS) {
            if (conflicted(key, field)) continue;
            const [bv, pv, rv, mv] = [valueOf(b, field), valueOf(plan.get(key), field), valueOf(r, field), valueOf(merged.get(key), field)];
            if (rv !== bv) expect(mv, `${key}.${field}: returned edit lost`).toBe(rv);
            if (pv !== bv) expect(mv, `${key}.${field}: plan edit lost`).toBe(pv);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("is idempotent: merging the same return into the merged plan changes nothing more", () => {
    fc.assert(
      fc.property(sides, ({ base, plan, returned }) => {
        const first = mergeLines(base, plan, returned);
        const merged = applyOps(plan, first.ops);
        const second = mergeLines(base, merged, returned);
        expect(second.ops).toEqual([]);
        expect(second.conflicts).toEqual(first.conflicts);
      }),
      { numRuns: 2000 },
    );
  });
});
