/**
 * Validation problems (zod issues) said in the user's language, one line each:
 * "rates.GTQ.date: debe ser una fecha escrita AAAA-MM-DD". The same words serve a
 * plan document that does not fit the schema and a call whose input the contract
 * refuses at the boundary; only the unknown-fields line differs.
 */
import type { z } from "zod";
import { hasMessage, translate, type Language, type MessageKey } from "../i18n";
import { meantBranch } from "./document";
import { optionList, quoted } from "./option-words";

type Issue = z.core.$ZodIssue;
export type IssueSubject = "document" | "input";

/** What a field of this name holds, for saying which form it must have. */
function formatOf(field: string): string {
  if (field === "currency" || field === "base_currency") return "currency";
  if (field === "handle" || field === "sources") return "handle";
  if (field === "focal_email") return "email";
  if (field === "focal_phone") return "phone";
  return field;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), "");
}

/**
 * Where in a call's input, in words: each field by its name in the catalogue
 * (input.field.*), an item of a list by its number, a key the person gave (a
 * currency in the rates) as given: "tasas de cambio › GTQ › fecha".
 */
function inputPlace(path: readonly PropertyKey[], lang: Language): string {
  return path
    .map((part) => {
      if (typeof part === "number") return translate(lang, "input.item", { number: part + 1 });
      const key = `input.field.${String(part)}`;
      return hasMessage(key) ? translate(lang, key) : String(part);
    })
    .join(" › ");
}

function issueText(issue: Issue, lang: Language, subject: IssueSubject): string {
  const at = subject === "input" ? inputPlace(issue.path, lang) : pathText(issue.path);
  const field = String([...issue.path].reverse().find((part) => typeof part === "string") ?? "");
  const say = (key: MessageKey, params: Record<string, string | number> = {}) => translate(lang, key, params);
  let problem: string;
  switch (issue.code) {
    case "invalid_type":
      problem = say("doc.issue.type", { missing: issue.input === undefined ? "yes" : "no", expected: String(issue.expected) });
      break;
    case "too_small":
      problem = issue.origin === "string" || issue.origin === "array" ? say("doc.issue.empty") : say("doc.issue.min", { minimum: Number(issue.minimum) });
      break;
    case "too_big":
      problem = say("doc.issue.max", { maximum: Number(issue.maximum) });
      break;
    case "invalid_format":
      problem = say("doc.issue.format", { field: issue.format === "email" ? "email" : formatOf(field) });
      break;
    case "invalid_key":
      // A record's key (a currency in the rates, a country code) of the wrong form.
      problem = say("doc.issue.format", { field: field === "rates" ? "currency" : field === "mapping" ? "iso3" : formatOf(field) });
      break;
    case "invalid_value": {
      // A call's input names its values as the screens do; a plan document holds the codes themselves.
      const values = issue.values.map(String);
      problem = say("doc.issue.oneOf", { values: subject === "input" ? optionList(lang, field, values) : values.map((value) => quoted(lang, value)).join(", ") });
      break;
    }
    case "unrecognized_keys":
      problem = say(subject === "document" ? "doc.issue.unknownKeys" : "doc.issue.unknownInputKeys", { keys: issue.keys.join(", ") });
      break;
    case "custom": {
      // Our own checks name their message by a key of the catalogue (doc.issue.custom.*).
      const key = `doc.issue.custom.${issue.message}`;
      // Said as written when it names no key: never lost, though then in one language.
      problem = hasMessage(key) ? say(key, (issue.params ?? {}) as Record<string, string | number>) : issue.message || say("doc.issue.invalid");
      break;
    }
    default:
      problem = say("doc.issue.invalid");
  }
  return `${at || say(subject === "document" ? "doc.issue.document" : "doc.issue.input")}: ${problem}`;
}

/** The first problems, said in `lang`; how many more there are. */
export function describeIssues(error: z.ZodError, lang: Language, subject: IssueSubject, limit = 5): string {
  // A union's failure is said through the branch that was meant.
  const issues = error.issues.flatMap((issue) => meantBranch(issue) ?? [issue]);
  const lines = issues.slice(0, limit).map((issue) => issueText(issue, lang, subject));
  const more = issues.length - limit;
  if (more > 0) lines.push(translate(lang, "doc.issue.more", { count: more }));
  return lines.join("; ");
}
