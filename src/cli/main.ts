/**
 * `npm run matriz -- <command>`: the same core as the app, for secretariats and
 * scripts. Every message of a run is in one language (LANG, or --lang); errors
 * are one line on stderr and a non-zero exit; a plan file is written whole or
 * not at all. `npm run matriz` runs the bundle in out/cli (scripts/build-cli.mjs).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { isMatrizError } from "../domain/errors";
import { errorMessage, languageFromLocale, translate, type Language } from "../i18n";
import { storageFailure } from "../storage/storage-errors";
import { EXIT, OPTIONS, makeContext, usageError, type CliCommand, type CliIo } from "./context";

export { EXIT, type CliIo } from "./context";

/**
 * The commands, each module loaded only when its command runs: `templates` does
 * not pay for SQLite, the workbook libraries or the document schemas. A new
 * command is one line here and a module exporting a CliCommand.
 */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  templates: async () => (await import("./template-commands")).templatesCommand,
  new: async () => (await import("./plan-commands")).newCommand,
  show: async () => (await import("./plan-commands")).showCommand,
  export: async () => (await import("./finance-commands")).exportCommand,
  import: async () => (await import("./finance-commands")).importCommand,
  conflicts: async () => (await import("./conflicts-command")).conflictsCommand,
  resolve: async () => (await import("./finance-commands")).resolveCommand,
  regional: async () => (await import("./report-commands")).regionalCommand,
  institutions: async () => (await import("./institutions-command")).institutionsCommand,
  returns: async () => (await import("./returns-command")).returnsCommand,
  serve: async () => (await import("../sync/cli")).serveCommand,
  sync: async () => (await import("../sync/cli")).syncCommand,
  merge: async () => (await import("../sync/cli")).mergeCommand,
};

/** The language of this run: --lang when it is given (even before an option fails to parse), else LC_ALL, LC_MESSAGES, LANG. */
function languageOf(argv: string[], env: NodeJS.ProcessEnv): Language {
  const at = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  const given = at < 0 ? undefined : argv[at]!.startsWith("--lang=") ? argv[at]!.slice("--lang=".length) : argv[at + 1];
  if (given === "es" || given === "en") return given;
  return languageFromLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

/** Node's parseArgs says what is wrong in English; said here in the run's language. */
function parseFailure(error: unknown, lang: Language): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS")) return error;
  const message = (error as Error).message;
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? message.split("\n")[0]!;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return usageError(lang, "cli.usage.unknownOption", { option });
  if (/argument missing/.test(message)) return usageError(lang, "cli.usage.missingValue", { option });
  return usageError(lang, "cli.usage.noValue", { option });
}

/** Runs one command line; answers the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const lang = languageOf(argv, io.env);
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
    } catch (error) {
      throw parseFailure(error, lang);
    }
    const { values, positionals } = parsed;
    if (values.lang !== undefined && values.lang !== "es" && values.lang !== "en") throw usageError(lang, "cli.usage.lang", { value: values.lang });
    const [command, ...args] = positionals;
    if (values.help || !command) {
      io.out(translate(lang, "cli.help"));
      return values.help ? EXIT.ok : EXIT.usage;
    }
    const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw usageError(lang, "cli.usage.unknownCommand", { command });
    const run = await load();
    return await run(makeContext(args, values, lang, io));
  } catch (error) {
    return report(error, lang, io);
  }
}

/** One line on stderr and the exit code for any failure. */
export function report(error: unknown, lang: Language, io: CliIo): number {
  const known = isMatrizError(error) ? error : storageFailure(error);
  if (known) {
    io.err(`matriz: ${errorMessage(lang, known.code, known.params)}`);
    return known.code === "usage" ? EXIT.usage : EXIT.failure;
  }
  const detail = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  io.err(`matriz: ${errorMessage(lang, "internal", { detail })}`);
  return EXIT.failure;
}

/** Matriz runs on Node 24 LTS or later (package.json engines); null when this Node will do. */
export function nodeTooOld(version: string): { found: string; needed: number } | null {
  const major = Number(version.split(".")[0]);
  return major >= MINIMUM_NODE ? null : { found: version, needed: MINIMUM_NODE };
}
const MINIMUM_NODE = 24;

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]).replace(/\.[cm]?[jt]s$/, "") === path.resolve(import.meta.dirname, "main");
if (invokedDirectly) {
  // A reader that stops early (`matriz templates | head -1`) closes the pipe: nothing more is
  // written and the command ends quietly, its work finished (an import is not cut half-way).
  const closed = new Set<NodeJS.WriteStream>();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      closed.add(stream);
    });
  }
  const write = (stream: NodeJS.WriteStream) => (text: string) => {
    if (!closed.has(stream)) stream.write(`${text}\n`);
  };
  // An older Node fails later with the native SQLite module's own words (a "NODE_MODULE_VERSION" mismatch): say it plainly first.
  const tooOld = nodeTooOld(process.versions.node);
  if (tooOld) {
    write(process.stderr)(`matriz: ${translate(languageOf(process.argv.slice(2), process.env), "cli.nodeTooOld", tooOld)}`);
    process.exitCode = EXIT.failure;
  } else {
    void runCli(process.argv.slice(2), {
      out: write(process.stdout),
      err: write(process.stderr),
      env: process.env,
      cwd: process.env.INIT_CWD ?? process.cwd(),
    }).then((code) => (process.exitCode = code));
  }
}
