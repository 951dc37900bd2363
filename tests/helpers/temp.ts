import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { afterEach } from "vitest";

const made: string[] = [];

/** A fresh folder per test, removed afterwards. */
export function tempDir(prefix = "matriz-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  while (made.length) fs.rmSync(made.pop()!, { recursive: true, force: true });
});

export function sha256(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
export const RESOURCES_DIR = path.join(REPO_ROOT, "resources");
export const FIXTURE_IDS = ["belize", "costa-rica", "guatemala", "honduras", "mexico", "panama"] as const;
export const fixturePath = (id: string) => path.join(RESOURCES_DIR, "examples", `${id}.json`);

/**
 * Every key the expected value has must be in the actual value, equal; arrays
 * must match element by element. Extra keys in actual (ids, added fields) are allowed.
 * Returns the paths that differ so a failure names the field.
 */
export function subsetDifferences(actual: unknown, expected: unknown, at = "$"): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array`];
    if (actual.length !== expected.length) return [`${at}: length ${actual.length} != ${expected.length}`];
    return expected.flatMap((item, i) => subsetDifferences(actual[i], item, `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [`${at}: expected an object`];
    return Object.entries(expected).flatMap(([key, value]) =>
      key in (actual as object)
        ? subsetDifferences((actual as Record<string, unknown>)[key], value, `${at}.${key}`)
        : [`${at}.${key}: missing`],
    );
  }
  return Object.is(actual, expected) ? [] : [`${at}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`];
}
