/**
 * An open plan file: the one place that holds its database connection.
 */
import type { Database as Db } from "better-sqlite3";
import type { PlanDocument } from "../domain/document";
import type { TemplateId } from "../domain/templates";
import { MatrizError } from "../domain/errors";
import { inChangeSet, statements, useDevice, type ChangeMeta, type ChangeWriter } from "./change-log";
import { readDocument } from "./document-io";
import { deviceFromEnvironment } from "../sync/device";
import { copyPlanFile, createPlanFile, openPlanFile, type ReadOnlyReason } from "./plan-file";
import { storageFailure } from "./storage-errors";

export interface PlanInfo {
  path: string;
  id: string;
  title: string;
  country: string;
  iso3: string;
  template: TemplateId;
  language: "es" | "en";
  revision: number;
  counts: { pillars: number; needs: number; actions: number };
  upgradedFrom: number | null;
  backupPath: string | null;
  /** Open read-only (the app shows a note and offers no editing), and why. */
  readOnly: boolean;
  readOnlyReason: ReadOnlyReason | null;
}

export interface DeviceIdentity {
  id: string;
  name: string;
}

/**
 * This installation's device, recorded on every change set of the plans it opens:
 * the app sets it beside its settings; elsewhere (the command line, scripts) it
 * comes from MATRIZ_DEVICE / MATRIZ_DEVICE_ID or the user's configuration folder,
 * read the first time a plan is opened.
 */
let localDevice: (() => DeviceIdentity | null) | null = null;
setLocalDevice(() => deviceFromEnvironment(process.env));
export function setLocalDevice(device: DeviceIdentity | (() => DeviceIdentity | null) | null): void {
  if (typeof device === "function") {
    let resolved: DeviceIdentity | null | undefined;
    localDevice = () => (resolved === undefined ? (resolved = device()) : resolved);
  } else localDevice = device ? () => device : null;
}

export class PlanStore {
  private closed = false;
  private constructor(
    readonly db: Db,
    readonly path: string,
    private readonly upgradedFrom: number | null,
    private readonly backupPath: string | null,
    /** Null when the plan can be edited; a read-only plan is a copy in memory that refuses writes. */
    readonly readOnly: ReadOnlyReason | null,
  ) {}

  static open(filePath: string, options: { device?: DeviceIdentity | null } = {}): PlanStore {
    const opened = openPlanFile(filePath);
    if (!opened.readOnly) useDevice(opened.db, options.device === undefined ? (localDevice?.() ?? null) : options.device);
    return new PlanStore(opened.db, opened.path, opened.upgradedFrom, opened.backupPath, opened.readOnly);
  }

  /** Creates a plan file whole (see createPlanFile) and opens it. */
  static create(
    filePath: string,
    meta: ChangeMeta,
    fill: (writer: ChangeWriter) => void,
    options: { overwrite?: boolean } = {},
  ): PlanStore {
    const created = createPlanFile(filePath, (db) => inChangeSet(db, meta, fill), options);
    return PlanStore.open(created);
  }

  /** Throws the message a user reads when this plan cannot take a change. */
  requireWritable(): void {
    if (this.readOnly) throw new MatrizError("plan_read_only", { reason: this.readOnly, path: this.path });
  }

  change<T>(meta: ChangeMeta, work: (writer: ChangeWriter) => T): T {
    this.requireWritable();
    try {
      return inChangeSet(this.db, meta, work);
    } catch (error) {
      throw storageFailure(error, this.path) ?? error;
    }
  }

  revision(): number {
    return (statements(this.db).get("SELECT coalesce(max(id), 0) AS r FROM change_set").get() as { r: number }).r;
  }

  info(): PlanInfo {
    const plan = statements(this.db)
      .get("SELECT id, title, country, iso3, template_id, language FROM plan")
      .get() as { id: string; title: string; country: string; iso3: string; template_id: TemplateId; language: "es" | "en" };
    const count = (table: string) => (statements(this.db).get(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      path: this.path,
      id: plan.id,
      title: plan.title,
      country: plan.country,
      iso3: plan.iso3,
      template: plan.template_id,
      language: plan.language,
      revision: this.revision(),
      counts: { pillars: count("pillar"), needs: count("need"), actions: count("action") },
      upgradedFrom: this.upgradedFrom,
      backupPath: this.backupPath,
      readOnly: this.readOnly !== null,
      readOnlyReason: this.readOnly,
    };
  }

  document(): PlanDocument {
    return readDocument(this.db);
  }

  saveCopy(targetPath: string): string {
    return copyPlanFile(this.db, targetPath);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Fold the write-ahead log back into the file so the plan is one file again (a read-only plan is a copy in memory).
    try {
      if (!this.readOnly) this.db.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      this.db.close();
    }
  }
}
