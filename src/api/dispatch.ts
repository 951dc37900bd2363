/**
 * The boundary: takes a method name and an untrusted input from IPC (or a test),
 * validates it against the contract, runs the handler and answers
 * `{ ok, value }` or `{ ok: false, error }` with a message the user can read.
 */
import { describeIssues } from "../domain/issues";
import { MatrizError } from "../domain/errors";
import { errorMessage, type Language } from "../i18n";
import { storageFailure } from "../storage/storage-errors";
import { contract, type ApiError, type Method, type Result } from "./contract";

export type HandlerMap = { [M in Method]: (input: any) => unknown };

export function isMethod(name: unknown): name is Method {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(contract, name);
}

export function toApiError(error: unknown, language: Language): ApiError {
  // A full disk or a plan locked elsewhere gets its own message, not "internal error".
  const known = storageFailure(error) ?? new MatrizError("internal", { detail: error instanceof Error ? error.message : String(error) });
  return { code: known.code, params: known.params, message: errorMessage(language, known.code, known.params) };
}

export function createDispatcher(handlers: HandlerMap, language: () => Language) {
  return async function dispatch(method: unknown, input: unknown): Promise<Result<unknown>> {
    try {
      if (!isMethod(method)) throw new MatrizError("unknown_method", { method: String(method).slice(0, 100) });
      // With each value given, a wrong one is said as not valid, not as missing.
      const parsed = contract[method].input.safeParse(input, { reportInput: true });
      // Said in the user's language: the problems go to the page as the error's message.
      if (!parsed.success) throw new MatrizError("invalid_input", { method, detail: describeIssues(parsed.error, language(), "input") });
      const value = await handlers[method](parsed.data);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toApiError(error, language()) };
    }
  };
}
