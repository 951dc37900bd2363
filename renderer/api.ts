/**
 * The renderer's only door to the core: `window.matriz`, put there by the
 * preload (or by the end-to-end harness). Every call resolves, never throws, so a
 * broken bridge or a failed call becomes a message in the banner, not a crash.
 */
import type { ApiError, Input, MatrizApi, MatrizEvent, Method, Output, Result } from "../src/api/contract";
import { translate, type Language } from "../src/i18n";

declare global {
  interface Window {
    matriz?: MatrizApi;
  }
}

export function hasBridge(): boolean {
  return typeof window.matriz?.invoke === "function";
}

function failure(code: string, message: string, params: ApiError["params"] = {}): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message, params } };
}

export async function invoke<M extends Method>(method: M, input: Input<M> | undefined, language: Language): Promise<Result<Output<M>>> {
  const api = window.matriz;
  if (!api || typeof api.invoke !== "function") return failure("no_bridge", translate(language, "ui.error.noBridge"));
  try {
    const result = await api.invoke(method, input);
    if (result && typeof result === "object" && "ok" in result) return result;
    return failure("internal", translate(language, "error.internal", { detail: `${method}: malformed answer` }));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return failure("internal", translate(language, "error.internal", { detail }));
  }
}

export function subscribe(listener: (event: MatrizEvent) => void): () => void {
  const api = window.matriz;
  if (!api || typeof api.onEvent !== "function") return () => {};
  return api.onEvent(listener);
}
