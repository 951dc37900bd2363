/**
 * What live editing says to people is in their language: a refused update (said on the
 * laptop that reads it, from the host's reasons as data), a network failure (Node says
 * them in English), and no English sentence thrown from src/sync.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorMessage } from "../../src/i18n";
import { refusalWords } from "../../src/sync/describe";
import { networkDetail } from "../../src/sync/network-detail";
import { cellKey } from "../../src/sync/shape";
import { REPO_ROOT, tempDir } from "../helpers/temp";
import { close, firstAction, laptops } from "./helpers";

const es = { lang: "es" as const, locale: "es-419" };
const en = { lang: "en" as const, locale: "en-US" };

describe("live editing in the user's language", () => {
  it("says why the host refused a row in the reader's language, from the reasons it sent as data", () => {
    const [host, laptop] = laptops(tempDir(), ["host", "laptop"]);
    const action = firstAction(host.store);
    const start = laptop.shared.stateVector();
    laptop.shared.doc.transact(() => {
      laptop.shared.doc.getMap("action").set(cellKey(action.id, "status"), "finished-maybe");
    }, "rogue");
    const report = host.shared.applyRemote(laptop.shared.diff(start), { authoritative: true });
    const [refusal] = report.refused;
    expect(refusal).toMatchObject({ reason: "invalid", problem: { field: "status", problem: "one_of" } });
    // The allowed values as the status column says them, not the stored codes.
    expect(refusalWords(refusal!, es)).toBe("el campo estado debe ser uno de: «No iniciada», «En curso», «Cumplida», «Retrasada» o «Cancelada»");
    expect(refusalWords(refusal!, en)).toBe("the status must be one of: “Not started”, “In progress”, “Done”, “Delayed”, or “Cancelled”");
    // A source of funds by its name; a list with no words (none today) by its codes, quoted.
    expect(refusalWords({ reason: "invalid", problem: { field: "funding_source", problem: "one_of", values: "national_budget, other" } }, es)).toBe(
      "el campo fuente debe ser uno de: «Presupuesto nacional» o «Otra»",
    );
    expect(refusalWords({ reason: "invalid", problem: { field: "mood", problem: "one_of", values: "calm, busy" } }, en)).toBe("the mood must be one of: “calm” or “busy”");
    // The other reasons, as the host sends them.
    expect(refusalWords({ reason: "outside_scope" }, es)).toBe("fuera del pilar de esta laptop");
    expect(refusalWords({ reason: "locked" }, es)).toBe("su pilar está bloqueado mientras la plenaria lo valida");
    expect(refusalWords({ reason: "duplicate", fields: "label" }, es)).toBe("otra fila ya tiene este valor de nombre");
    expect(refusalWords({ reason: "missing_parent" }, en)).toBe("the row it belongs under is no longer in the plan");
    expect(refusalWords({ reason: "invalid", problem: { field: "text", problem: "empty" } }, es)).toBe("el campo acción no puede quedar vacío");
    close(host, laptop);
  });

  it("says a network failure in words, not Node's English", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    expect(errorMessage("es", "live_unreachable", { address: "127.0.0.1:9", ...networkDetail(refused) })).toBe(
      "No se pudo llegar al anfitrión 127.0.0.1:9: nada responde en esa dirección y puerto (¿sigue siendo anfitrión?). Revise que esta laptop esté en la misma red y que la dirección sea la del proyector.",
    );
    const inUse = Object.assign(new Error("listen EADDRINUSE: address already in use"), { code: "EADDRINUSE" });
    expect(errorMessage("es", "io_error", { operation: "listen", path: "0.0.0.0:8765", ...networkDetail(inUse) })).toBe(
      "No se pudo usar «0.0.0.0:8765»: ese puerto ya está en uso (otro Matriz anfitrión u otro programa): elija otro puerto.",
    );
    // A code without words of its own is kept as it is, never lost.
    expect(networkDetail(Object.assign(new Error("x"), { code: "EWEIRD" }))).toEqual({ detail: "EWEIRD" });
  });

  it("throws no English sentence from src/sync: every failure is a coded error with words in both languages", () => {
    const dir = path.join(REPO_ROOT, "src", "sync");
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const code = fs.readFileSync(path.join(dir, name), "utf8");
      expect(code, name).not.toMatch(/new Error\(/);
      // A usage error whose detail is a sentence written here, in one language.
      expect(code, name).not.toMatch(/MatrizError\("usage", \{ detail: [`"']/);
    }
    for (const reason of ["wrong_code", "wrong_fingerprint", "other_plan", "unrelated_copy", "too_many_attempts"]) {
      expect(errorMessage("es", "live_denied", { reason })).not.toBe(errorMessage("es", "live_denied", { reason: "something-else" }));
    }
  });
});
