import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { changeLabel, columnHeadings } from "../../renderer/components/editor/change-labels";
import { es as es_catalogue } from "../../src/i18n/es";
import { ENTITIES } from "../../src/storage/entities";
import { SettingsStore } from "../../src/app/settings";
import { Workspace } from "../../src/app/workspace";
import { translate } from "../../src/i18n";
import { RESOURCES_DIR, tempDir } from "../helpers/temp";

const inSpanish = (label: string) => changeLabel(label, (key, params) => translate("es", key, params));
const inEnglish = (label: string) => changeLabel(label, (key, params) => translate("en", key, params));

describe("the labels of changes, in the user's language", () => {
  it("says the core's English labels in Spanish, keeping the names they carry", () => {
    expect(inSpanish("action text")).toBe("texto de la acción");
    expect(inSpanish("create plan Guatemala")).toBe("creación del plan de Guatemala");
    // Labels in files written before label codes: the template or example id becomes its country.
    expect(inSpanish("new plan from honduras")).toBe("plan nuevo desde la plantilla de Honduras");
    expect(inSpanish("new plan from honduras.json")).toBe("plan nuevo desde el archivo «honduras.json»");
    expect(inSpanish("example mexico (MIRPS 2017)")).toBe("ejemplo MIRPS 2017 de México");
    expect(inEnglish("example costa-rica (MIRPS 2017)")).toBe("MIRPS 2017 example of Costa Rica");
    expect(inEnglish("new plan from crrf-blank")).toBe("new plan from the blank (CRRF pillars) template");
    expect(inSpanish("import MINEX - finanzas.xlsx")).toBe("importación de «MINEX - finanzas.xlsx»");
    expect(inSpanish("resolve conflict 0b1c (returned)")).toBe("conflicto resuelto");
    // A resolution written now: a code with how many and which side, never the conflicts' ids.
    expect(inSpanish('{"label":"conflicts.resolve","count":"1","take":"returned"}')).toBe("conflicto resuelto: se tomó el del archivo");
    expect(inSpanish('{"label":"conflicts.resolve","count":"3","take":"base"}')).toBe("3 conflictos resueltos: volvió el exportado");
    expect(inEnglish('{"label":"conflicts.resolve","count":"2","take":"plan"}')).toBe("2 conflicts resolved: the plan's kept");
    // From the live workshop: the other side is another laptop, not a file.
    expect(inSpanish('{"label":"conflicts.resolve","count":"1","take":"returned","origin":"live"}')).toBe("conflicto resuelto: se tomó lo de la otra laptop");
    expect(inEnglish('{"label":"conflicts.resolve","count":"2","take":"base","origin":"live"}')).toBe("2 conflicts resolved: back to before");
    expect(inEnglish("create plan Guatemala")).toBe("creating the plan of Guatemala");
  });

  it("has words for every label the core's editor gives a change", () => {
    // The labels src/storage/edits.ts writes (its change() calls), each said in both languages.
    const source = fs.readFileSync(path.join(__dirname, "../../src/storage/edits.ts"), "utf8");
    const fields = { plan: ["title", "period_start", "period_end", "base_currency"], need: ["title", "description", "theme"], kind: ["need", "action"] };
    const labels = [...source.matchAll(/this\.change\("([^"]+)"/g)].map((m) => m[1]!);
    labels.push(...fields.plan.map((f) => `plan ${f}`), ...fields.need.map((f) => `need ${f}`), ...fields.kind.flatMap((k) => [`move ${k}`, `delete ${k}`]));
    expect(labels.length).toBeGreaterThan(15);
    for (const label of labels) {
      // Said through a message key (so in both languages), never passed through as it came.
      expect(changeLabel(label, (key) => `<${key}>`), label).toMatch(/^<ui\.(change|round)\./);
      expect(inSpanish(label), label).not.toBe(label);
    }
  });

  it("has words for the changes made outside the matrix: plan settings, lists, rounds, columns", () => {
    const lists = ["stocktaking", "gap", "recommendation"].flatMap((t) => ["insert", "update", "move", "delete"].map((op) => `${op} ${t}`));
    const labels = ["plan title", "plan period", "plan base_currency", "plan settings", ...lists, "update consultation round", "delete consultation round"];
    labels.push("add column", "update column", "move column", "remove column");
    // Each is a label the core really writes.
    const core = ["section-edits.ts", "column-edits.ts"].map((f) => fs.readFileSync(path.join(__dirname, "../../src/storage", f), "utf8")).join("\n");
    for (const label of labels) {
      const written = core.includes(`"${label}"`) || /^(insert|update|move|delete) /.test(label) || /^plan /.test(label);
      expect(written, label).toBe(true);
      expect(changeLabel(label, (key) => `<${key}>`), label).toMatch(/^<ui\.change\./);
      expect(inSpanish(label), label).not.toBe(inEnglish(label));
    }
  });

  it("has words for every label the monitoring editor gives a change", () => {
    const source = fs.readFileSync(path.join(__dirname, "../../src/storage/monitoring-edits.ts"), "utf8");
    const labels = [...source.matchAll(/this\.change\("([^"]+)"/g)].map((m) => m[1]!);
    labels.push("indicator target", "indicator value");
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) {
      expect(changeLabel(label, (key) => `<${key}>`), label).toMatch(/^<ui\.change\./);
      expect(inEnglish(label), label).not.toBe("");
    }
    expect(inSpanish("indicator value")).toBe("valor alcanzado");
  });

  it("says the labels the core writes for new plans and examples without their internal ids", () => {
    const dir = tempDir();
    const settings = new SettingsStore(path.join(dir, "settings.json"), "es-GT", "Tester");
    const workspace = new Workspace({ resourcesDir: RESOURCES_DIR, examplesDir: dir, settings, version: "test" });
    workspace.openExample("mexico");
    const exampleLabel = workspace.current!.db.prepare("SELECT label FROM change_set ORDER BY id LIMIT 1").pluck().get() as string;
    workspace.createPlan({ path: path.join(dir, "nuevo.matriz"), template: "costa-rica" });
    const templateLabel = workspace.current!.db.prepare("SELECT label FROM change_set ORDER BY id LIMIT 1").pluck().get() as string;
    workspace.dispose();
    expect(inSpanish(exampleLabel)).toBe("ejemplo MIRPS 2017 de México");
    expect(inEnglish(exampleLabel)).toBe("MIRPS 2017 example of Mexico");
    expect(inSpanish(templateLabel)).toBe("plan nuevo desde la plantilla de Costa Rica");
    expect(inEnglish(templateLabel)).toBe("new plan from the Costa Rica template");
    for (const label of [exampleLabel, templateLabel]) {
      expect(inSpanish(label)).not.toMatch(/mexico|costa-rica|plan\.from|\{/);
    }
  });

  it("names a plan column's change by its heading in the user's language, never by its key", () => {
    const columns = [{ key: "priority", heading_es: "Prioridad", heading_en: "Priority" }];
    expect(changeLabel("custom priority", (key, params) => translate("es", key, params), columnHeadings(columns, "es"))).toBe("columna «Prioridad»");
    expect(changeLabel("custom priority", (key, params) => translate("en", key, params), columnHeadings(columns, "en"))).toBe("column “Priority”");
  });

  it("has words for the live workshop's own labels", () => {
    expect(inSpanish("live edit")).toBe("edición en vivo");
    expect(inSpanish("refused: outside_scope, locked")).toBe("cambio rechazado por el anfitrión y devuelto");
    expect(inEnglish("live edit")).toBe("live edit");
  });

  it("says in Spanish what was added or removed with the gender and number of what it is", () => {
    // Every table a change can be about has its own words, so "añadido" never stands alone or disagrees.
    for (const entity of ENTITIES) {
      for (const key of ["ui.history.added", "ui.history.removed"] as const) {
        const es = translate("es", key, { entity });
        expect(es, `${key} ${entity}`).not.toMatch(/^dato /);
        expect(translate("en", key, { entity }), `${key} ${entity}`).toMatch(/ (added|removed)$/);
      }
    }
    expect(translate("es", "ui.history.added", { entity: "action" })).toBe("acción añadida");
    expect(translate("es", "ui.history.added", { entity: "need" })).toBe("necesidad añadida");
    expect(translate("es", "ui.history.added", { entity: "budget_line" })).toBe("línea añadida");
    expect(translate("es", "ui.history.removed", { entity: "action_institution" })).toBe("institución quitada");
    expect(translate("es", "ui.history.added", { entity: "indicator" })).toBe("indicador añadido");
    expect(translate("es", "ui.history.removed", { entity: "progress_note" })).toBe("nota de avance quitada");
  });

  it("says each change the same way in History and in Undo: what happened to what, agreeing in gender", () => {
    const es = (key: string) => inSpanish(key);
    expect(es("insert action")).toBe("acción añadida");
    expect(es("delete need")).toBe("necesidad borrada");
    expect(es("move action")).toBe("acción movida");
    expect(es("remove budget line")).toBe("línea de presupuesto quitada");
    expect(es("insert gap")).toBe("brecha añadida");
    expect(es("remove column")).toBe("columna quitada");
    expect(es("delete consultation round")).toBe("consulta borrada");
    // No Spanish label is an infinitive ("borrar acción") beside participles ("acción borrada").
    const spanish = Object.entries(es_catalogue).filter(([key]) => key.startsWith("ui.change."));
    for (const [key, text] of spanish) expect(text, key).not.toMatch(/^(borrar|mover|quitar|pegar|nueva|nuevo) /);
  });

  it("shows an unknown label as it is rather than nothing", () => {
    expect(inSpanish("something new")).toBe("something new");
  });
});
