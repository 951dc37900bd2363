/**
 * The app's state on the core side: which plan is open, the user's settings,
 * and one handler per contract method. The Electron main process and the
 * end-to-end tests both serve the contract from a Workspace.
 */
import fs from "node:fs";
import path from "node:path";
import type { PlanDocument } from "../domain/document";
import { encodeChangeLabel } from "../domain/change-labels";
import { MatrizError } from "../domain/errors";
import { TEMPLATES, TEMPLATE_IDS, type TemplateId } from "../domain/templates";
import type { Language } from "../i18n";
import { EXAMPLE_IDS, type GrantedFile, type Input, type MatrizEvent, type Method, type Output, type PlanSummary, type Settings } from "../api/contract";
import { toApiError } from "../api/dispatch";
import { LATEST_SCHEMA } from "../storage/migrations";
import { PlanStore } from "../storage/plan-store";
import { defaultTitle } from "../storage/document-io";
import type { SettingsStore } from "./settings";
import { createPlanFromDocument, exampleDocumentPath, readDocumentFile, templateDocument } from "./plans";
import { editingHandlers } from "./editing";
import { directoryHandlers } from "./directory";
import { monitoringHandlers } from "./monitoring";
import { financeHandlers } from "./finance";
import { consolidateSources, loadNationalSource, writeRegionalWorkbook, type RegionalRequest } from "./regional";
import { defaultPaper, type Paper } from "../domain/paper";
import { REPORT_EXTENSIONS, exportNational, type PdfPrinter, type ReportFormat } from "./exports";
import { exportAnnualReport, exportRoundReport, type MonitoringReportOptions } from "./monitoring-exports";
import { exportMonitoringWorkbook } from "../monitoring/workbook-export";
import { findInstitution } from "../spreadsheet/snapshot";
import { summarisePlan } from "../reports/summary";
import { openConflictCounts } from "../spreadsheet/conflicts";
import { FileGrants, isUncPath } from "./file-grants";
import { Tasks, eachStep, isCancelled, type TaskRun } from "./tasks";
import type { ShellState } from "./core-protocol";
import { LiveController } from "./live";
import { deviceOf, useDevice } from "../storage/change-log";
import { deviceFromEnvironment, type Device } from "../sync/device";

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
  /** Prints the chapter PDF: Electron's printToPDF in the app, a system Chromium in the tests and the CLI. */
  printer?: PdfPrinter;
  /** This laptop, on every change it records (History says on which laptop); by default the environment's. */
  device?: Device;
  /** Where plans fetched from a live workshop's host are kept; by default "Talleres" beside the examples. */
  workshopsDir?: string;
}

type Handlers = { [M in Method]: (input: ParsedInput<M>) => Promise<Output<M>> | Output<M> };
type ParsedInput<M extends Method> = import("zod").output<(typeof import("../api/contract").contract)[M]["input"]>;

export class Workspace {
  private plan: PlanStore | null = null;
  readonly handlers: Handlers;
  /** The files the page may name, by handle. */
  readonly grants = new FileGrants();
  /** Long calls the page follows and may cancel. */
  readonly tasks = new Tasks((event) => this.options.notify?.(event));
  /** The live workshop on the open plan. */
  readonly live: LiveController;

  constructor(readonly options: WorkspaceOptions) {
    this.live = new LiveController({
      plan: () => this.plan,
      author: () => this.settings.userName,
      device: () => this.device(),
      language: () => this.settings.language,
      notify: (event) => this.options.notify?.(event),
      openFetched: (file) => void this.adopt(PlanStore.open(file, { device: this.device() })),
      workshopsDir: options.workshopsDir ?? path.join(path.dirname(options.examplesDir), "Talleres"),
    });
    this.handlers = this.withLiveEdits(this.buildHandlers());
  }

  /** This laptop: given by the shell (kept beside the settings), else the open plan's, else the environment's. */
  device(): Device {
    return this.options.device ?? (this.plan ? deviceOf(this.plan.db) : null) ?? deviceFromEnvironment(process.env);
  }

  /**
   * Every handler, wrapped so that during a live session other laptops' edits waiting to be
   * told reach the page before a call's answer, and the page's revision is known after it.
   */
  private withLiveEdits(handlers: Handlers): Handlers {
    const wrapped: Record<string, (input: never) => unknown> = {};
    for (const [method, handler] of Object.entries(handlers) as Array<[string, (input: never) => unknown]>) {
      wrapped[method] = (input) => {
        if (!this.live.active) return handler(input);
        this.live.beforeCall();
        const answer = handler(input);
        if (answer instanceof Promise) return answer.finally(() => this.live.afterCall());
        this.live.afterCall();
        return answer;
      };
    }
    return wrapped as unknown as Handlers;
  }

  /** The settings as the page sees them: each recent plan with a handle to open it by. */
  settingsView(): Settings {
    const snapshot = this.settings.snapshot();
    return { ...snapshot, recent: snapshot.recent.map((file) => this.grants.describe(file, "plan")) };
  }

  /** What the shell's menu shows (the shell is trusted with paths: the recent menu opens them). */
  shellState(): ShellState {
    const snapshot = this.settings.snapshot();
    return { language: snapshot.resolvedLanguage, languagePreference: snapshot.language, recent: snapshot.recent, hasPlan: this.plan !== null, planReadOnly: Boolean(this.plan?.readOnly), planPath: this.plan?.path ?? null };
  }

  /**
   * Files dropped on the window, as the shell read them from the drop: granted for
   * import, then the page is asked to preview them. A network path is refused on
   * Windows (opening it would reach out to that server); local files still come.
   */
  receiveDroppedFiles(files: readonly string[], platform: string): GrantedFile[] {
    this.requirePlan();
    // A drop only ever carries absolute paths; anything else is not a file the user dropped.
    const absolute = files.filter((file) => path.isAbsolute(file) || (platform === "win32" && isUncPath(file)));
    const network = platform === "win32" ? absolute.filter(isUncPath) : [];
    const usable = absolute.filter((file) => !network.includes(file));
    for (const file of network.slice(0, 3)) {
      this.options.notify?.({ type: "error", error: toApiError(new MatrizError("network_path", { path: file }), this.settings.language) });
    }
    const granted = usable.map((file) => this.grants.describe(file, "spreadsheet"));
    if (granted.length) this.options.notify?.({ type: "finance", command: "import", files: granted });
    return granted;
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

  /** Replaces the open plan; the previous one is closed only once the new one opened (and its live session ended). */
  private adopt(store: PlanStore): PlanSummary {
    const previous = this.plan;
    this.plan = store;
    if (!store.readOnly && this.options.device) useDevice(store.db, this.options.device);
    if (previous && previous !== store) this.release(previous);
    this.settings.addRecent(store.path);
    const summary = store.info();
    this.options.notify?.({ type: "plan-changed", plan: summary });
    return summary;
  }

  openPlan(filePath: string): PlanSummary {
    const resolved = path.resolve(filePath);
    if (this.plan?.path === resolved) return this.plan.info();
    return this.adopt(PlanStore.open(resolved, this.options.device ? { device: this.options.device } : {}));
  }

  openExample(example: (typeof EXAMPLE_IDS)[number]): PlanSummary {
    const target = path.join(this.options.examplesDir, `${example}-mirps-2017.matriz`);
    if (fs.existsSync(target)) return this.openPlan(target);
    fs.mkdirSync(this.options.examplesDir, { recursive: true });
    const doc = readDocumentFile(exampleDocumentPath(this.options.resourcesDir, example));
    // The 2017 texts are English, but the plan's title is the user's: in the language of the app that made it.
    const language = this.settings.language;
    doc.title ??= defaultTitle(TEMPLATES[example].country?.[language] ?? doc.country, language);
    const store = createPlanFromDocument(target, doc, { author: this.settings.userName, source: "example" }, {
      language: "en",
      label: encodeChangeLabel({ label: "plan.fromExample", example }),
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

  /** A new plan from a template at a path the shell's save dialog (or a test) chose. */
  createPlan(input: { path: string; template: TemplateId; title?: string; country?: string; language?: Language; overwrite?: boolean }): PlanSummary {
    const language = input.language ?? this.settings.language;
    const doc = templateDocument(input.template, { language, country: input.country, title: input.title });
    const store = createPlanFromDocument(input.path, doc, this.who(), { overwrite: input.overwrite, label: encodeChangeLabel({ label: "plan.fromTemplate", template: input.template }) });
    return this.adopt(store);
  }

  /**
   * Writes a national export. The paper, when not chosen, follows the user's region
   * (Letter in the MIRPS countries), for the menu and the buttons alike. A cancelled
   * task stops before the file is written.
   */
  async exportNational(target: string, format: ReportFormat, paper?: Paper, task?: TaskRun): Promise<GrantedFile> {
    const resolved = path.resolve(target);
    const extension = REPORT_EXTENSIONS[format];
    // A file named for another format is a mistake (the save dialog adds the extension).
    if (!resolved.toLowerCase().endsWith(`.${extension}`)) throw new MatrizError("wrong_extension", { path: resolved, extension });
    const { locale } = this.settings.snapshot();
    const plan = this.requirePlan();
    // Open conflicts are written into the output, and the notice after it says so too.
    const conflicts = openConflictCounts(plan.db);
    task?.progress(0, 1, path.basename(resolved));
    const options = { format, language: this.settings.language, locale, paper: paper ?? defaultPaper(locale), conflicts, stop: task ? () => task.cancelled : undefined };
    const out = await exportNational(plan.document(), resolved, options, this.options.printer);
    task?.progress(1, 1, path.basename(resolved));
    return this.recordExport(out, format, conflicts.open);
  }

  /** Where to write an export, from the shell's save dialog; null when the user cancelled. */
  private async pickExport(suggested: string, extension: string): Promise<string | null> {
    const pick = this.dialogs().pickExportPath;
    if (!pick) throw new MatrizError("internal", { detail: "no export dialog in this environment" });
    return pick.call(this.dialogs(), suggested, extension);
  }

  private monitoringReportOptions(format: "xlsx" | "pdf", paper: Paper | undefined, task: TaskRun): MonitoringReportOptions {
    const { locale } = this.settings.snapshot();
    return { format, language: this.settings.language, locale, paper: paper ?? defaultPaper(locale), stop: () => task.cancelled };
  }

  /** Tells the page an export was written where the user chose; the handle lets it be shown in its folder. */
  private recordExport(out: string, format: Extract<MatrizEvent, { type: "exported" }>["format"], openConflicts = 0): GrantedFile {
    const file = this.grants.describe(out, "exported");
    this.options.notify?.({ type: "exported", handle: file.handle, path: file.path, format, ...(openConflicts ? { openConflicts } : {}) });
    return file;
  }

  /** Opens the folder of a file an export wrote where the user chose (the only files the page may show). */
  showInFolder(handle: string): null {
    this.dialogs().showInFolder?.(this.grants.resolve(handle, "exported"));
    return null;
  }

  /** The regional request with the page's handles turned into the files the user chose. */
  private regionalRequest(input: ParsedInput<"regional.consolidate">): RegionalRequest {
    return { files: input.sources.map((handle) => this.grants.resolve(handle, "national-source")), currency: input.currency, rates: input.rates, mapping: input.mapping };
  }

  /** Reads the sources one by one, yielding between them, so the core answers other calls meanwhile (they are then cached). */
  private async readSources(files: readonly string[], task: TaskRun): Promise<boolean> {
    const { stopped } = await eachStep(files, task, (file) => path.basename(file), loadNationalSource);
    return !stopped;
  }

  private async consolidate(input: ParsedInput<"regional.consolidate">): Promise<Output<"regional.consolidate">> {
    const request = this.regionalRequest(input);
    return this.tasks.run(input.task, async (task) => {
      // Cancelled: nothing was consolidated; the page keeps what it showed.
      if (!(await this.readSources(request.files, task))) return null;
      const answer = consolidateSources(request);
      return { ...answer, sources: answer.sources.map((s, i) => ({ handle: input.sources[i]!, name: path.basename(s.file), country: s.country, iso3: s.iso3 })) };
    });
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

  /** Closes a plan that is no longer open, once its live session (if any) has let go of it. */
  private release(store: PlanStore): Promise<void> | void {
    if (this.live.plan !== store) return store.close();
    return this.live.stop().then(
      () => store.close(),
      () => store.close(),
    );
  }

  closePlan(): void {
    if (!this.plan) return;
    void this.release(this.plan);
    this.plan = null;
    this.options.notify?.({ type: "plan-changed", plan: null });
  }

  /** Closes the plan (after its live session, if any) before the app quits. */
  dispose(): Promise<void> | void {
    const plan = this.plan;
    this.plan = null;
    if (plan) return this.release(plan);
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
        isOpen: (store) => this.plan === store,
        author: () => this.settings.userName,
        language: () => this.settings.language,
        dialogs: () => this.options.dialogs,
        planChanged: () => this.options.notify?.({ type: "plan-changed", plan: this.summary() }),
        grants: this.grants,
        tasks: this.tasks,
        exported: (file) => this.grants.describe(file, "exported"),
      }),
      "app.info": () => ({ name: "Matriz", version: this.options.version, schema: LATEST_SCHEMA }),
      "settings.get": () => this.settingsView(),
      "settings.update": (input) => {
        this.settings.update(input);
        const settings = this.settingsView();
        this.options.notify?.({ type: "settings-changed", settings });
        return settings;
      },
      "recent.clear": () => {
        this.settings.clearRecent();
        this.grants.revokeAll("plan");
        const settings = this.settingsView();
        // Announced: the menu clears the list too, and the page's welcome screen must follow.
        this.options.notify?.({ type: "settings-changed", settings });
        return settings;
      },
      "task.cancel": (input) => ({ cancelled: this.tasks.cancel(input.task) }),
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
      "plan.open": (input) => this.openPlan(this.grants.resolve(input.handle, "plan")),
      "plan.openExample": (input) => this.openExample(input.example),
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
      "dialog.pickRegionalSources": async () => {
        const picked = (await this.dialogs().pickRegionalSources?.()) ?? [];
        return picked.map((file) => this.grants.describe(file, "national-source"));
      },
      "regional.consolidate": (input) => this.consolidate(input),
      "dialog.exportRegional": async (input) => {
        const request = this.regionalRequest(input);
        const pick = this.dialogs().pickExportPath;
        if (!pick) throw new MatrizError("internal", { detail: "no export dialog in this environment" });
        const chosen = await pick.call(this.dialogs(), `regional-${input.currency}.xlsx`, "xlsx");
        if (!chosen) return null;
        return this.tasks.run(input.task, async (task) => {
          if (!(await this.readSources(request.files, task))) return null;
          try {
            const out = await writeRegionalWorkbook(request, path.resolve(chosen), this.settings.language, () => task.cancelled);
            return this.recordExport(out, "regional");
          } catch (error) {
            if (isCancelled(error)) return null;
            throw error;
          }
        });
      },
      "reports.summary": (input) => summarisePlan(this.documentForReports(), input?.filter ?? {}),
      "dialog.exportMonitoring": async (input) => {
        const plan = this.requirePlan();
        // The file is named after the institution as people know it, not its id.
        const found = findInstitution(plan.db, input.institution);
        const name = (found?.label ?? input.institution).replace(/[\\/:*?"<>|]+/g, "-");
        const chosen = await this.pickExport(`${path.basename(plan.path, ".matriz")} - ${name} - ${input.period}.xlsx`, "xlsx");
        if (!chosen) return null;
        return this.tasks.run(input.task, async (task) => {
          task.progress(0, 1, path.basename(chosen));
          const made = await exportMonitoringWorkbook(plan.db, path.resolve(chosen), { institution: input.institution, period: input.period, language: input.language });
          task.progress(1, 1, path.basename(chosen));
          return { ...this.grants.describe(path.resolve(chosen), "exported"), rows: made.rows, exportId: made.exportId };
        });
      },
      "dialog.exportAnnualReport": async (input) => {
        const plan = this.requirePlan();
        const chosen = await this.pickExport(`${path.basename(plan.path, ".matriz")} - ${input.period}.${input.format}`, input.format);
        if (!chosen) return null;
        return this.tasks.run(input.task, async (task) => {
          try {
            const out = await exportAnnualReport(plan, path.resolve(chosen), input.period, this.monitoringReportOptions(input.format, input.paper, task), this.options.printer);
            return this.recordExport(out, input.format);
          } catch (error) {
            if (isCancelled(error)) return null;
            throw error;
          }
        });
      },
      "dialog.exportRoundReport": async (input) => {
        const plan = this.requirePlan();
        const chosen = await this.pickExport(`${path.basename(plan.path, ".matriz")} - ${input.round}.${input.format}`, input.format);
        if (!chosen) return null;
        return this.tasks.run(input.task, async (task) => {
          try {
            const out = await exportRoundReport(plan, path.resolve(chosen), input.round, this.monitoringReportOptions(input.format, input.paper, task), this.options.printer);
            return this.recordExport(out, input.format);
          } catch (error) {
            if (isCancelled(error)) return null;
            throw error;
          }
        });
      },
      "dialog.exportNational": async (input) => {
        const plan = this.requirePlan();
        const extension = REPORT_EXTENSIONS[input.format];
        const pick = this.dialogs().pickExportPath;
        if (!pick) throw new MatrizError("internal", { detail: "no export dialog in this environment" });
        const chosen = await pick.call(this.dialogs(), `${path.basename(plan.path, ".matriz")}.${extension}`, extension);
        if (!chosen) return null;
        return this.tasks.run(input.task, async (task) => {
          try {
            return await this.exportNational(chosen, input.format, input.paper, task);
          } catch (error) {
            if (isCancelled(error)) return null;
            throw error;
          }
        });
      },
      "file.showInFolder": (input) => this.showInFolder(input.handle),
      "dialog.saveCopy": async () => {
        const plan = this.requirePlan();
        const chosen = await this.dialogs().pickPlanToSave(`${path.basename(plan.path, ".matriz")} (copia).matriz`, "copy");
        return chosen ? { path: plan.saveCopy(chosen) } : null;
      },
      "dialog.mergeCopy": async () => {
        const plan = this.requirePlan();
        plan.requireWritable();
        const chosen = await this.dialogs().pickPlanToOpen();
        if (!chosen || this.plan !== plan) return null;
        const merged = this.live.merge(plan, chosen);
        this.options.notify?.({ type: "plan-changed", plan: this.summary() });
        return { file: merged.from, changes: merged.changeSets, conflicts: merged.conflicts, refused: merged.refused };
      },
      /* ---- live workshop ---- */
      "live.state": () => this.live.state(),
      "live.host": (input) => this.live.host(input?.port ?? 0),
      "live.join": (input) => this.live.join(input),
      "live.stop": () => this.live.stop(),
      "live.invitation": () => this.live.takeInvitation(),
      "live.discover": () => this.live.discover(),
      "live.cursor": (input) => {
        this.live.setCursor(input.cursor);
        return null;
      },
      "live.assign": (input) => this.live.assign(input.device, input.pillar),
      "live.lock": (input) => this.live.lock(input.pillar, input.locked),
      "live.conflicts": (input) => this.live.conflicts(this.requirePlan(), input?.all),
      "live.resolve": (input) => {
        const plan = this.requirePlan();
        const resolved = this.live.resolve(plan, input.all ? "all" : input.ids!, input.take);
        this.options.notify?.({ type: "plan-changed", plan: this.summary() });
        return { resolved, revision: plan.revision() };
      },
    };
  }
}


export type { Input };
