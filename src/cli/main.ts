/**
 * `npm run matriz -- <command>`: the same core as the app, for secretariats and
 * scripts. Errors are one line on stderr and a non-zero exit; a plan file is
 * either written whole or not at all.
 */
import { parseArgs } from "node:util";
import os from "node:os";
import path from "node:path";
import { MatrizError, isMatrizError } from "../domain/errors";
import { TEMPLATES, TEMPLATE_IDS } from "../domain/templates";
import { errorMessage, languageFromLocale, type Language } from "../i18n";
import { createPlanFromDocument, readDocumentFile, requireTemplate, templateDocument } from "../app/plans";
import { PlanStore, setLocalDevice } from "../storage/plan-store";
import { deviceFromEnvironment } from "../sync/device";
import { exportCommand, importCommand, conflictsCommand, resolveCommand } from "../spreadsheet/cli";
import { nationalExportCommand, regionalCommand, type ReportContext } from "./report-commands";

export const EXIT = { ok: 0, failure: 1, rejected: 2, conflicts: 3, usage: 64 } as const;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const USAGE = `usage: matriz <command> [options]

  templates                                   list template ids
  new <plan.matriz> --template <id>           create a plan from a template
      [--title <text>] [--country <name>] [--lang es|en]
  new <plan.matriz> --from-json <plan.json>   create a plan from a JSON plan document
  show <plan.matriz> --json                   print the whole plan as JSON
  export <plan.matriz> --out <file.xlsx>      finance workbook for one institution or the whole plan
      [--institution <acronym or name>] [--lang es|en]
  import <plan.matriz> <file>...              merge returned workbooks (.xlsx .xls .ods .csv)
      [--dry-run] [--json] [--institution <name>] [--round <n>] [--confirm-matches]
      exit 0: all applied; 3: conflicts wait for review; 2: a file was rejected
  conflicts <plan.matriz> [--json] [--all]    list open merge conflicts
  resolve <plan.matriz> <conflict-id>|--all --take plan|returned|base
  export <plan.matriz> --national --out <file> the consolidated national outputs
      [--format xlsx|hxl|iati|pdf] [--paper A4|Letter] [--lang es|en]
  institutions <plan.matriz> [--json]         the institution directory, action counts, likely duplicates
      [--merge "<name>" --into "<name>"] [--rename "<name>" --to "<new name>"]
  returns <plan.matriz> [--json]              workbooks sent, returned and conflicts open, per institution
  regional <plan.matriz or national workbook.xlsx>... --out <file.xlsx>
                                              several national plans side by side
      [--currency USD] [--rates <rates.csv>]   rates.csv lines: currency,rate,date
  serve <plan.matriz> --port <n> [--code <XXXX-XXXX>] [--bind <address>]
                                              host a live session (prints one line when it listens)
  sync <plan.matriz> --host <address:port> --code <pairing code> [--once]
                                              keep a copy in step with a host (a missing copy is fetched)
  merge <into.matriz> <from.matriz>           merge a copy edited apart; exit 3: conflicts wait for review

Options: --author <name> (who the change log records; default: your login name),
         --force (replace an existing plan file with new), --lang es|en (messages).`;

function usage(detail: string): MatrizError {
  return new MatrizError("usage", { detail: `${detail} (matriz --help lists the commands)` });
}

function requireOne(positionals: string[], what: string): string {
  if (positionals.length === 0) throw usage(`missing ${what}`);
  if (positionals.length > 1) throw usage(`unexpected argument "${positionals[1]}"`);
  return positionals[0]!;
}

function authorFrom(value: string | undefined, env: NodeJS.ProcessEnv): string {
  if (value) return value;
  try {
    return env.MATRIZ_AUTHOR || os.userInfo().username;
  } catch {
    return "matriz-cli";
  }
}

/** Most commands finish synchronously; export returns a promise because writing xlsx is asynchronous. */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  let lang: Language = languageFromLocale(io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG);
  // Every change set a command writes says on which computer (read only when a plan is opened).
  setLocalDevice(() => deviceFromEnvironment(io.env));
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
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
        port: { type: "string" },
        code: { type: "string" },
        host: { type: "string" },
        bind: { type: "string" },
        once: { type: "boolean" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.lang !== undefined) {
      if (values.lang !== "es" && values.lang !== "en") throw usage(`--lang must be es or en, not "${values.lang}"`);
      lang = values.lang;
    }
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.out(USAGE);
      return values.help ? EXIT.ok : EXIT.usage;
    }
    const resolve = (p: string) => path.resolve(io.cwd, p);
    const reportContext = (plans: string[]): ReportContext => ({
      plans,
      values,
      lang,
      // "es_GT.UTF-8" as the shell writes it, "es-GT" as Intl reads it.
      locale: (io.env.LC_ALL || io.env.LC_NUMERIC || io.env.LANG || lang).split(".")[0]!.replace("_", "-"),
      cwd: io.cwd,
      out: io.out,
      warn: io.err,
      usage,
    });
    switch (command) {
      case "templates": {
        if (rest.length) throw usage(`unexpected argument "${rest[0]}"`);
        for (const id of TEMPLATE_IDS) {
          const t = TEMPLATES[id];
          io.out(`${id}\t${t.country?.[lang] ?? "—"}\t${t.pillars.length} pillars${t.profiles.length ? `, ${t.profiles.length} profiles` : ""}`);
        }
        return EXIT.ok;
      }
      case "new": {
        const target = resolve(requireOne(rest, "the plan file to create"));
        if (!target.toLowerCase().endsWith(".matriz")) throw usage(`the plan file name must end in .matriz: ${target}`);
        const who = { author: authorFrom(values.author, io.env), source: "cli" as const };
        const fromJson = values["from-json"];
        if (Boolean(values.template) === Boolean(fromJson)) throw usage("give exactly one of --template <id> or --from-json <file>");
        let store: PlanStore;
        if (fromJson) {
          const source = resolve(fromJson);
          const doc = readDocumentFile(source);
          store = createPlanFromDocument(target, doc, who, {
            overwrite: values.force,
            language: doc.language ?? "en",
            label: `new plan from ${path.basename(source)}`,
          });
        } else {
          const templateId = requireTemplate(values.template!);
          const doc = templateDocument(templateId, { language: values.lang === "en" ? "en" : values.lang === "es" ? "es" : lang, title: values.title, country: values.country });
          store = createPlanFromDocument(target, doc, who, { overwrite: values.force, label: `new plan from ${templateId}` });
        }
        const info = store.info();
        store.close();
        io.out(`${info.path}\t${info.country}\t${info.counts.pillars} pillars, ${info.counts.needs} needs, ${info.counts.actions} actions`);
        return EXIT.ok;
      }
      case "show": {
        const target = resolve(requireOne(rest, "the plan file to show"));
        if (!values.json) throw usage("show needs --json (the only output format so far)");
        const store = PlanStore.open(target);
        try {
          io.out(JSON.stringify(store.document(), null, 2));
        } finally {
          store.close();
        }
        return EXIT.ok;
      }
      case "institutions":
      case "returns": {
        // Directory and returns tracker: their own modules, loaded only when asked for.
        const [planArg, ...extra] = rest;
        if (!planArg) throw usage("missing the plan file");
        const context = { plan: resolve(planArg), extra, values, lang, author: authorFrom(values.author, io.env), out: io.out, usage };
        const run = command === "institutions" ? import("./institutions-command").then((m) => m.institutionsCommand(context)) : import("./returns-command").then((m) => m.returnsCommand(context));
        return run.catch((error: unknown) => report(error, lang, io));
      }
      case "regional":
        return regionalCommand(reportContext(rest.map(resolve))).catch((error: unknown) => report(error, lang, io));
      case "export":
      case "import":
      case "conflicts":
      case "resolve": {
        // Without --national, export is an institution's (or the whole plan's) finance workbook.
        if (command === "export" && values.national) return nationalExportCommand(reportContext(rest.map(resolve))).catch((error: unknown) => report(error, lang, io));
        const [planArg, ...files] = rest;
        if (!planArg) throw usage("missing the plan file");
        const context = { plan: resolve(planArg), files: files.map(resolve), values, lang, io, author: authorFrom(values.author, io.env), usage };
        if (command === "export") return exportCommand(context).catch((error: unknown) => report(error, lang, io));
        if (command === "import") return importCommand(context);
        if (command === "conflicts") return conflictsCommand(context);
        return resolveCommand({ ...context, files });
      }
      case "serve":
      case "sync":
      case "merge":
        // Live editing loads its libraries only when used.
        return import("../sync/cli")
          .then((live) => live.runSyncCommand({ command, args: rest.map(resolve), values, author: authorFrom(values.author, io.env), lang, env: io.env, out: io.out, err: io.err, usage }))
          .catch((error: unknown) => report(error, lang, io));
      default:
        throw usage(`unknown command "${command}"`);
    }
  } catch (error) {
    return report(error, lang, io);
  }
}

/** One line on stderr and the exit code for any failure. */
function report(error: unknown, lang: Language, io: CliIo): number {
  {
    if (isMatrizError(error)) {
      const message = errorMessage(lang, error.code, error.params);
      io.err(`matriz: ${message}`);
      return error.code === "usage" ? EXIT.usage : EXIT.failure;
    }
    const code = (error as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      io.err(`matriz: ${(error as Error).message.split("\n")[0]} (matriz --help lists the commands)`);
      return EXIT.usage;
    }
    io.err(`matriz: ${errorMessage(lang, "internal", { detail: (error as Error).message })}`);
    return EXIT.failure;
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]).replace(/\.[cm]?[jt]s$/, "") === path.resolve(import.meta.dirname, "main");
if (invokedDirectly) {
  void Promise.resolve(
    runCli(process.argv.slice(2), {
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      env: process.env,
      cwd: process.env.INIT_CWD ?? process.cwd(),
    }),
  ).then((code) => (process.exitCode = code));
}
