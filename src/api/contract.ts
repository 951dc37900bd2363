/**
 * The one API contract between the UI and the core. Each method's input and
 * output is a zod schema; the TypeScript types are inferred from them. The main
 * process validates every input here before a handler sees it; the preload
 * exposes `invoke` for exactly these methods; end-to-end tests inject the same
 * `invoke` into Chromium. Nothing else crosses from the renderer to the core.
 *
 * Pure TypeScript + zod: the renderer imports it for types only.
 */
import { z } from "zod";
import {
  ACTION_STATUSES,
  CUSTOM_COLUMN_KINDS,
  FUNDING_SOURCES,
  INSTITUTION_KINDS,
  INSTITUTION_LEVELS,
  attendanceSchema,
  budgetLineSchema,
  consultationRoundSchema,
  SEXES,
  indicatorSchema,
  periodSchema,
  planDocumentSchema,
  progressNoteSchema,
} from "../domain/document";
import { REPORTING_KINDS } from "../domain/periods";
import { TEMPLATE_IDS } from "../domain/templates";
import type { GridDelta, GridDocument } from "../domain/grid";

const language = z.enum(["es", "en"]);
/**
 * A file the user chose (a dialog, a drop on the window, the recent list), named by the
 * handle the core minted for it. The page never sends a path: nothing it could type
 * reaches the disk (see src/app/file-grants.ts).
 */
const fileHandle = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, "must be a file handle given by Matriz, not a path");
/** What the page gets for a chosen file: the handle to send back, and the name and path to show. */
export const grantedFileSchema = z.object({ handle: z.string(), name: z.string(), path: z.string() });
export type GrantedFile = z.infer<typeof grantedFileSchema>;
/** The page's own id for a long call, so it can follow its progress and cancel it (task.cancel). */
const taskId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a task id of letters, digits, - and _");
const nothing = z.undefined().or(z.null()).or(z.object({}).strict()).transform(() => undefined);
const id = z.string().trim().min(1, "an id is required").max(100);
const shortText = z.string().trim().min(1, "must not be empty").max(2000);
const longText = z.string().max(100_000);
const rowKind = z.enum(["need", "action"]);
const placement = z.union([
  z.object({ before: id }).strict(),
  z.object({ after: id }).strict(),
  z.object({ end: z.literal(true) }).strict(),
  z.object({ start: z.literal(true) }).strict(),
]);

export const historyStateSchema = z.object({
  undo: z.object({ id: z.number().int(), label: z.string() }).nullable(),
  redo: z.object({ id: z.number().int(), label: z.string() }).nullable(),
});
/**
 * JSON text of a value. The grid and its changes cross IPC as one string: copying a
 * string is far cheaper than cloning a tree of ten thousand objects. Parse with JSON.parse.
 */
export type JsonText<T> = string & { readonly __jsonOf?: T };
const jsonText = <T>() => z.string() as unknown as z.ZodType<JsonText<T>, JsonText<T>>;
/**
 * What every edit answers: the plan's new revision, what undo/redo would do next,
 * and what the edit did to the grid (gridDeltaSchema as JSON text), so the editor patches its copy.
 */
export const editResultSchema = z.object({ revision: z.number().int(), history: historyStateSchema, grid: jsonText<GridDelta>().optional() });
export const deletePreviewSchema = z.object({
  kind: rowKind,
  id: z.string(),
  title: z.string(),
  actions: z.number().int(),
  budgetLines: z.number().int(),
});
export const historyEntrySchema = z.object({
  changeSet: z.number().int(),
  at: z.string(),
  author: z.string(),
  /** The laptop it was typed on (live workshops); null before devices were recorded. */
  device: z.string().nullable().optional(),
  round: z.number().int().nullable(),
  source: z.string(),
  label: z.string(),
  entity: z.string(),
  entityId: z.string(),
  op: z.enum(["insert", "update", "delete"]),
  field: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  /** The institution a link or budget line is about, as the directory names it now. */
  institution: z.string().nullable().optional(),
  /** A budget line's year, amount and currency. */
  line: z.object({ year: z.number().int(), amount: z.number().nullable(), currency: z.string() }).nullable().optional(),
  /** The words a long text edit changed ("gap": unchanged words left out). */
  diff: z.array(z.object({ kind: z.enum(["same", "added", "removed", "gap"]), text: z.string() })).nullable().optional(),
  /** A value of the plan's own column: that column's headings in both languages. */
  column: z.object({ es: z.string(), en: z.string() }).nullable().optional(),
});

const optionalText = z.string().trim().max(500).nullable().optional();
const institutionDetailsSchema = z
  .object({
    acronym: optionalText,
    name_es: optionalText,
    name_en: optionalText,
    kind: z.enum(INSTITUTION_KINDS).nullable().optional(),
    focal_name: optionalText,
    focal_email: z.union([z.literal(""), z.string().trim().max(320).email("must be an e-mail address such as name@example.org")]).nullable().optional(),
    focal_phone: z.string().trim().max(60).regex(/^[0-9+()./ -]*$/, "must be a phone number (digits, spaces, + - ( ) .)").nullable().optional(),
    level: z.enum(INSTITUTION_LEVELS).nullable().optional(),
  })
  .strict();
export const directoryEntrySchema = z.object({
  id: z.string(),
  label: z.string(),
  acronym: z.string().nullable(),
  name_es: z.string().nullable(),
  name_en: z.string().nullable(),
  kind: z.enum(INSTITUTION_KINDS).nullable(),
  focal_name: z.string().nullable(),
  focal_email: z.string().nullable(),
  focal_phone: z.string().nullable(),
  level: z.enum(INSTITUTION_LEVELS).nullable(),
  actions: z.number().int(),
  leads: z.number().int(),
  budgetLines: z.number().int(),
  merged: z.array(z.string()),
});
export const duplicateGroupSchema = z.object({
  into: z.string(),
  ids: z.array(z.string()),
  labels: z.array(z.string()),
  reasons: z.array(z.object({ kind: z.enum(["acronym", "words"]), value: z.string() })),
});
const returnedFileInfoSchema = z.object({ id: z.string(), file: z.string(), at: z.string(), by: z.string().nullable(), openConflicts: z.number().int() });
export const returnsEntrySchema = z.object({
  institutionId: z.string().nullable(),
  label: z.string().nullable(),
  acronym: z.string().nullable(),
  actions: z.number().int(),
  status: z.enum(["not_sent", "sent", "returned", "conflicts"]),
  sent: z.array(z.object({ id: z.string(), file: z.string(), at: z.string(), revision: z.number().int(), returns: z.array(returnedFileInfoSchema) })),
  lastSent: z.string().nullable(),
  lastReturned: z.string().nullable(),
  openConflicts: z.number().int(),
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;
export type DuplicateGroup = z.infer<typeof duplicateGroupSchema>;
export type ReturnsEntry = z.infer<typeof returnsEntrySchema>;
export type InstitutionDetailsInput = z.input<typeof institutionDetailsSchema>;
/* ---- the plan outside the matrix ---- */
const year = z.number().int().min(1900).max(2200);
const listText = z.string().trim().min(1, "must not be empty").max(20_000);
const longOptionalText = z.string().max(20_000).nullable();
const stocktakingFields = z
  .object({
    pillar: z.number().int().min(1).max(99),
    activity: listText,
    supervisors: longOptionalText,
    commitments: z.array(shortText).max(100),
    theme: longOptionalText.optional(),
    profile: longOptionalText.optional(),
    commitment_detail: longOptionalText.optional(),
  })
  .strict();
const gapFields = z.object({ pillar: z.number().int().min(1).max(99).nullable(), text: listText }).strict();
export const listEditResultSchema = editResultSchema.extend({ id: z.string().optional(), moved: z.boolean().optional() });
const columnHeading = z.string().trim().min(1, "must not be empty").max(200);
const columnKey = z.string().min(1).max(100);
const roundDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD").nullable();
const roundFields = z.object({
  date: roundDate.optional(),
  place: z.string().max(500).nullable().optional(),
  participants: longText.nullable().optional(),
  attendance: z.array(attendanceSchema).max(500).optional(),
  objectives: longText.nullable().optional(),
  progress: longText.nullable().optional(),
});
const roundsAnswerSchema = z.object({ rounds: z.array(consultationRoundSchema), current: z.string().nullable() });

const matrixFilterSchema = z
  .object({
    text: z.string().max(500).optional(),
    institution: z.string().max(500).nullable().optional(),
    pillar: z.number().int().nullable().optional(),
    commitment: z.string().max(500).nullable().optional(),
    year: z.number().int().nullable().optional(),
  })
  .strict();
const amounts = z.record(z.string(), z.number());
export const planSummaryTablesSchema = z.object({
  total: amounts,
  byPillarYear: z.array(z.object({ pillar: z.number(), title: z.string(), year: z.number(), amounts })),
  byInstitutionYear: z.array(z.object({ institution: z.string(), year: z.number(), amounts })),
  byFundingSource: z.array(z.object({ source: z.string(), amounts })),
  fundedVersusToMobilise: z.object({ funded: amounts, toBeMobilised: amounts, unspecified: amounts }),
  actionsPerInstitution: z.array(z.object({ institution: z.string(), lead: z.number(), supporting: z.number() })),
  years: z.array(z.number()),
});
export type PlanSummaryTables = z.infer<typeof planSummaryTablesSchema>;

const currencyCode = z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD");
const regionalRequestSchema = z
  .object({
    /** Plans or national workbooks from the regional dialog. */
    sources: z.array(fileHandle).min(1).max(50),
    currency: currencyCode,
    rates: z.record(currencyCode, z.object({ rate: z.number().positive().finite(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD") }).strict()),
    /** Per country (iso3), national pillar number → CRRF pillar 1–4. */
    mapping: z.record(z.string().regex(/^[A-Z]{3}$/), z.record(z.string().regex(/^\d{1,2}$/), z.number().int().min(1).max(4))).optional(),
  })
  .strict();
const regionalRowSchema = z.object({
  country: z.string(),
  iso3: z.string(),
  crrfPillar: z.number(),
  nationalPillar: z.number(),
  nationalTitle: z.string(),
  year: z.number(),
  currency: z.string(),
  amount: z.number(),
  converted: z.number(),
  rate: z.number(),
  rateDate: z.string(),
  actions: z.number(),
});
export const regionalAnswerSchema = z.object({
  result: z
    .object({
      currency: z.string(),
      rows: z.array(regionalRowSchema),
      byCountry: z.array(z.object({ iso3: z.string(), country: z.string(), total: z.number() })),
      byCrrfPillar: z.array(z.object({ crrfPillar: z.number(), total: z.number() })),
      total: z.number(),
      mapping: z.array(z.object({ iso3: z.string(), nationalPillar: z.number(), nationalTitle: z.string(), crrfPillar: z.number() })),
      ratesUsed: z.array(z.object({ currency: z.string(), rate: z.number(), date: z.string() })),
      /** Each country's statuses and indicators' latest results. */
      monitoring: z
        .object({
          asOf: z.string(),
          byCountry: z.array(
            z.object({
              iso3: z.string(),
              country: z.string(),
              actions: z.number().int(),
              counts: z.record(z.enum(ACTION_STATUSES), z.number().int()),
              unknown: z.number().int(),
              late: z.number().int(),
              indicators: z.number().int(),
              targetsMet: z.number().int(),
            }),
          ),
          indicators: z.array(z.object({ iso3: z.string(), country: z.string(), ref: z.string(), title: z.string(), unit: z.string(), period: z.string().nullable(), baseline: z.number().nullable(), target: z.number().nullable(), actual: z.number().nullable(), percent: z.number().nullable() })),
        })
        .optional(),
    })
    .nullable(),
  currencies: z.array(z.string()),
  missing: z.array(z.string()),
  sources: z.array(z.object({ handle: z.string(), name: z.string(), country: z.string(), iso3: z.string() })),
});
export type RegionalAnswer = z.infer<typeof regionalAnswerSchema>;

export const EXAMPLE_IDS = ["guatemala", "costa-rica", "honduras", "mexico", "panama", "belize"] as const;

export const planSummarySchema = z.object({
  path: z.string(),
  id: z.string(),
  title: z.string(),
  country: z.string(),
  iso3: z.string(),
  template: z.enum(TEMPLATE_IDS),
  language,
  revision: z.number().int(),
  counts: z.object({ pillars: z.number().int(), needs: z.number().int(), actions: z.number().int() }),
  /** Set when opening upgraded an older file; the original was kept at backupPath. */
  upgradedFrom: z.number().int().nullable(),
  backupPath: z.string().nullable(),
  /** Opened read-only: its file or folder cannot be written ("file"), or its change log cannot be trusted ("history"). The app shows a note and offers no editing. */
  readOnly: z.boolean(),
  readOnlyReason: z.enum(["file", "history"]).nullable(),
});

export const settingsSchema = z.object({
  /** "system" follows the operating system's language. */
  language: z.enum(["system", "es", "en"]),
  resolvedLanguage: language,
  /** The operating system's locale (e.g. "es-GT"): how numbers and money are written and read. */
  locale: z.string(),
  userName: z.string(),
  /** Plans opened before, newest first; open one by its handle. */
  recent: z.array(grantedFileSchema),
});

export const templateInfoSchema = z.object({
  id: z.enum(TEMPLATE_IDS),
  iso3: z.string().nullable(),
  country: z.object({ es: z.string(), en: z.string() }).nullable(),
  pillars: z.array(z.object({ number: z.number(), title: z.object({ es: z.string(), en: z.string() }) })),
  profiles: z.number().int(),
  columns: z.array(z.string()),
});

export const exampleInfoSchema = z.object({
  id: z.enum(EXAMPLE_IDS),
  country: z.string(),
  iso3: z.string(),
  actions: z.number().int(),
});

/* ---- monitoring: schemas ---- */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD");
const indicatorNumber = z.number().finite().min(-1e15).max(1e15);
const ownerSchema = z.object({ kind: rowKind, id }).strict();
/** What the monitoring panel shows for one action or need. */
export const monitoringRowSchema = z.object({
  kind: rowKind,
  id: z.string(),
  title: z.string(),
  reporting: z.enum(REPORTING_KINDS),
  periods: z.array(z.string()),
  status: z.enum(ACTION_STATUSES).nullable(),
  statusDate: z.string().nullable(),
  notes: z.array(progressNoteSchema),
  indicators: z.array(indicatorSchema),
});
const statusCountsSchema = z.record(z.enum(ACTION_STATUSES), z.number().int());
const statusRowSchema = z.object({ key: z.string(), label: z.string(), counts: statusCountsSchema, total: z.number().int() });
export const progressReportSchema = z.object({
  period: z.string().nullable(),
  asOf: z.string(),
  reporting: z.enum(REPORTING_KINDS),
  periods: z.array(z.string()),
  totals: statusCountsSchema,
  actions: z.number().int(),
  byPillar: z.array(statusRowSchema),
  byInstitution: z.array(statusRowSchema),
  late: z.array(
    z.object({
      actionId: z.string(),
      ref: z.string(),
      text: z.string(),
      pillar: z.number().int(),
      institutions: z.array(z.string()),
      lead: z.string().nullable(),
      status: z.enum(ACTION_STATUSES),
      due: z.number().int(),
    }),
  ),
  indicators: z.array(
    z.object({
      id: z.string(),
      ref: z.string(),
      owner: rowKind,
      measures: z.string(),
      pillar: z.number().int(),
      institutions: z.array(z.string()),
      title: z.string(),
      unit: z.string(),
      baseline: z.object({ year: z.number().int(), value: z.number() }).nullable(),
      period: z.string().nullable(),
      target: z.number().nullable(),
      actual: z.number().nullable(),
      percent: z.number().nullable(),
      note: z.string().nullable(),
      source: z.string().nullable(),
      breakdown: z.array(z.object({ sex: z.string().nullable(), age: z.string().nullable(), value: z.number() })),
    }),
  ),
});
export type MonitoringRow = z.infer<typeof monitoringRowSchema>;
export type ProgressReportTables = z.infer<typeof progressReportSchema>;

/* ---- finance round trip: schemas ---- */
const take = z.enum(["plan", "returned", "base"]);
/** A value as the preview shows it: amounts in currency units, not hundredths. */
const financeScalar = z.union([z.string(), z.number(), z.null()]);
const financeValue = z.union([financeScalar, z.record(z.string(), financeScalar)]);
export const financeInstitutionSchema = z.object({
  id: z.string(),
  label: z.string(),
  acronym: z.string().nullable(),
  name: z.string().nullable(),
  actions: z.number().int(),
  lines: z.number().int(),
});
export const financeRowErrorSchema = z.object({ file: z.string(), sheet: z.string(), row: z.number().int(), column: z.string(), found: z.string(), expected: z.string() });
export const financeFileErrorSchema = z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.undefined()])) });
export const financeChangeSchema = z.object({
  op: z.enum(["added", "changed", "removed"]),
  actionId: z.string(),
  action: z.string(),
  institution: z.string(),
  year: z.number().int(),
  /** Field → [plan now, returned]; for added and removed lines the whole line on one side. */
  fields: z.record(z.string(), z.tuple([financeScalar, financeScalar])),
});
/** A column of the plan's own, named in both languages (the UI shows its own). */
const planColumnHeadings = z.object({ es: z.string(), en: z.string() });
export const financeConflictPreviewSchema = z.object({
  kind: z.enum(["both_changed", "edit_vs_delete", "delete_vs_edit", "added_twice"]),
  action: z.string(),
  institution: z.string(),
  /** null: a value of the plan's own column, about no year. */
  year: z.number().int().nullable(),
  /** A budget field (null: the whole line), a monitoring field, or custom:<key> for the plan's own column. */
  field: z.string().nullable(),
  /** The plan's own column a conflict is about, by its headings. */
  column: planColumnHeadings.nullable().optional(),
  base: financeValue,
  plan: financeValue,
  returned: financeValue,
});
export const financeFilePreviewSchema = z.object({
  handle: z.string(),
  file: z.string(),
  /** ready: can be applied; conflicts: applies, leaving conflicts to review; rejected: see error or errors. */
  status: z.enum(["ready", "conflicts", "already_imported", "rejected"]),
  /** A finance workbook (budget lines) or a monitoring one (statuses, notes, values reached). */
  kind: z.enum(["finance", "monitoring"]).optional(),
  institution: z.string().nullable(),
  sheet: z.string(),
  rowsRead: z.number().int(),
  counts: z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int(), conflicts: z.number().int() }),
  changes: z.array(financeChangeSchema),
  conflicts: z.array(financeConflictPreviewSchema),
  outside: z.array(z.object({ row: z.number().int(), column: z.string(), action: z.string(), base: z.string(), found: z.string() })),
  /** Values the institution changed in the plan's own open columns; a conflict keeps the plan's value. */
  columns: z.array(
    z.object({ row: z.number().int(), column: z.string(), action: z.string(), base: z.string(), plan: z.string(), returned: z.string(), status: z.enum(["apply", "conflict"]) }),
  ),
  proposed: z.array(
    z.object({
      row: z.number().int(),
      text: z.string(),
      institution: z.string(),
      /** As written, for showing. */
      amounts: z.record(z.string(), z.string()),
      /** What could be read of them, for adding the action with its budget. */
      lines: z.array(z.object({ year: z.number().int(), amount: z.number(), currency: z.string() })),
      /** The institution is not in the plan's directory yet: adding the action adds it. */
      newInstitution: z.boolean(),
      /** The plan already has an action with this text (added from this file before, say). */
      inPlan: z.boolean(),
      funding_source: z.enum(FUNDING_SOURCES).nullable(),
      pei: z.string().nullable(),
      poa: z.string().nullable(),
    }),
  ),
  matches: z.array(z.object({ row: z.number().int(), actionId: z.string(), text: z.string() })),
  /** Cells that could not be read; a file with any is not applied. */
  errors: z.array(financeRowErrorSchema),
  /** Why the whole file was refused (not a spreadsheet, another plan, a formula…); null when it was read. */
  error: financeFileErrorSchema.nullable(),
  /** What the user should know though the file was read: a text file's encoding that had to be guessed. */
  notices: z.array(z.object({ code: z.string(), message: z.string() })),
  /** Rows were matched by their text (the hidden ids were lost): the user confirms before applying. */
  needsConfirmation: z.boolean(),
  /** The file lost its manifest: the user says which institution it is from, then previews again. */
  needsInstitution: z.boolean(),
});
export const financeApplyResultSchema = z.object({
  handle: z.string(),
  file: z.string(),
  status: z.enum(["applied", "conflicts", "already_imported", "rejected"]),
  counts: z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int(), conflicts: z.number().int() }),
  conflictIds: z.array(z.string()),
  error: financeFileErrorSchema.nullable(),
});
export const financeConflictSchema = z.object({
  id: z.string(),
  file: z.string(),
  actionId: z.string(),
  action: z.string(),
  institution: z.string(),
  /** null: a value of the plan's own column, about no year. */
  year: z.number().int().nullable(),
  field: z.string().nullable(),
  column: planColumnHeadings.nullable().optional(),
  kind: z.enum(["both_changed", "edit_vs_delete", "delete_vs_edit", "added_twice"]),
  base: financeValue,
  plan: financeValue,
  returned: financeValue,
  status: z.enum(["open", "resolved"]),
  resolution: take.nullable(),
});
// Any file the user chose: a dropped file that is not a spreadsheet gets its own message in the preview, from its content.
const financeFileInput = z.object({ handle: fileHandle, institution: z.string().trim().min(1).max(500).optional(), confirmMatches: z.boolean().optional() }).strict();
export type FinanceInstitution = z.infer<typeof financeInstitutionSchema>;
export type FinanceFilePreview = z.infer<typeof financeFilePreviewSchema>;
export type FinanceApplyResult = z.infer<typeof financeApplyResultSchema>;
export type FinanceConflict = z.infer<typeof financeConflictSchema>;
export type FinanceChange = z.infer<typeof financeChangeSchema>;
export type FinanceValue = z.infer<typeof financeValue>;

/**
 * A pasted block's cells and characters, counted before any cell is checked: a
 * clipboard of millions of cells is refused at once instead of after seconds of
 * checking each one. The whole 10,000-action plan pasted at once is about 60,000 cells.
 */
const PASTE_LIMITS = { cells: 500_000, characters: 20_000_000 };
const pasteRows = z.preprocess(
  (rows, ctx) => {
    if (!Array.isArray(rows)) return rows;
    let cells = 0;
    for (const row of rows) cells += Array.isArray(row) ? row.length : 1;
    let characters = 0;
    if (cells <= PASTE_LIMITS.cells) for (const row of rows) if (Array.isArray(row)) for (const cell of row) characters += typeof cell === "string" ? cell.length : 0;
    if (cells > PASTE_LIMITS.cells || characters > PASTE_LIMITS.characters) {
      ctx.addIssue({
        code: "custom",
        // A key of the catalogue (doc.issue.custom.*): the boundary says it in the user's language.
        message: "pasteTooLarge",
        params: { maxCells: PASTE_LIMITS.cells, maxCharacters: PASTE_LIMITS.characters, cells },
      });
    }
    return rows;
  },
  z.array(z.array(z.string().max(100_000)).max(50)).min(1).max(100_000),
);

/* ---- live workshop: schemas ---- */
/** A pillar named by id and by the number people call it. */
const livePillarSchema = z.object({ pillar: z.string(), number: z.number().int() });
export const liveCursorSchema = z.object({ entity: z.enum(["action", "need", "pillar"]), id, field: z.string().max(100).optional() }).strict();
export const livePeerSchema = z.object({
  /** Stable while they stay connected: a React key and a colour. */
  key: z.string(),
  name: z.string(),
  /** The laptop's name, and its id (the host assigns pillars by it). */
  device: z.string().nullable(),
  deviceId: z.string().nullable(),
  scope: livePillarSchema.nullable(),
  cursor: z.object({ entity: z.string(), id: z.string(), field: z.string().optional() }).nullable(),
  host: z.boolean(),
  me: z.boolean(),
});
export const liveStateSchema = z.object({
  role: z.enum(["host", "guest"]).nullable(),
  /** connecting: not reached yet; offline: lost and trying again (editing goes on); denied: refused, see `denied`. */
  status: z.enum(["off", "connecting", "hosting", "online", "offline", "denied"]),
  /** On the host: what the projector shows to let laptops in. */
  hosting: z
    .object({
      code: z.string(),
      port: z.number().int(),
      fingerprint: z.string(),
      addresses: z.array(z.string()),
      links: z.array(z.string()),
      /** The first join link as a QR code (SVG path data in a size × size box). */
      qr: z.object({ size: z.number().int(), path: z.string() }).nullable(),
    })
    .nullable(),
  /** On a laptop: the host it joined, and whether its code pinned the host's certificate. */
  joined: z.object({ address: z.string(), pinned: z.boolean() }).nullable(),
  peers: z.array(livePeerSchema),
  /** This laptop's pillar (its breakout group), null for the whole plan. */
  scope: livePillarSchema.nullable(),
  locks: z.array(livePillarSchema),
  denied: z.object({ reason: z.string(), message: z.string() }).nullable(),
});
/** A join link opened on this computer (a QR code's, an invitation's), offered in the Join dialog for the person to confirm. */
export const liveInvitationSchema = z.object({ address: z.string(), code: z.string(), fingerprint: z.string() });
/** A host certificate's SHA-256 fingerprint as hosts show it: 64 hexadecimal characters, with or without colons. */
const certificateFingerprint = z.string().trim().regex(/^(?:[0-9a-f]{64}|[0-9a-f]{2}(?::[0-9a-f]{2}){31})$/i);
export const liveFoundHostSchema = z.object({ name: z.string(), title: z.string().nullable(), address: z.string(), port: z.number().int(), fingerprint: z.string().nullable() });
export const liveConflictSchema = z.object({
  id: z.string(),
  kind: z.enum(["both_changed", "edit_vs_delete", "refused"]),
  entity: z.string(),
  entityId: z.string(),
  /** The row as people know it: the action's text, the need's title… */
  row: z.string(),
  field: z.string().nullable(),
  /** What the plan holds, the other laptop's value, and the value before both (null: the row is deleted, or there was none). */
  plan: z.string().nullable(),
  other: z.string().nullable(),
  base: z.string().nullable(),
  planBy: z.object({ author: z.string(), device: z.string().nullable() }).nullable(),
  otherBy: z.object({ author: z.string(), device: z.string().nullable() }).nullable(),
  reason: z.string().nullable(),
  status: z.enum(["open", "resolved"]),
});
export type LiveState = z.infer<typeof liveStateSchema>;
export type LivePeer = z.infer<typeof livePeerSchema>;
export type LiveCursor = z.infer<typeof liveCursorSchema>;
export type LiveFoundHost = z.infer<typeof liveFoundHostSchema>;
export type LiveInvitation = z.infer<typeof liveInvitationSchema>;
export type LiveConflict = z.infer<typeof liveConflictSchema>;

/** Every method: its input schema and its output schema. */
export const contract = {
  "app.info": {
    input: nothing,
    output: z.object({ name: z.string(), version: z.string(), schema: z.number().int() }),
  },
  "settings.get": { input: nothing, output: settingsSchema },
  "settings.update": {
    input: z
      .object({
        language: z.enum(["system", "es", "en"]).optional(),
        userName: z.string().trim().min(1, "the name must not be empty").max(200).optional(),
      })
      .strict(),
    output: settingsSchema,
  },
  "recent.clear": { input: nothing, output: settingsSchema },
  "templates.list": { input: nothing, output: z.array(templateInfoSchema) },
  "examples.list": { input: nothing, output: z.array(exampleInfoSchema) },
  "plan.current": { input: nothing, output: planSummarySchema.nullable() },
  "plan.document": { input: nothing, output: planDocumentSchema },
  /** The editor's grid: the document without budget lines (gridDocumentSchema as JSON text). */
  "plan.grid": { input: nothing, output: jsonText<GridDocument>() },
  /** The budget lines of some actions, by action id: the grid fetches them for the rows on screen. */
  "plan.budgetLines": { input: z.object({ actionIds: z.array(id).max(5000) }).strict(), output: z.record(z.string(), z.array(budgetLineSchema)) },
  /** A plan from the recent list, by its handle. */
  "plan.open": { input: z.object({ handle: fileHandle }).strict(), output: planSummarySchema },
  "plan.openExample": { input: z.object({ example: z.enum(EXAMPLE_IDS) }).strict(), output: planSummarySchema },
  "plan.close": { input: nothing, output: z.null() },
  /** The shell shows the operating system's dialog; null when the user cancels. */
  "dialog.open": { input: nothing, output: planSummarySchema.nullable() },
  "dialog.create": {
    input: z.object({ template: z.enum(TEMPLATE_IDS) }).strict(),
    output: planSummarySchema.nullable(),
  },
  "dialog.saveCopy": { input: nothing, output: z.object({ path: z.string() }).nullable() },
  /** Asks for a copy of this plan edited apart (File › Merge a copy…) and merges it in; null when the user cancels. */
  "dialog.mergeCopy": {
    input: nothing,
    output: z.object({ file: z.string(), changes: z.number().int(), conflicts: z.number().int(), refused: z.number().int() }).nullable(),
  },
  /** Shows a file exported in this session where the user chose, in the system's file manager (any other is refused). */
  "file.showInFolder": { input: z.object({ handle: fileHandle }).strict(), output: z.null() },
  /**
   * Asks a long call started with this task id to stop between two steps (before its next file,
   * before writing its file). False when none runs yet: one started later with this id starts cancelled.
   */
  "task.cancel": { input: z.object({ task: taskId }).strict(), output: z.object({ cancelled: z.boolean() }) },
  /* ---- live workshop: one session per open plan ---- */
  "live.state": { input: nothing, output: liveStateSchema },
  /** Hosts the open plan for the room (TLS, a certificate made for the session, a free port unless given). */
  "live.host": { input: z.object({ port: z.number().int().min(0).max(65535).optional() }).strict().optional(), output: liveStateSchema },
  /**
   * Joins a host with its pairing code (and its address), or a join link. With no plan open, with
   * another plan open, or `fresh`, the host's plan is fetched first and opened. `fingerprint`: the
   * host's whole certificate fingerprint (an invitation's): the host must match all of it, not only
   * the start the code carries.
   */
  "live.join": {
    input: z
      .object({ code: z.string().trim().min(1).max(2000), address: z.string().trim().max(300).optional(), fingerprint: certificateFingerprint.optional(), fresh: z.boolean().optional() })
      .strict(),
    output: liveStateSchema,
  },
  /** Stops hosting or leaves; the plan stays open with every edit. */
  "live.stop": { input: nothing, output: liveStateSchema },
  /** The join link the operating system handed over (matriz://join…), checked, for the Join dialog; null when none waits. Taken once. */
  "live.invitation": { input: nothing, output: liveInvitationSchema.nullable() },
  /** Hosts announcing a plan on the room's network (a few seconds of listening). */
  "live.discover": { input: nothing, output: z.array(liveFoundHostSchema) },
  /** Where this person's cursor is, for the others' screens. */
  "live.cursor": { input: z.object({ cursor: liveCursorSchema.nullable() }).strict(), output: z.null() },
  /** Host only: a laptop's breakout group (one pillar) or the whole plan (null). */
  "live.assign": { input: z.object({ device: id, pillar: id.nullable() }).strict(), output: liveStateSchema },
  /** Host only: locks a pillar while the plenary validates it, or unlocks it. */
  "live.lock": { input: z.object({ pillar: id, locked: z.boolean() }).strict(), output: liveStateSchema },
  /** Conflicts from live editing and merged copies (both values, who typed each). */
  "live.conflicts": { input: z.object({ all: z.boolean().optional() }).strict().optional(), output: z.array(liveConflictSchema) },
  /** Resolves live conflicts by taking one side, each as an edit of the person resolving (it reaches the room like any edit). */
  "live.resolve": {
    input: z
      .object({ ids: z.array(id).min(1).max(10_000).optional(), all: z.literal(true).optional(), take })
      .strict()
      .refine((v) => Boolean(v.ids) !== Boolean(v.all), "idsOrAll"),
    output: z.object({ resolved: z.number().int(), revision: z.number().int() }),
  },
  /* ---- editing: each call is one change set, one undo step ---- */
  "edit.cell": {
    input: z.union([
      z.object({ kind: z.literal("pillar"), id, field: z.literal("title"), value: shortText }).strict(),
      z.object({ kind: z.literal("profile"), id, field: z.literal("title"), value: shortText }).strict(),
      z.object({ kind: z.literal("need"), id, field: z.enum(["title", "description", "theme"]), value: longText.nullable() }).strict(),
      z.object({ kind: z.literal("action"), id, field: z.enum(["text", "schedule"]), value: longText.nullable() }).strict(),
      /** The status and the date it changed (today when not given). */
      z.object({ kind: z.literal("action"), id, field: z.literal("status"), value: z.enum(ACTION_STATUSES), date: isoDate.optional() }).strict(),
      z.object({ kind: z.literal("plan"), field: z.literal("title"), value: shortText }).strict(),
    ]),
    output: editResultSchema.extend({ years: z.array(z.number()).optional() }),
  },
  /** Title, period and base currency: one change set for what is given. */
  "edit.plan": {
    input: z
      .object({
        title: shortText.optional(),
        period: z.object({ start: year, end: year }).strict().optional(),
        base_currency: currencyCode.optional(),
      })
      .strict()
      .refine((v) => v.title !== undefined || v.period !== undefined || v.base_currency !== undefined, "titlePeriodOrCurrency"),
    output: editResultSchema,
  },
  "edit.institutions": {
    input: z.object({ actionId: id, institutions: z.array(z.object({ label: shortText, lead: z.boolean().optional() }).strict()).max(200) }).strict(),
    output: editResultSchema,
  },
  "edit.commitments": {
    input: z.object({ actionId: id, commitments: z.array(shortText).max(200) }).strict(),
    output: editResultSchema,
  },
  "edit.custom": {
    input: z.object({ actionId: id, column: z.string().min(1).max(100), value: longText }).strict(),
    output: editResultSchema,
  },
  "edit.budgetLine": {
    input: z
      .object({
        actionId: id,
        line: budgetLineSchema.strict(),
      })
      .strict(),
    output: editResultSchema.extend({ id: z.string() }),
  },
  "edit.removeBudgetLine": { input: z.object({ id }).strict(), output: editResultSchema },
  "edit.insertNeed": {
    input: z.object({ pillarId: id, placement, title: shortText, profileId: id.nullable().optional() }).strict(),
    output: editResultSchema.extend({ id: z.string() }),
  },
  "edit.insertAction": {
    input: z.object({ needId: id, placement, text: longText }).strict(),
    output: editResultSchema.extend({ id: z.string() }),
  },
  /** A proposed new action from a returned workbook's preview, added at the end of a need with its institution (lead) and amounts. */
  "edit.addProposedAction": {
    input: z
      .object({
        needId: id,
        text: z.string().trim().min(1, "must not be empty").max(100_000),
        institution: z.string().max(500).nullable(),
        lines: z
          .array(budgetLineSchema.omit({ id: true, institution: true }).strict())
          .max(100)
          .refine((lines) => new Set(lines.map((l) => l.year)).size === lines.length, "oneLinePerYear"),
      })
      .strict(),
    output: editResultSchema.extend({ id: z.string() }),
  },
  "edit.move": {
    input: z.object({ kind: rowKind, id, direction: z.enum(["up", "down"]) }).strict(),
    output: editResultSchema.extend({ moved: z.boolean() }),
  },
  "edit.moveTo": {
    input: z.object({ kind: rowKind, id, parentId: id, beforeId: id.nullable() }).strict(),
    output: editResultSchema,
  },
  "edit.deletePreview": { input: z.object({ kind: rowKind, id }).strict(), output: deletePreviewSchema },
  "edit.delete": { input: z.object({ kind: rowKind, id }).strict(), output: editResultSchema.extend({ deleted: deletePreviewSchema }) },
  "edit.paste": {
    input: z
      .object({
        actionIds: z.array(id).max(100_000),
        /** Built-in columns by name, the plan's own by key ("custom:priority"). */
        columns: z
          .array(
            z.union([
              z.enum(["need", "action", "institutions", "schedule", "commitments", "status", "ignore"]),
              z.templateLiteral(["custom:", z.string().regex(/^[a-z][a-z0-9_]{0,99}$/)]),
            ]),
          )
          .min(1)
          .max(50),
        rows: pasteRows,
        appendToNeed: id,
        /** How the person writes numbers (1.250,5 or 1,250.5), for the plan's number columns. */
        numberLocale: language.optional(),
      })
      .strict(),
    output: editResultSchema.extend({ updated: z.number().int(), added: z.array(z.string()) }),
  },
  /* ---- the plan outside the matrix: each op is one change set ---- */
  "edit.stocktaking": {
    input: z.discriminatedUnion("op", [
      z.object({ op: z.literal("insert"), after: id.nullable().optional(), row: stocktakingFields }).strict(),
      z.object({ op: z.literal("update"), id, row: stocktakingFields.partial() }).strict(),
      z.object({ op: z.literal("move"), id, direction: z.enum(["up", "down"]) }).strict(),
      z.object({ op: z.literal("remove"), id }).strict(),
    ]),
    output: listEditResultSchema,
  },
  "edit.gap": {
    input: z.discriminatedUnion("op", [
      z.object({ op: z.literal("insert"), after: id.nullable().optional(), row: gapFields }).strict(),
      z.object({ op: z.literal("update"), id, row: gapFields.partial() }).strict(),
      z.object({ op: z.literal("move"), id, direction: z.enum(["up", "down"]) }).strict(),
      z.object({ op: z.literal("remove"), id }).strict(),
    ]),
    output: listEditResultSchema,
  },
  "edit.recommendation": {
    input: z.discriminatedUnion("op", [
      z.object({ op: z.literal("insert"), after: id.nullable().optional(), text: listText }).strict(),
      z.object({ op: z.literal("update"), id, text: listText }).strict(),
      z.object({ op: z.literal("move"), id, direction: z.enum(["up", "down"]) }).strict(),
      z.object({ op: z.literal("remove"), id }).strict(),
    ]),
    output: listEditResultSchema,
  },
  /** The plan's own columns: add (its key is made from the English heading), update, move, remove with their values. */
  "edit.column": {
    input: z.discriminatedUnion("op", [
      z
        .object({
          op: z.literal("add"),
          heading_es: columnHeading,
          heading_en: columnHeading,
          kind: z.enum(CUSTOM_COLUMN_KINDS),
          options: z.array(columnHeading).max(200).optional(),
          open: z.boolean().optional(),
        })
        .strict(),
      z
        .object({
          op: z.literal("update"),
          key: columnKey,
          heading_es: columnHeading.optional(),
          heading_en: columnHeading.optional(),
          options: z.array(columnHeading).max(200).optional(),
          open: z.boolean().optional(),
        })
        .strict(),
      z.object({ op: z.literal("move"), key: columnKey, direction: z.enum(["left", "right"]) }).strict(),
      z.object({ op: z.literal("remove"), key: columnKey }).strict(),
    ]),
    output: editResultSchema.extend({ key: z.string(), moved: z.boolean().optional(), values: z.number().int().optional() }),
  },
  /* ---- monitoring: each edit one change set, one undo step ---- */
  /** The progress notes and indicators of one action or need, with the plan's reporting periods. */
  "monitoring.row": { input: ownerSchema, output: monitoringRowSchema },
  "monitoring.setReporting": { input: z.object({ reporting: z.enum(REPORTING_KINDS) }).strict(), output: editResultSchema },
  "monitoring.saveNote": {
    input: z.object({ actionId: id, note: z.object({ id: id.optional(), period: periodSchema, note: z.string().trim().min(1, "must not be empty").max(20_000), date: isoDate.optional() }).strict() }).strict(),
    output: editResultSchema.extend({ id: z.string() }),
  },
  "monitoring.removeNote": { input: z.object({ id }).strict(), output: editResultSchema },
  "monitoring.saveIndicator": {
    input: z
      .object({
        owner: ownerSchema,
        indicator: z
          .object({
            id: id.optional(),
            title_es: z.string().trim().max(2000).nullable(),
            title_en: z.string().trim().max(2000).nullable(),
            unit: z.string().trim().min(1, "must not be empty").max(200),
            baseline: z.object({ year: z.number().int().min(1900).max(2200), value: indicatorNumber }).strict().nullable(),
            by_sex: z.boolean(),
            age_groups: z.array(z.string().trim().min(1).max(40)).max(20),
          })
          .strict(),
      })
      .strict(),
    output: editResultSchema.extend({ id: z.string(), removedValues: z.number().int() }),
  },
  "monitoring.removeIndicator": { input: z.object({ id }).strict(), output: editResultSchema },
  /** A target or a value reached for a period (a part of its breakdown with sex or age); null with no note removes it. */
  "monitoring.setValue": {
    input: z
      .object({
        indicatorId: id,
        kind: z.enum(["target", "actual"]),
        period: periodSchema,
        sex: z.enum(SEXES).nullable().optional(),
        age: z.string().trim().min(1).max(40).nullable().optional(),
        value: indicatorNumber.nullable(),
        note: z.string().max(20_000).nullable().optional(),
        source: z.string().max(2000).nullable().optional(),
      })
      .strict(),
    output: editResultSchema,
  },
  /** conflicts: the step reopened (or resolved again) import conflicts; the page lists them again. */
  "edit.undo": { input: nothing, output: editResultSchema.extend({ done: z.boolean(), conflicts: z.boolean() }) },
  "edit.redo": { input: nothing, output: editResultSchema.extend({ done: z.boolean(), conflicts: z.boolean() }) },
  "history.state": { input: nothing, output: historyStateSchema },
  "history.row": {
    input: z
      .object({
        entity: z.enum(["plan", "pillar", "profile", "need", "action", "budget_line", "institution", "stocktaking", "gap", "recommendation", "consultation_round", "column_def"]),
        id,
      })
      .strict(),
    output: z.array(historyEntrySchema),
  },
  "rounds.list": { input: nothing, output: z.object({ rounds: z.array(consultationRoundSchema), current: z.string().nullable() }) },
  "rounds.create": {
    input: roundFields.extend({ date: roundDate, makeCurrent: z.boolean().optional() }).strict(),
    output: roundsAnswerSchema.merge(editResultSchema).extend({ id: z.string() }),
  },
  /** A round's details, or its removal while nothing was recorded in it. */
  "edit.round": {
    input: z.discriminatedUnion("op", [
      z.object({ op: z.literal("update"), id, fields: roundFields.strict() }).strict(),
      z.object({ op: z.literal("remove"), id }).strict(),
    ]),
    output: roundsAnswerSchema.merge(editResultSchema),
  },
  "rounds.setCurrent": {
    input: z.object({ id: id.nullable() }).strict(),
    output: z.object({ rounds: z.array(consultationRoundSchema), current: z.string().nullable() }),
  },
  "directory.list": {
    input: nothing,
    output: z.object({
      institutions: z.array(z.object({ label: z.string(), acronym: z.string().nullable(), name_es: z.string().nullable(), name_en: z.string().nullable(), uses: z.number().int() })),
      commitments: z.array(z.object({ label: z.string(), uses: z.number().int() })),
    }),
  },
  /** The directory screen: every entry with its counts and details, and likely duplicates. */
  "directory.institutions": { input: nothing, output: z.object({ entries: z.array(directoryEntrySchema), suggestions: z.array(duplicateGroupSchema) }) },
  "directory.rename": { input: z.object({ id, label: shortText.max(500) }).strict(), output: editResultSchema },
  /** The entry's details, and its new name when `label` differs: one change set (one undo). */
  "directory.update": { input: z.object({ id, label: shortText.max(500).optional(), details: institutionDetailsSchema }).strict(), output: editResultSchema },
  /** Merges a spelling variant into another entry: links, budget lines, exports and history follow; one undo. */
  "directory.merge": {
    input: z.object({ from: id, into: id }).strict(),
    output: editResultSchema.extend({ merged: z.object({ from: z.string(), into: z.string(), links: z.number().int(), budgetLines: z.number().int() }) }),
  },
  /** The returns tracker: per institution, workbooks sent, files returned, conflicts open. */
  "returns.list": { input: nothing, output: z.array(returnsEntrySchema) },
  /* ---- secretariat outputs ---- */
  "reports.summary": { input: z.object({ filter: matrixFilterSchema.optional() }).strict().optional(), output: planSummaryTablesSchema },
  /** Statuses by pillar and institution, late actions, indicators against their targets, for a period (or as of today). */
  "reports.progress": {
    input: z.object({ period: periodSchema.nullable().optional(), filter: matrixFilterSchema.optional() }).strict().optional(),
    output: progressReportSchema,
  },
  /** Asks where to save (the shell's dialog), then exports; null when the user cancels. */
  "dialog.exportNational": {
    input: z.object({ format: z.enum(["xlsx", "hxl", "iati", "pdf"]), paper: z.enum(["A4", "Letter"]).optional(), task: taskId.optional() }).strict(),
    output: grantedFileSchema.nullable(),
  },
  /* ---- regional consolidation: several national plans, read only ---- */
  /** Asks the shell for plan files or national workbooks; empty when cancelled. */
  "dialog.pickRegionalSources": { input: nothing, output: z.array(grantedFileSchema) },
  /** With a task id, progress is reported per source read and a cancel stops before the next one: the answer is then null. */
  "regional.consolidate": { input: regionalRequestSchema.extend({ task: taskId.optional() }).strict(), output: regionalAnswerSchema.nullable() },
  "dialog.exportRegional": { input: regionalRequestSchema.extend({ task: taskId.optional() }).strict(), output: grantedFileSchema.nullable() },
  /* ---- finance round trip ---- */
  /** Institutions responsible for at least one action: whom a workbook can be exported for. */
  "finance.institutions": { input: nothing, output: z.array(financeInstitutionSchema) },
  /** One institution's workbook (institution: id, acronym or name), or the whole plan (null): asks where to save, then exports; null when the user cancels. */
  "dialog.exportFinance": {
    input: z.object({ institution: z.string().trim().min(1).max(500).nullable(), language: language.optional(), task: taskId.optional() }).strict(),
    output: grantedFileSchema.extend({ rows: z.number().int(), exportId: z.string(), institution: z.string().nullable() }).nullable(),
  },
  /** An institution's monitoring workbook for a reporting period: asks where to save, then exports; null when the user cancels. */
  "dialog.exportMonitoring": {
    input: z.object({ institution: z.string().trim().min(1).max(500), period: periodSchema, language: language.optional(), task: taskId.optional() }).strict(),
    output: grantedFileSchema.extend({ rows: z.number().int(), exportId: z.string() }).nullable(),
  },
  /** The progress report of a reporting period, as a workbook or a PDF: asks where to save, then writes it; null when cancelled. */
  "dialog.exportAnnualReport": {
    input: z.object({ period: periodSchema, format: z.enum(["xlsx", "pdf"]), paper: z.enum(["A4", "Letter"]).optional(), task: taskId.optional() }).strict(),
    output: grantedFileSchema.nullable(),
  },
  /** What changed in one consultation round, as a workbook or a PDF, so the round can be minuted. */
  "dialog.exportRoundReport": {
    input: z.object({ round: z.number().int().min(1), format: z.enum(["xlsx", "pdf"]), paper: z.enum(["A4", "Letter"]).optional(), task: taskId.optional() }).strict(),
    output: grantedFileSchema.nullable(),
  },
  /** The shell's open dialog for returned files (several at once); empty when the user cancels. */
  "dialog.pickReturnedFiles": { input: nothing, output: z.array(grantedFileSchema) },
  /**
   * What each file would change; nothing is written. A refused file answers with its error, the others still come.
   * With a task id, progress is reported per file and a cancel stops before the next file (the answer then has fewer previews).
   */
  "finance.preview": {
    input: z.object({ files: z.array(financeFileInput).min(1).max(1000), task: taskId.optional() }).strict(),
    output: z.array(financeFilePreviewSchema),
  },
  /** Applies each file in its own transaction, all of it or none; a cancel stops before the next file (cancelled: true). */
  "finance.apply": {
    input: z.object({ files: z.array(financeFileInput).min(1).max(1000), task: taskId.optional() }).strict(),
    output: z.object({ results: z.array(financeApplyResultSchema), revision: z.number().int(), cancelled: z.boolean() }),
  },
  "finance.conflicts": { input: z.object({ all: z.boolean().optional() }).strict().optional(), output: z.array(financeConflictSchema) },
  /** Resolves the conflicts named (or every open one) by taking one side; one transaction. */
  "finance.resolve": {
    input: z
      .object({ ids: z.array(id).min(1).max(100_000).optional(), all: z.literal(true).optional(), take })
      .strict()
      .refine((v) => Boolean(v.ids) !== Boolean(v.all), "idsOrAll"),
    output: z.object({ resolved: z.number().int(), revision: z.number().int() }),
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export const METHODS = Object.keys(contract) as Method[];
export type Input<M extends Method> = z.input<Contract[M]["input"]>;
export type Output<M extends Method> = z.output<Contract[M]["output"]>;
export type PlanSummary = z.infer<typeof planSummarySchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type TemplateInfo = z.infer<typeof templateInfoSchema>;
export type ExampleInfo = z.infer<typeof exampleInfoSchema>;
export type HistoryState = z.infer<typeof historyStateSchema>;
export type EditResult = z.infer<typeof editResultSchema>;
export type DeletePreview = z.infer<typeof deletePreviewSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type { PlanDocument } from "../domain/document";

export interface ApiError {
  code: string;
  message: string;
  params: Record<string, string | number | undefined>;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the preload puts on `window.matriz`, and what tests inject into Chromium. */
export interface MatrizApi {
  invoke<M extends Method>(method: M, input?: Input<M>): Promise<Result<Output<M>>>;
  /** Notifications from the shell (a plan opened from the menu, the language changed). Returns an unsubscribe function. */
  onEvent(listener: (event: MatrizEvent) => void): () => void;
}

export const EDITOR_COMMANDS = ["undo", "redo", "find", "projector", "insertAction", "insertNeed", "deleteRow", "details", "columns", "monitoring", "history"] as const;
export type EditorCommand = (typeof EDITOR_COMMANDS)[number];

/* ---- finance round trip ---- */
export const FINANCE_COMMANDS = ["export", "exportPlan", "import", "exportMonitoring"] as const;
export type FinanceCommand = (typeof FINANCE_COMMANDS)[number];
/* ---- live workshop ---- */
export const LIVE_COMMANDS = ["host", "join", "mergeCopy"] as const;
export type LiveCommand = (typeof LIVE_COMMANDS)[number];

export const matrizEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("plan-changed"), plan: planSummarySchema.nullable() }),
  z.object({ type: z.literal("settings-changed"), settings: settingsSchema }),
  /** A menu item whose work happens in the editor (undo in the grid, find, projector mode). */
  z.object({ type: z.literal("command"), command: z.enum(EDITOR_COMMANDS) }),
  /* ---- finance round trip ---- */
  /** File › Export for an institution / the whole plan, File › Import, or files dropped on the window. */
  z.object({ type: z.literal("finance"), command: z.enum(FINANCE_COMMANDS), files: z.array(grantedFileSchema).optional() }),
  /** File › Export › a national output: the page runs it as a task it shows and can cancel. */
  z.object({ type: z.literal("export"), format: z.enum(["xlsx", "hxl", "iati", "pdf"]) }),
  /* ---- live workshop ---- */
  /** File › Host this workshop…, Join a workshop…, Merge a copy…: the page opens its dialog. */
  z.object({ type: z.literal("live-command"), command: z.enum(LIVE_COMMANDS) }),
  /** A matriz://join link was opened on this computer: the page asks for it (live.invitation) and offers it in the Join dialog. */
  z.object({ type: z.literal("live-invitation") }),
  /** The session changed: who is here and where, the status, the code to show, pillars and locks. */
  z.object({ type: z.literal("live"), state: liveStateSchema }),
  /**
   * Other laptops' edits reached this plan: what they did to the grid (gridDeltaSchema as JSON text, from
   * the revision the page last heard of), the latest one's row (for following the room), and new conflicts.
   */
  z.object({
    type: z.literal("live-edits"),
    revision: z.number().int(),
    grid: jsonText<GridDelta>(),
    where: z.object({ kind: z.enum(["action", "need"]), id: z.string(), column: z.string().nullable(), author: z.string() }).nullable(),
    conflicts: z.number().int(),
  }),
  /** The host refused edits (outside this laptop's pillar, a locked pillar…): they were put back; said in words. */
  z.object({ type: z.literal("live-refused"), messages: z.array(z.string()), by: z.string().nullable() }),
  /** A national export (from the menu or a button) or the regional workbook was written: where (a handle for Show in folder), which, and how many conflicts were open. */
  z.object({ type: z.literal("exported"), handle: z.string(), path: z.string(), format: z.enum(["xlsx", "hxl", "iati", "pdf", "regional"]), openConflicts: z.number().int().optional() }),
  /** A long call started with a task id: `done` of `total` steps, `label` naming the current one (a file). */
  z.object({ type: z.literal("progress"), task: z.string(), done: z.number().int(), total: z.number().int(), label: z.string() }),
  z.object({ type: z.literal("error"), error: z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.any()) }) }),
]);
export type MatrizEvent = z.infer<typeof matrizEventSchema>;

export { INVOKE_CHANNEL, EVENT_CHANNEL } from "./channels";
