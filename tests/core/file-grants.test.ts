import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileGrants, HANDLE_PATTERN, isUncPath } from "../../src/app/file-grants";

describe("FileGrants", () => {
  it("mints one unguessable handle per file and use, and finds it again", () => {
    const grants = new FileGrants();
    const plan = grants.grant("/home/ana/gt.matriz", "plan");
    expect(plan).toMatch(HANDLE_PATTERN);
    expect(plan.length).toBeGreaterThanOrEqual(24);
    expect(grants.grant("/home/ana/gt.matriz", "plan")).toBe(plan);
    expect(grants.grant("/home/ana/../ana/gt.matriz", "plan")).toBe(plan);
    // Another use of the same file is another handle; another workspace knows none of these.
    expect(grants.grant("/home/ana/gt.matriz", "spreadsheet")).not.toBe(plan);
    expect(new FileGrants().grant("/home/ana/gt.matriz", "plan")).not.toBe(plan);
    expect(grants.resolve(plan, "plan")).toBe(path.resolve("/home/ana/gt.matriz"));
  });

  it("refuses a handle used for something it was not granted for, a made-up one and a path", () => {
    const grants = new FileGrants();
    const returned = grants.grant("/home/ana/dgm.xlsx", "spreadsheet");
    expect(() => grants.resolve(returned, "plan")).toThrow(expect.objectContaining({ code: "file_not_granted" }));
    expect(() => grants.resolve(returned, "exported")).toThrow(expect.objectContaining({ code: "file_not_granted" }));
    expect(() => grants.resolve("A".repeat(24), "spreadsheet")).toThrow(expect.objectContaining({ code: "file_not_granted" }));
    expect(() => grants.resolve("/home/ana/dgm.xlsx", "spreadsheet")).toThrow(expect.objectContaining({ code: "file_not_granted" }));
    // A path can never pass for a handle: the contract's pattern has no slash, dot or colon.
    for (const p of ["/home/ana/dgm.xlsx", "C:\\Users\\ana\\dgm.xlsx", "..", "dgm.xlsx"]) expect(p).not.toMatch(HANDLE_PATTERN);
  });

  it("grants only absolute paths, and withdraws a whole use at once", () => {
    const grants = new FileGrants();
    expect(() => grants.grant("gt.matriz", "plan")).toThrow();
    const a = grants.grant("/p/a.matriz", "plan");
    const x = grants.grant("/p/x.xlsx", "spreadsheet");
    grants.revokeAll("plan");
    expect(() => grants.resolve(a, "plan")).toThrow(expect.objectContaining({ code: "file_not_granted" }));
    expect(grants.resolve(x, "spreadsheet")).toBe(path.resolve("/p/x.xlsx"));
    // Granted again after a revoke: a new handle, the old one stays dead.
    expect(grants.grant("/p/a.matriz", "plan")).not.toBe(a);
  });

  it("describes a file with its handle, name and path for the page to show", () => {
    const grants = new FileGrants();
    expect(grants.describe("/home/ana/Informe final.xlsx", "exported")).toEqual({
      handle: expect.stringMatching(HANDLE_PATTERN),
      name: "Informe final.xlsx",
      path: path.resolve("/home/ana/Informe final.xlsx"),
    });
  });
});

describe("isUncPath", () => {
  it("recognises Windows network and device paths in both slash styles", () => {
    for (const p of ["\\\\servidor\\compartido\\dgm.xlsx", "//servidor/compartido/dgm.xlsx", "\\\\?\\C:\\x.xlsx", "\\\\.\\pipe\\x", "\\/servidor/x"]) expect(isUncPath(p), p).toBe(true);
    for (const p of ["C:\\Users\\ana\\dgm.xlsx", "/home/ana/dgm.xlsx", "dgm.xlsx", "\\Users\\ana"]) expect(isUncPath(p), p).toBe(false);
  });
});
