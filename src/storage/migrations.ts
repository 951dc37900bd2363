/**
 * Numbered schema migrations. Each runs once, in order, inside one transaction,
 * and `PRAGMA user_version` records how far a file has come. Never edit a
 * migration that has shipped: add the next one.
 */
import type { Database } from "better-sqlite3";

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

/** "MTRZ" — marks an SQLite file as a Matriz plan (PRAGMA application_id). */
export const APPLICATION_ID = 0x4d54525a;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "plan, template copy, matrix, directory, budget lines, stocktaking, gaps, rounds, change log",
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

        CREATE TABLE plan (
          id TEXT PRIMARY KEY,
          country TEXT NOT NULL,
          iso3 TEXT NOT NULL,
          title TEXT NOT NULL,
          template_id TEXT NOT NULL,
          language TEXT NOT NULL CHECK (language IN ('es','en')),
          period_start INTEGER NOT NULL,
          period_end INTEGER NOT NULL,
          base_currency TEXT NOT NULL,
          source TEXT,
          source_columns TEXT,
          notes TEXT NOT NULL DEFAULT '[]',
          overarching TEXT,
          created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE column_def (
          id TEXT PRIMARY KEY,
          key TEXT NOT NULL UNIQUE,
          heading_es TEXT NOT NULL,
          heading_en TEXT NOT NULL,
          kind TEXT NOT NULL DEFAULT 'text',
          builtin INTEGER NOT NULL,
          position REAL NOT NULL
        ) STRICT;

        CREATE TABLE profile (
          id TEXT PRIMARY KEY,
          title_es TEXT NOT NULL,
          title_en TEXT NOT NULL,
          position REAL NOT NULL
        ) STRICT;

        CREATE TABLE pillar (
          id TEXT PRIMARY KEY,
          number INTEGER NOT NULL,
          title_es TEXT NOT NULL,
          title_en TEXT NOT NULL,
          crrf_pillar INTEGER NOT NULL CHECK (crrf_pillar BETWEEN 1 AND 4),
          position REAL NOT NULL
        ) STRICT;

        CREATE TABLE need (
          id TEXT PRIMARY KEY,
          pillar_id TEXT NOT NULL REFERENCES pillar(id),
          profile_id TEXT REFERENCES profile(id),
          title TEXT NOT NULL,
          description TEXT,
          theme TEXT,
          position REAL NOT NULL
        ) STRICT;
        CREATE INDEX need_by_pillar ON need(pillar_id, position);

        CREATE TABLE action (
          id TEXT PRIMARY KEY,
          need_id TEXT NOT NULL REFERENCES need(id),
          text TEXT NOT NULL,
          schedule TEXT,
          schedule_years TEXT NOT NULL DEFAULT '[]',
          status TEXT NOT NULL DEFAULT 'planned',
          position REAL NOT NULL
        ) STRICT;
        CREATE INDEX action_by_need ON action(need_id, position);

        CREATE TABLE institution (
          id TEXT PRIMARY KEY,
          label TEXT NOT NULL UNIQUE,
          acronym TEXT,
          name_es TEXT,
          name_en TEXT,
          kind TEXT
        ) STRICT;

        CREATE TABLE action_institution (
          id TEXT PRIMARY KEY,
          action_id TEXT NOT NULL REFERENCES action(id),
          institution_id TEXT NOT NULL REFERENCES institution(id),
          is_lead INTEGER NOT NULL DEFAULT 0,
          position REAL NOT NULL,
          UNIQUE (action_id, institution_id)
        ) STRICT;
        CREATE INDEX action_institution_by_institution ON action_institution(institution_id);

        CREATE TABLE commitment (
          id TEXT PRIMARY KEY,
          label TEXT NOT NULL UNIQUE,
          canonical TEXT
        ) STRICT;

        CREATE TABLE action_commitment (
          id TEXT PRIMARY KEY,
          action_id TEXT NOT NULL REFERENCES action(id),
          commitment_id TEXT NOT NULL REFERENCES commitment(id),
          position REAL NOT NULL,
          UNIQUE (action_id, commitment_id)
        ) STRICT;

        CREATE TABLE acronym (
          id TEXT PRIMARY KEY,
          acronym TEXT NOT NULL UNIQUE,
          expansion TEXT NOT NULL,
          position REAL NOT NULL
        ) STRICT;

        CREATE TABLE budget_line (
          id TEXT PRIMARY KEY,
          action_id TEXT NOT NULL REFERENCES action(id),
          institution_id TEXT NOT NULL REFERENCES institution(id),
          year INTEGER NOT NULL,
          amount_minor INTEGER,
          currency TEXT NOT NULL,
          funding_source TEXT,
          pei_ref TEXT,
          poa_ref TEXT,
          budget_code TEXT,
          note TEXT
        ) STRICT;
        CREATE INDEX budget_line_by_action ON budget_line(action_id);
        CREATE INDEX budget_line_by_institution ON budget_line(institution_id, year);

        CREATE TABLE stocktaking (
          id TEXT PRIMARY KEY,
          pillar_id TEXT NOT NULL REFERENCES pillar(id),
          profile TEXT,
          theme TEXT,
          activity TEXT NOT NULL,
          supervisors TEXT,
          commitments TEXT NOT NULL DEFAULT '[]',
          commitment_detail TEXT,
          position REAL NOT NULL
        ) STRICT;

        CREATE TABLE gap (
          id TEXT PRIMARY KEY,
          pillar_id TEXT REFERENCES pillar(id),
          text TEXT NOT NULL,
          position REAL NOT NULL
        ) STRICT;

        CREATE TABLE consultation_round (
          id TEXT PRIMARY KEY,
          number INTEGER NOT NULL UNIQUE,
          date TEXT,
          participants TEXT,
          objectives TEXT,
          progress TEXT
        ) STRICT;

        -- The change log is the spine of provenance, undo and merge: one change_set
        -- per user edit (one transaction), one change row per field or row touched.
        CREATE TABLE change_set (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          author TEXT NOT NULL,
          round_id TEXT REFERENCES consultation_round(id),
          source TEXT NOT NULL CHECK (source IN ('typed','imported','example','cli','undo','redo','migration')),
          source_file TEXT,
          label TEXT NOT NULL,
          reverts INTEGER REFERENCES change_set(id)
        ) STRICT;

        CREATE TABLE change (
          id INTEGER PRIMARY KEY,
          change_set_id INTEGER NOT NULL REFERENCES change_set(id),
          entity TEXT NOT NULL,
          entity_id TEXT NOT NULL,
          op TEXT NOT NULL CHECK (op IN ('insert','update','delete')),
          field TEXT,
          old_value TEXT,
          new_value TEXT
        ) STRICT;
        CREATE INDEX change_by_entity ON change(entity, entity_id);
        CREATE INDEX change_by_set ON change(change_set_id);
      `);
    },
  },
  {
    version: 2,
    description: "monitoring notes, custom column values, imported files and exports",
    up(db) {
      db.exec(`
        CREATE TABLE progress_note (
          id TEXT PRIMARY KEY,
          action_id TEXT NOT NULL REFERENCES action(id),
          period TEXT NOT NULL,
          status TEXT NOT NULL,
          note TEXT NOT NULL,
          author TEXT,
          recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX progress_note_by_action ON progress_note(action_id);

        CREATE TABLE custom_value (
          id TEXT PRIMARY KEY,
          action_id TEXT NOT NULL REFERENCES action(id),
          column_id TEXT NOT NULL REFERENCES column_def(id),
          value TEXT NOT NULL,
          UNIQUE (action_id, column_id)
        ) STRICT;

        -- A returned spreadsheet is kept whole inside the plan, so every value it
        -- brought can be traced back to the file, the institution and the round.
        CREATE TABLE imported_file (
          id TEXT PRIMARY KEY,
          file_name TEXT NOT NULL,
          sha256 TEXT NOT NULL UNIQUE,
          content BLOB NOT NULL,
          institution_id TEXT REFERENCES institution(id),
          export_id TEXT,
          imported_at TEXT NOT NULL,
          round_id TEXT REFERENCES consultation_round(id)
        ) STRICT;

        CREATE TABLE export_record (
          id TEXT PRIMARY KEY,
          institution_id TEXT REFERENCES institution(id),
          revision INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          file_name TEXT NOT NULL,
          snapshot TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 3,
    description: "merge conflicts from returned spreadsheets",
    up(db) {
      db.exec(`
        -- A returned value that met a different change in the plan waits here,
        -- with all three sides, until someone picks one: nothing is overwritten silently.
        CREATE TABLE merge_conflict (
          id TEXT PRIMARY KEY,
          imported_file_id TEXT NOT NULL REFERENCES imported_file(id),
          export_id TEXT,
          line_key TEXT NOT NULL,
          -- No foreign keys here: a conflict may be about an action the plan has deleted since.
          plan_line_id TEXT,
          action_id TEXT NOT NULL,
          institution_id TEXT NOT NULL,
          year INTEGER NOT NULL,
          field TEXT,
          kind TEXT NOT NULL CHECK (kind IN ('both_changed','edit_vs_delete','delete_vs_edit','added_twice')),
          base_value TEXT,
          plan_value TEXT,
          returned_value TEXT,
          status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
          resolution TEXT CHECK (resolution IN ('plan','returned','base')),
          created_at TEXT NOT NULL,
          resolved_at TEXT
        ) STRICT;
        CREATE INDEX merge_conflict_open ON merge_conflict(status);
      `);
    },
  },
  {
    version: 4,
    description: "institution directory: focal point, level, merged spellings; who imported a returned file",
    up(db) {
      db.exec(`
        ALTER TABLE institution ADD COLUMN focal_name TEXT;
        ALTER TABLE institution ADD COLUMN focal_email TEXT;
        ALTER TABLE institution ADD COLUMN focal_phone TEXT;
        ALTER TABLE institution ADD COLUMN level TEXT CHECK (level IN ('technical','political'));
        -- A spelling merged into another entry keeps its row (exports and imported files still
        -- name it) and points at the entry that absorbed it; lookups follow the pointer.
        ALTER TABLE institution ADD COLUMN merged_into TEXT REFERENCES institution(id);
        CREATE INDEX institution_merged_into ON institution(merged_into);
        ALTER TABLE imported_file ADD COLUMN imported_by TEXT;
      `);
    },
  },
  {
    version: 5,
    description: "the whole plan editable: round place and attendance, list columns and their workbook access, overarching recommendations as rows",
    up(db) {
      db.exec(`
        ALTER TABLE consultation_round ADD COLUMN place TEXT;
        -- [{name, kind: institution|sector, total, women, men}]: who came, as the round recorded it.
        ALTER TABLE consultation_round ADD COLUMN attendance TEXT NOT NULL DEFAULT '[]';
        -- The choices of a list column, and whether institutions may fill the column in their workbook.
        ALTER TABLE column_def ADD COLUMN options TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE column_def ADD COLUMN open INTEGER NOT NULL DEFAULT 0;

        -- One row per recommendation, so each is added, edited, moved and removed on its own;
        -- detail keeps the other fields a document gave it (institutions, schedule…) as they came.
        CREATE TABLE recommendation (
          id TEXT PRIMARY KEY,
          text TEXT NOT NULL,
          detail TEXT NOT NULL DEFAULT '{}',
          position REAL NOT NULL
        ) STRICT;

        INSERT INTO recommendation (id, text, detail, position)
          SELECT coalesce(json_extract(item.value, '$.id'), lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
                 json_extract(item.value, '$.text'),
                 json_remove(item.value, '$.id', '$.text'),
                 item.key + 1
          FROM plan, json_each(plan.overarching) AS item
          WHERE plan.overarching IS NOT NULL AND json_valid(plan.overarching) AND json_extract(item.value, '$.text') IS NOT NULL;
        UPDATE plan SET overarching = NULL;
      `);
    },
  },
  {
    version: 6,
    description: "monitoring: reporting periods, the date a status changed, indicators with baseline, targets and values reached",
    up(db) {
      db.exec(`
        -- Progress is reported per year or per half-year, as the plan chooses.
        ALTER TABLE plan ADD COLUMN reporting TEXT NOT NULL DEFAULT 'year' CHECK (reporting IN ('year','half'));
        ALTER TABLE action ADD COLUMN status_date TEXT;

        -- An indicator measures an action or a need (exactly one of them).
        CREATE TABLE indicator (
          id TEXT PRIMARY KEY,
          action_id TEXT REFERENCES action(id),
          need_id TEXT REFERENCES need(id),
          title_es TEXT,
          title_en TEXT,
          unit TEXT NOT NULL,
          baseline_year INTEGER,
          baseline_value REAL,
          by_sex INTEGER NOT NULL DEFAULT 0,
          age_groups TEXT NOT NULL DEFAULT '[]',
          position REAL NOT NULL,
          CHECK ((action_id IS NULL) <> (need_id IS NULL))
        ) STRICT;
        CREATE INDEX indicator_by_action ON indicator(action_id);
        CREATE INDEX indicator_by_need ON indicator(need_id);

        -- A target or a value reached for one period; sex and age are '' for the total and
        -- name the part of a breakdown otherwise (so the unique key holds without NULLs).
        CREATE TABLE indicator_value (
          id TEXT PRIMARY KEY,
          indicator_id TEXT NOT NULL REFERENCES indicator(id),
          kind TEXT NOT NULL CHECK (kind IN ('target','actual')),
          period TEXT NOT NULL,
          sex TEXT NOT NULL DEFAULT '',
          age TEXT NOT NULL DEFAULT '',
          value REAL,
          note TEXT,
          source TEXT,
          UNIQUE (indicator_id, kind, period, sex, age)
        ) STRICT;
        CREATE INDEX progress_note_by_period ON progress_note(period);
      `);
    },
  },
  {
    version: 7,
    description: "live sync: the device on each change set, the shared document's updates, sync conflicts",
    up(db) {
      db.exec(`
        -- Which laptop (installation) typed a change: its id on the change set, its name here.
        ALTER TABLE change_set ADD COLUMN device TEXT;
        CREATE TABLE device (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          first_seen TEXT NOT NULL
        ) STRICT;

        -- The plan's shared document (Yjs) as the updates that built it: a base made
        -- from the tables when live editing first starts, one update per local change
        -- set (linked to it), the updates received from other laptops, and snapshots
        -- that replace them all when compacted. Copies and backups carry it.
        CREATE TABLE sync_update (
          id INTEGER PRIMARY KEY,
          change_set_id INTEGER REFERENCES change_set(id),
          kind TEXT NOT NULL CHECK (kind IN ('base','local','remote','snapshot')),
          data BLOB NOT NULL,
          at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX sync_update_by_change_set ON sync_update(change_set_id);

        -- Two laptops wrote the same cell at once, an edit met a deletion, or the host
        -- refused an update: both values wait here, with who typed each, until someone picks.
        CREATE TABLE sync_conflict (
          id TEXT PRIMARY KEY,
          entity TEXT NOT NULL,
          entity_id TEXT NOT NULL,
          field TEXT,
          kind TEXT NOT NULL CHECK (kind IN ('both_changed','edit_vs_delete','refused')),
          base_value TEXT,
          kept_value TEXT,
          other_value TEXT,
          kept_by TEXT,
          other_by TEXT,
          reason TEXT,
          status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
          resolution TEXT CHECK (resolution IN ('kept','other','base')),
          created_at TEXT NOT NULL,
          resolved_at TEXT
        ) STRICT;
        CREATE INDEX sync_conflict_open ON sync_conflict(status);
      `);
    },
  },
];

export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings a writable database up to `target`, one migration per transaction. */
export function migrate(db: Database, target = LATEST_SCHEMA): number[] {
  const applied: number[] = [];
  let current = db.pragma("user_version", { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
    current = migration.version;
    applied.push(migration.version);
  }
  return applied;
}
