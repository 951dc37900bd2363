/**
 * What every command of the command line gets: its arguments, the options,
 * the language of this run, and the way to say things in it. Kept free of heavy
 * imports: `matriz templates` must start in well under a second.
 */
import os from "node:os";
import path from "node:path";
import { MatrizError } from "../domain/errors";
import { translate, type Language, type MessageKey } from "../i18n";

export const EXIT = { ok: 0, failure: 1, rejected: 2, conflicts: 3, usage: 64 } as const;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Every option any command takes (parseArgs is strict: a new command adds its options here). */
export const OPTIONS = {
  template: { type: "string" },
  "from-json": { type: "string" },
  json: { type: "boolean" },
  title: { type: "string" },
  country: { type: "string" },
  lang: { type: "string" },
  author: { type: "string" },
  force: { type: "boolean" },
  out: { type: "string" },
  institution: { type: "string" },
  "dry-run": { type: "boolean" },
  "confirm-matches": { type: "boolean" },
  round: { type: "string" },
  take: { type: "string" },
  all: { type: "boolean" },
  national: { type: "boolean" },
  format: { type: "string" },
  paper: { type: "string" },
  currency: { type: "string" },
  rates: { type: "string" },
  merge: { type: "string" },
  into: { type: "string" },
  rename: { type: "string" },
  to: { type: "string" },
  /* ---- monitoring ---- */
  monitoring: { type: "boolean" },
  period: { type: "string" },
  "annual-report": { type: "boolean" },
  "round-report": { type: "string" },
  // live workshop: serve, sync
  port: { type: "string" },
  code: { type: "string" },
  host: { type: "string" },
  fingerprint: { type: "string" },
  bind: { type: "string" },
  once: { type: "boolean" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export type CliValues = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string };

/** A message key of the command line's usage errors. */
export type UsageKey = Extract<MessageKey, `cli.usage.${string}`>;

export interface CliContext {
  /** Arguments after the command name. */
  args: string[];
  values: CliValues;
  /** The language of every message of this run. */
  lang: Language;
  /** How numbers are written ("es-GT" from LANG=es_GT.UTF-8). */
  locale: string;
  io: CliIo;
  /** A path as the user typed it, from the folder the command was run in. */
  resolve(file: string): string;
  /** Who the change log records: --author, MATRIZ_AUTHOR or the login name. */
  author(): string;
  /** A usage error in this run's language, with the hint to --help. */
  usage(key: UsageKey, params?: Record<string, string | number>): MatrizError;
  say(key: MessageKey, params?: Record<string, string | number>): string;
}

export type CliCommand = (ctx: CliContext) => number | Promise<number>;

export function usageError(lang: Language, key: UsageKey, params: Record<string, string | number> = {}): MatrizError {
  return new MatrizError("usage", { detail: `${translate(lang, key, params)} ${translate(lang, "cli.usage.hint")}` });
}

/** "es_GT.UTF-8" as the shell writes it, "es-GT" as Intl reads it; "C" or "POSIX" fall back to the language's region. */
function localeFrom(env: NodeJS.ProcessEnv, lang: Language): string {
  const tag = (env.LC_ALL || env.LC_NUMERIC || env.LANG || "").split(/[.@]/)[0]!.replace("_", "-");
  try {
    if (tag && tag !== "C" && tag !== "POSIX" && Intl.getCanonicalLocales(tag).length) return tag;
  } catch {
    // Not a locale Intl knows.
  }
  return lang === "es" ? "es-419" : "en-US";
}

export function makeContext(args: string[], values: CliValues, lang: Language, io: CliIo): CliContext {
  return {
    args,
    values,
    lang,
    locale: localeFrom(io.env, lang),
    io,
    resolve: (file) => path.resolve(io.cwd, file),
    author() {
      if (values.author) return values.author;
      try {
        return io.env.MATRIZ_AUTHOR || os.userInfo().username;
      } catch {
        return "matriz-cli";
      }
    },
    usage: (key, params) => usageError(lang, key, params),
    say: (key, params) => translate(lang, key, params),
  };
}

/** Exactly one argument (the plan file, say), or a usage error. */
export function requireOne(ctx: CliContext, missing: UsageKey = "cli.usage.missingPlan"): string {
  if (ctx.args.length === 0) throw ctx.usage(missing);
  if (ctx.args.length > 1) throw ctx.usage("cli.usage.unexpected", { argument: ctx.args[1]! });
  return ctx.args[0]!;
}
