/**
 * The object's SQLite schema, one migration per version, applied in order when the object starts.
 * Never edit a migration that has shipped: add the next one.
 *
 * Every row carries `seq`, the object's change counter at its last write, so "what changed since
 * cursor N" is `seq > N`. A removal keeps the row as a tombstone (`deleted = 1`, fields cleared)
 * so devices that synced before it learn of it.
 */
export const MIGRATIONS: readonly string[][] = [
  [
    `CREATE TABLE annotations (
       id TEXT PRIMARY KEY, tag TEXT, notes TEXT, crafted_date INTEGER,
       seq INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0)`,
    `CREATE INDEX annotations_seq ON annotations (seq)`,
    `CREATE TABLE hash_annotations (
       hash INTEGER PRIMARY KEY, tag TEXT, notes TEXT,
       seq INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0)`,
    `CREATE INDEX hash_annotations_seq ON hash_annotations (seq)`,
    `CREATE TABLE loadouts (
       id TEXT PRIMARY KEY, body TEXT,
       seq INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0)`,
    `CREATE INDEX loadouts_seq ON loadouts (seq)`,
    `CREATE TABLE searches (
       query TEXT PRIMARY KEY, saved INTEGER NOT NULL DEFAULT 0,
       usage_count INTEGER NOT NULL DEFAULT 0, last_usage INTEGER NOT NULL DEFAULT 0,
       seq INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0)`,
    `CREATE INDEX searches_seq ON searches (seq)`,
    // Update ids already applied, with when (epoch ms): a batch sent again changes nothing twice.
    `CREATE TABLE applied_updates (id TEXT PRIMARY KEY, at INTEGER NOT NULL)`,
    `CREATE INDEX applied_updates_at ON applied_updates (at)`,
    `CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)`,
    `INSERT INTO meta (key, value) VALUES ('seq', 0)`
  ]
];

/** The schema version a fresh object reaches: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length;
