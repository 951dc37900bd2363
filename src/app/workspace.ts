/**
 * The app's state on the core side: which plan is open, the user's settings,
 * and one handler per contract method. The Electron main process and the
 * end-to-end tests both serve the contract from a Workspace.
 */
import fs from "node:fs";
import path from "node:path";
import type { PlanDocument } from "../domain/document";
import { MatrizError } from "../domain/errors";
import { TEMPLATES, TEMPLATE_IDS } from "../domain/templates";
import { EXAMPLE_IDS, type Input, type MatrizEvent, type Method, type Output, type PlanSummary } from "../api/contract";
import { LATEST_SCHEMA } from "../storage/migrations";
import { PlanStore } from "../storage/plan-store";
import type { SettingsStore } from "./settings";
import { createPlanFromDocument, exampleDocumentPath, readDocumentFile, templateDocument } from "./plans";
import { editingHandlers } from "./editing";
import { directoryHandlers } from "./directory";
import { monitoringHandlers } from "./monitoring";
import { financeHandlers } from "./finance";
import { consolidateSources, writeRegionalWorkbook } from "./regional";
import { defaultPaper, type Paper } from "../domain/paper";
import { REPORT_EXTENSIONS, exportNational, type PdfPrinter, type ReportFormat } from "./exports";
import { summarisePlan } from "../reports/summary";
import { openConflictCounts } from "../spreadsheet/conflicts";

/** Native dialogs live in the shell; the core only asks for a path. */
export interface Dialogs {
  pickPlanToOpen(): Promise<string | null>;
  pickPlanToSave(suggestedName: string, purpose: "create" | "copy"): Promise<string | null>;
  /** Where to write an export; the extension tells the shell which file type to offer. */
  pickExportPath?(suggestedName: string, extension: string): Promise<string | null>;
  /** Returned finance workbooks to import (.xlsx .xls .ods .csv, several at once); empty when cancelled. */
  pickSpreadsheetsToImport?(): Promise<string[]>;
  /** National plan files or national workbooks for a regional consolidation; empty when cancelled. */
  pickRegionalSources?(): Promise<string[]>;
  /** Opens the folder holding this file in the system's file manager, with the file selected. */
  showInFolder?(file: string): void;
}

export interface WorkspaceOptions {
  resourcesDir: string;
  /** Where the example plans are written the first time they are opened. */
  examplesDir: string;
  settings: SettingsStore;
  version: string;
  dialogs?: Dialogs;
  notify?: (event: MatrizEvent) => void;
  /** Electron's printToPDF in the app; without one, PDFs are printed by a system Chromium. */
  printer?: PdfPrinter;
}

type Handlers = { [M in Method]: (input: ParsedInput<M>) => Promise<Output<M>> | Output<M> };
type ParsedInput<M extends Method> = import("zod").output<(typeof import("../api/contract").contract)[M]["input"]>;

export class Workspace {
  private plan: PlanStore | null = null;
  readonly handlers: Handlers;

  constructor(readonly options: WorkspaceOptions) {
    this.handlers = this.buildHandlers();
  }

  get settings(): SettingsStore {
    return this.options.settings;
  }

  get current(): PlanStore | null {
    return this.plan;
  }

  private requirePlan(): PlanStore {
    if (!this.plan) throw new MatrizError("no_plan_open");
    return this.plan;
  }

  private who() {
    return { author: this.settings.userName, source: "typed" as const };
  }

  private summary(): PlanSummary | null {
    return this.plan ? this.plan.info() : null;
  }

  /** Replaces the open plan; the previous one is closed only once the new one opened. */
  private adopt(store: PlanStore): PlanSummary {
    const previous = this.plan;
    this.plan = store;
    if (previous && previous !== store) previous.close();
    this.settings.addRecent(store.path);
    const summary = store.info();
    this.options.notify?.({ type: "plan-changed", plan: summary });
    return summary;
  }

  openPlan(filePath: string): PlanSummary {
    const resolved = path.resolve(filePath);
    if (this.plan?.path === resolved) return this.plan.info();
    return this.adopt(PlanStore.open(resolved));
  }

  openExample(example: (typeof EXAMPLE_IDS)[number]): PlanSummary {
    const target = path.join(this.options.examplesDir, `${example}-mirps-2017.matriz`);
    if (fs.existsSync(target)) return this.openPlan(target);
    fs.mkdirSync(this.options.examplesDir, { recursive: true });
    const doc = readDocumentFile(exampleDocumentPath(this.options.resourcesDir, example));
    const store = createPlanFromDocument(target, doc, { author: this.settings.userName, source: "example" }, {
      language: "en",
      label: `example ${example} (MIRPS 2017)`,
    });
    return this.adopt(store);
  }

  /** First start: open the Guatemala example so the user sees a real matrix straight away. */
  openStartupPlan(fileFromCommandLine?: string | null): PlanSummary | null {
    if (fileFromCommandLine) return this.openPlan(fileFromCommandLine);
    if (!this.settings.examplesOffered) {
      this.settings.markExamplesOffered();
      return this.openExample("guatemala");
    }
    const last = this.settings.snapshot().recent[0];
    if (last) {
      try {
        return this.openPlan(last);
      } catch {
        return null;
      }
    }
    return null;
  }

  createPlan(input: ParsedInput<"plan.create">): PlanSummary {
    const language = input.language ?? this.settings.language;
    const doc = templateDocument(input.template, { language, country: input.country, title: input.title });
    const store = createPlanFromDocument(input.path, doc, this.who(), { overwrite: input.overwrite, label: `new plan from ${input.template}` });
    return this.adopt(store);
  }

  /**
   * Writes a national export. The paper, when not chosen, follows the user's region
   * (Letter in the MIRPS countries), for the menu and the buttons alike.
   */
  async exportNational(target: string, format: ReportFormat, paper?: Paper, chosenInDialog = false) {
    const resolved = path.resolve(target);
    const extension = REPORT_EXTENSIONS[format];
    // A file named for another format is a mistake, or a page trying to write something else (a .bat, say).
    if (!resolved.toLowerCase().endsWith(`.${extension}`)) throw new MatrizError("usage", { detail: `the file name must end in .${extension}: ${resolved}` });
    const { locale } = this.settings.snapshot();
    const plan = this.requirePlan();
    // Open conflicts are written into the output, and the notice after it says so too.
    const conflicts = openConflictCounts(plan.db);
    const out = await exportNational(plan.document(), resolved, { format, language: this.settings.language, locale, paper: paper ?? defaultPaper(locale), conflicts }, this.options.printer);
    this.recordExport(out, format, chosenInDialog, conflicts.open);
    return { path: out };
  }

  /** Tells the page an export was written; one the user placed in a save dialog may then be shown in its folder. */
  private recordExport(out: string, format: Extract<MatrizEvent, { type: "exported" }>["format"], chosenInDialog: boolean, openConflicts = 0): void {
    if (chosenInDialog) this.exported.add(out);
    this.options.notify?.({ type: "exported", path: out, format, ...(openConflicts ? { openConflicts } : {}) });
  }

  /**
   * Files the user chose in a save dialog and an export wrote there: the only ones
   * the page may ask to show in their folder (a path the page typed is not one).
   */
  private readonly exported = new Set<string>();

  showInFolder(file: string): null {
    const target = path.resolve(file);
    if (!this.exported.has(target)) throw new MatrizError("usage", { detail: `only a file exported in this session can be shown: ${target}` });
    this.dialogs().showInFolder?.(target);
    return null;
  }

  private reportDocument: { path: string; revision: number; doc: PlanDocument } | null = null;

  /**
   * The whole plan for summaries, read again only when the plan changed: a filter
   * change in the summaries re-asks many times a second, and reading 50,000
   * budget lines takes about half a second.
   */
  private documentForReports(): PlanDocument {
    const plan = this.requirePlan();
    const revision = plan.revision();
    const cached = this.reportDocument;
    if (cached && cached.path === plan.path && cached.revision === revision) return cached.doc;
    const doc = plan.document();
    this.reportDocument = { path: plan.path, revision, doc };
    return doc;
  }

  closePlan(): void {
    if (!this.plan) return;
    this.plan.close();
    this.plan = null;
    this.options.notify?.({ type: "plan-changed", plan: null });
  }

  dispose(): void {
    this.plan?.close();
    this.plan = null;
  }

  private dialogs(): Dialogs {
    if (!this.options.dialogs) throw new MatrizError("internal", { detail: "no dialogs in this environment" });
    return this.options.dialogs;
  }

  private buildHandlers(): Handlers {
    return {
      ...editingHandlers(
        () => this.requirePlan(),
        () => this.settings.userName,
      ),
      ...directoryHandlers(
        () => this.requirePlan(),
        () => this.settings.userName,
      ),
      ...monitoringHandlers(
        () => this.requirePlan(),
        () => this.settings.userName,
        () => this.documentForReports(),
      ),
      ...financeHandlers({
        plan: () => this.requirePlan(),
        author: () => this.settings.userName,
        language: () => this.settings.language,
        dialogs: () => this.options.dialogs,
        planChanged: () => this.options.notify?.({ type: "plan-changed", plan: this.summary() }),
        importRequested: (paths) => this.options.notify?.({ type: "finance", command: "import", paths }),
        exportedByDialog: (file) => this.exported.add(path.resolve(file)),
      }),
      "app.info": () => ({ name: "Matriz", version: this.options.version, schema: LATEST_SCHEMA }),
      "settings.get": () => this.settings.snapshot(),
      "settings.update": (input) => {
        const settings = this.settings.update(input);
        this.options.notify?.({ type: "settings-changed", settings });
        return settings;
      },
      "recent.clear": () => this.settings.clearRecent(),
      "templates.list": () =>
        TEMPLATE_IDS.map((id) => {
          const t = TEMPLATES[id];
          return {
            id,
            iso3: t.iso3,
            country: t.country,
            pillars: t.pillars.map((p) => ({ number: p.number, title: p.title })),
            profiles: t.profiles.length,
            columns: t.columns.map((c) => c.key),
          };
        }),
      "examples.list": () =>
        EXAMPLE_IDS.map((id) => {
          const doc = readDocumentFile(exampleDocumentPath(this.options.resourcesDir, id));
          const actions = doc.pillars.reduce((n, p) => n + p.needs.reduce((m, need) => m + need.actions.length, 0), 0);
          return { id, country: doc.country, iso3: doc.iso3, actions };
        }),
      "plan.current": () => this.summary(),
      "plan.document": () => this.requirePlan().document(),
      "plan.open": (input) => this.openPlan(input.path),
      "plan.openExample": (input) => this.openExample(input.example),
      "plan.create": (input) => this.createPlan(input),
      "plan.saveCopy": (input) => ({ path: this.requirePlan().saveCopy(input.path) }),
      "plan.close": () => {
        this.closePlan();
        return null;
      },
      "dialog.open": async () => {
        const chosen = await this.dialogs().pickPlanToOpen();
        return chosen ? this.openPlan(chosen) : null;
      },
      "dialog.create": async (input) => {
        const chosen = await this.dialogs().pickPlanToSave(`${input.template}.matriz`, "create");
        if (!chosen) return null;
        // The operating system's save dialog has already asked before replacing a file.
        return this.createPlan({ path: chosen, template: input.template, overwrite: true });
      },
      "dialog.pickRegionalSources": async () => (await this.dialogs().pickRegionalSources?.()) ?? [],
      "regional.consolidate": (input) => consolidateSources(input),
      "dialog.exportRegional": async (input) => {
        const pick = this.dialogs().pickExportPath;
        if (!pick) throw new MatrizError("internal", { detail: "no export dialog in this environment" });
        const chosen = await pick.call(this.dialogs(), `regional-${input.currency}.xlsx`, "xlsx");
        if (!chosen) return null;
        const out = await writeRegionalWorkbook(input, path.resolve(chosen), this.settings.language);
        this.recordExport(out, "regional", true);
        return { path: out };
      },
      "reports.summary": (input) => summarisePlan(this.documentForReports(), input?.filter ?? {}),
      "export.national": (input) => this.exportNational(input.path, input.format, input.paper),
      "dialog.exportNational": async (input) => {
        const plan = this.requirePlan();
        const extension = REPORT_EXTENSIONS[input.format];
        const pick = this.dialogs().pickExportPath;
        if (!pick) throw new MatrizError("internal", { detail: "no export dialog in this environment" });
        const chosen = await pick.call(this.dialogs(), `${path.basename(plan.path, ".matriz")}.${extension}`, extension);
        return chosen ? this.exportNational(chosen, input.format, input.paper, true) : null;
      },
      "file.showInFolder": async (input) => this.showInFolder(input.path),
      "dialog.saveCopy": async () => {
        const plan = this.requirePlan();
        const chosen = await this.dialogs().pickPlanToSave(`${path.basename(plan.path, ".matriz")} (copia).matriz`, "copy");
        return chosen ? { path: plan.saveCopy(chosen) } : null;
      },
    };
  }
}


export type { Input };
