/**
 * A plan on a disk that misbehaves: full, read-only, locked by another program,
 * damaged, empty, truncated. Each case gets one true line that says what to do,
 * and the plan is left as it was.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { toApiError } from "../../src/api/dispatch";
import { createPlanFromDocument, readDocumentFile } from "../../src/app/plans";
import { editingHandlers } from "../../src/app/editing";
import { MatrizError } from "../../src/domain/errors";
import { errorMessage } from "../../src/i18n";
import { exportFinanceWorkbook } from "../../src/spreadsheet/export";
import { PlanEditor } from "../../src/storage/edits";
import { PlanStore } from "../../src/storage/plan-store";
import { bindReadOnly, fillDisk, mountTmpfs, remountReadOnly, unmountAll } from "../helpers/mounts";
import { fixturePath, sha256, tempDir } from "../helpers/temp";

afterEach(unmountAll);

const who = { author: "Ana", source: "cli" as const };

function guatemalaPlan(dir: string, name = "gt.matriz"): string {
  const file = path.join(dir, name);
  createPlanFromDocument(file, readDocumentFile(fixturePath("guatemala")), who, { language: "en" }).close();
  return file;
}

function failure(run: () => unknown): MatrizError {
  try {
    run();
  } catch (error) {
    if (error instanceof MatrizError) return error;
    throw error;
  }
  throw new Error("expected an error");
}

/** What the app and the CLI would show: one line, no internal wording. */
function shown(error: unknown, lang: "es" | "en" = "es"): string {
  const message = toApiError(error, lang).message;
  expect(message).not.toMatch(/\n/);
  expect(message).not.toMatch(/Error interno|Internal error|database is locked|disk I\/O/);
  return message;
}

const editor = (store: PlanStore) => new PlanEditor(store, (label) => ({ author: "Ana", source: "typed", label }));
const firstAction = (store: PlanStore) => (store.db.prepare("SELECT id, text FROM action ORDER BY rowid LIMIT 1").get() as { id: string; text: string });

describe("a plan on a disk that misbehaves", () => {
  it("on a full disk: an edit says the disk is full, and the plan keeps every earlier edit", () => {
    const dir = mountTmpfs(path.join(tempDir(), "small-disk"), 2048);
    const file = guatemalaPlan(dir);
    const store = PlanStore.open(file);
    const action = firstAction(store);
    editor(store).setActionText(action.id, "Antes de llenarse el disco");
    const filler = fillDisk(dir);
    const error = failure(() => {
      for (let i = 0; i < 200; i++) editor(store).setActionText(action.id, `${"texto largo ".repeat(2000)}${i}`);
    });
    expect(error.code).toBe("disk_full");
    expect(shown(error)).toContain("No queda espacio en el disco");
    expect(shown(error, "en")).toContain("The disk is full");
    fs.rmSync(filler);
    editor(store).setActionText(action.id, "Con espacio otra vez");
    store.close();
    const reopened = PlanStore.open(file);
    expect(firstAction(reopened).text).toBe("Con espacio otra vez");
    expect(reopened.db.pragma("integrity_check", { simple: true })).toBe("ok");
    reopened.close();
  });

  it("on a full disk: opening says the disk is full, not that the plan is damaged", () => {
    const dir = mountTmpfs(path.join(tempDir(), "full-disk"), 2048);
    const file = guatemalaPlan(dir);
    const before = sha256(file);
    fillDisk(dir);
    let opened: PlanStore | null = null;
    try {
      opened = PlanStore.open(file);
    } catch (error) {
      expect((error as MatrizError).code).toBe("disk_full");
      shown(error);
    }
    // Opening may also succeed (the journal files fit); it must then read the plan.
    if (opened) {
      expect(opened.document().pillars.length).toBeGreaterThan(0);
      opened.close();
    }
    expect(sha256(file)).toBe(before);
  });

  it("a read-only plan file opens read-only: readable, flagged, refusing edits with a clear line, nothing written beside it", async () => {
    const dir = tempDir();
    const file = guatemalaPlan(dir);
    const before = sha256(file);
    bindReadOnly(file);
    const store = PlanStore.open(file);
    expect(store.readOnly).toBe("file");
    expect(store.info()).toMatchObject({ readOnly: true, readOnlyReason: "file" });
    expect(store.document().pillars).toHaveLength(4);
    const error = failure(() => editor(store).setActionText(firstAction(store).id, "cambio"));
    expect(error.code).toBe("plan_read_only");
    expect(shown(error)).toContain("solo para lectura");
    // Writes that bypass the change log (the current round) are refused too.
    const handlers = editingHandlers(() => store, () => "Ana");
    expect(shown((() => { try { handlers["rounds.setCurrent"]({ id: null }); } catch (e) { return e; } })())).toContain("solo para lectura");
    expect(handlers["history.state"]({} as never)).toEqual({ undo: null, redo: null });
    // An institution's workbook needs its record in the plan to come back: refused before anything is written.
    const exports = tempDir();
    await expect(exportFinanceWorkbook(store.db, path.join(exports, "sbs.xlsx"), {})).rejects.toMatchObject({ code: "plan_read_only" });
    expect(fs.readdirSync(exports)).toEqual([]);
    // Its copy, in a folder that can be written, is the way to edit it.
    const copy = store.saveCopy(path.join(tempDir(), "copia.matriz"));
    store.close();
    expect(fs.readdirSync(dir)).toEqual(["gt.matriz"]);
    expect(sha256(file)).toBe(before);
    const editable = PlanStore.open(copy);
    expect(editable.readOnly).toBeNull();
    editor(editable).setActionText(firstAction(editable).id, "editable en la copia");
    editable.close();
  });

  it("a plan in a read-only folder opens read-only instead of being called damaged", () => {
    const dir = mountTmpfs(path.join(tempDir(), "ro-folder"), 4096);
    const file = guatemalaPlan(dir);
    const before = sha256(file);
    remountReadOnly(dir);
    const store = PlanStore.open(file);
    expect(store.info()).toMatchObject({ readOnly: true, readOnlyReason: "file" });
    expect(store.document().pillars[0]!.needs.length).toBeGreaterThan(0);
    expect(failure(() => editor(store).setActionText(firstAction(store).id, "x")).code).toBe("plan_read_only");
    store.close();
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(["gt.matriz"]);
  });

  it("a plan locked by another program: opening and editing say so, not 'database is locked'", () => {
    const file = guatemalaPlan(tempDir());
    const store = PlanStore.open(file);
    // Another program writing (and holding its write lock).
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE; UPDATE plan SET notes = notes;");
    try {
      store.db.pragma("busy_timeout = 50");
      const error = failure(() => editor(store).setActionText(firstAction(store).id, "cambio"));
      expect(error.code).toBe("plan_locked");
      expect(shown(error)).toContain("Otro programa tiene bloqueado el plan");
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    store.close();
    // A program that keeps the whole file to itself (exclusive locking) stops a second opening.
    const greedy = new Database(file);
    greedy.pragma("locking_mode = EXCLUSIVE");
    greedy.exec("BEGIN EXCLUSIVE; UPDATE plan SET notes = notes; COMMIT;");
    try {
      const error = failure(() => PlanStore.open(file));
      expect(error.code).toBe("plan_locked");
      shown(error);
    } finally {
      greedy.close();
    }
  });

  it("a plan with damaged pages gets one short line, not SQLite's page-by-page report", () => {
    const file = guatemalaPlan(tempDir());
    // Free some pages, then lose the list of free pages: every one of them is "never used", one line each.
    const db = new Database(file);
    db.pragma("journal_mode = DELETE");
    db.exec("DELETE FROM change");
    db.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.readUInt32BE(36)).toBeGreaterThan(3);
    bytes.fill(0, 32, 40);
    fs.writeFileSync(file, bytes);
    const error = failure(() => PlanStore.open(file));
    expect(error.code).toBe("damaged");
    const message = shown(error);
    expect(message).toContain("pruebe con una copia anterior");
    expect(message.length).toBeLessThan(300);
  });

  it("a 0-byte file is said to be empty, not 'an SQLite database'", () => {
    const file = path.join(tempDir(), "vacio.matriz");
    fs.writeFileSync(file, "");
    const error = failure(() => PlanStore.open(file));
    expect(error.code).toBe("empty_file");
    expect(shown(error)).toContain("está vacío");
    expect(shown(error)).not.toContain("SQLite");
  });

  it("opening a truncated plan leaves no journal files beside it", () => {
    const dir = tempDir();
    const file = guatemalaPlan(dir);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = sha256(file);
    const error = failure(() => PlanStore.open(file));
    expect(["damaged", "not_a_plan"]).toContain(error.code);
    expect(fs.readdirSync(dir)).toEqual(["gt.matriz"]);
    expect(sha256(file)).toBe(before);
  });
});

describe("edits the core refuses with a line a person can act on", () => {
  function twoPlans() {
    const dir = tempDir();
    const a = PlanStore.open(guatemalaPlan(dir, "a.matriz"));
    const b = PlanStore.open(guatemalaPlan(dir, "b.matriz"));
    return { a, b };
  }

  it("pasting onto another plan's rows says the rows are not in this plan", () => {
    const { a, b } = twoPlans();
    const handlers = editingHandlers(() => a, () => "Ana");
    const otherAction = firstAction(b).id;
    const otherNeed = (b.db.prepare("SELECT id FROM need LIMIT 1").get() as { id: string }).id;
    const revision = a.revision();
    for (const input of [
      { actionIds: [otherAction], columns: ["action" as const], rows: [["pegado"]], appendToNeed: otherNeed },
      { actionIds: [], columns: ["action" as const], rows: [["pegado"]], appendToNeed: otherNeed },
    ]) {
      let caught: unknown;
      try {
        handlers["edit.paste"](input);
      } catch (error) {
        caught = error;
      }
      expect((caught as MatrizError).code).toBe("paste_other_plan");
      expect(shown(caught)).toContain("no están en este plan");
    }
    expect(a.revision()).toBe(revision);
    a.close();
    b.close();
  });

  it("a consultation round on 9999-99-99 is refused, a real date is kept", () => {
    const store = PlanStore.open(guatemalaPlan(tempDir()));
    const handlers = editingHandlers(() => store, () => "Ana");
    for (const date of ["9999-99-99", "2018-02-30", "2018-13-01"]) {
      const error = failure(() => handlers["rounds.create"]({ date }));
      expect(error.code).toBe("invalid_date");
      expect(errorMessage("es", error.code, error.params)).toContain(`«${date}» no es una fecha del calendario`);
    }
    expect(handlers["rounds.list"]({} as never).rounds).toHaveLength(0);
    expect(handlers["rounds.create"]({ date: "2017-10-18" }).rounds).toHaveLength(1);
    store.close();
  });
});
