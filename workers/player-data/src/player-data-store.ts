import type { SqlStorage } from '@cloudflare/workers-types/index.ts';
import type {
  HashAnnotation,
  ItemAnnotation,
  ItemTag,
  Loadout,
  PlayerDataChanges,
  PlayerDataUpdate,
  SavedSearch,
  UpdateResult
} from '../../../src/lib/domain/player-data/shapes.ts';
import { MIGRATIONS } from './schema.ts';

/** How long an applied update id is remembered (ms): far longer than any device retries a batch. */
export const APPLIED_KEEP_MS = 30 * 24 * 60 * 60_000;

/** Brings the schema up to the latest version; each migration runs once, in order. */
export function migrate(sql: SqlStorage): number {
  sql.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = sql.exec<{ version: number }>('SELECT version FROM schema_version').toArray()[0];
  let version = row?.version ?? 0;
  if (!row) sql.exec('INSERT INTO schema_version (version) VALUES (0)');
  for (; version < MIGRATIONS.length; version++) {
    for (const statement of MIGRATIONS[version]!) sql.exec(statement);
    sql.exec('UPDATE schema_version SET version = ?', version + 1);
  }
  return version;
}

type Row = Record<string, string | number | null>;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function annotationOf(row: Row): ItemAnnotation {
  return {
    id: String(row.id),
    ...(row.tag !== null && { tag: row.tag as ItemTag }),
    ...(text(row.notes) !== undefined && { notes: String(row.notes) }),
    ...(row.crafted_date !== null && { craftedDate: Number(row.crafted_date) })
  };
}

function hashAnnotationOf(row: Row): HashAnnotation {
  return {
    hash: Number(row.hash),
    ...(row.tag !== null && { tag: row.tag as ItemTag }),
    ...(text(row.notes) !== undefined && { notes: String(row.notes) })
  };
}

function searchOf(row: Row): SavedSearch {
  return {
    query: String(row.query),
    saved: row.saved === 1,
    usageCount: Number(row.usage_count),
    lastUsage: Number(row.last_usage)
  };
}

/**
 * One player's data in the object's SQLite storage. Synchronous: SQLite in a Durable Object is, and
 * a batch applied inside one `transactionSync` is all or nothing.
 */
export class PlayerDataStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
  }

  /** Everything (`since` undefined) or the changes after a cursor, removals included. */
  changes(since?: number): PlayerDataChanges {
    const cursor = this.seq();
    const full = since === undefined || since > cursor;
    const after = full ? 0 : since;
    const rows = (table: string) =>
      this.sql
        .exec<Row>(`SELECT * FROM ${table} WHERE seq > ? ORDER BY seq`, after)
        .toArray()
        .filter((row) => !full || row.deleted === 0);
    const split = <T>(table: string, live: (row: Row) => T, key: (row: Row) => string | number) => {
      const all = rows(table);
      return {
        live: all.filter((r) => r.deleted === 0).map(live),
        gone: all.filter((r) => r.deleted === 1).map(key)
      };
    };
    const annotations = split('annotations', annotationOf, (r) => String(r.id));
    const hashes = split('hash_annotations', hashAnnotationOf, (r) => Number(r.hash));
    const loadouts = split(
      'loadouts',
      (r) => JSON.parse(String(r.body)) as Loadout,
      (r) => String(r.id)
    );
    const searches = split('searches', searchOf, (r) => String(r.query));
    return {
      cursor: String(cursor),
      full,
      annotations: annotations.live,
      hashAnnotations: hashes.live,
      loadouts: loadouts.live,
      searches: searches.live,
      deleted: {
        annotations: annotations.gone as string[],
        hashAnnotations: hashes.gone as number[],
        loadouts: loadouts.gone as string[],
        searches: searches.gone as string[]
      }
    };
  }

  /**
   * Applies a batch in order, each update once: an update id seen before is answered
   * `already_applied` and changes nothing, so a batch sent again after a lost answer is harmless.
   * The caller runs this inside one transaction.
   */
  apply(updates: readonly PlayerDataUpdate[], now: number): UpdateResult[] {
    this.sql.exec('DELETE FROM applied_updates WHERE at < ?', now - APPLIED_KEEP_MS);
    return updates.map((update) => {
      const seen = this.sql.exec('SELECT 1 FROM applied_updates WHERE id = ?', update.id);
      if (seen.toArray().length) return { id: update.id, status: 'already_applied' };
      const result = this.applyOne(update, now);
      this.sql.exec('INSERT INTO applied_updates (id, at) VALUES (?, ?)', update.id, now);
      return result;
    });
  }

  private applyOne(update: PlayerDataUpdate, now: number): UpdateResult {
    switch (update.action) {
      case 'annotation':
        this.annotate('annotations', 'id', update.itemId, update, update.craftedDate);
        break;
      case 'hash_annotation':
        this.annotate('hash_annotations', 'hash', update.itemHash, update);
        break;
      case 'loadout':
        this.sql.exec(
          `INSERT INTO loadouts (id, body, seq, deleted) VALUES (?, ?, ?, 0)
           ON CONFLICT (id) DO UPDATE SET body = excluded.body, seq = excluded.seq, deleted = 0`,
          update.loadout.id,
          JSON.stringify(update.loadout),
          this.nextSeq()
        );
        break;
      case 'delete_loadout':
        if (!this.remove('loadouts', 'id', update.loadoutId, 'body = NULL'))
          return { id: update.id, status: 'not_found', message: 'No loadout has that id.' };
        break;
      case 'search':
        this.sql.exec(
          `INSERT INTO searches (query, saved, usage_count, last_usage, seq, deleted)
           VALUES (?1, coalesce(?2, 0), ?3, ?4, ?5, 0)
           ON CONFLICT (query) DO UPDATE SET
             saved = coalesce(?2, CASE WHEN searches.deleted = 1 THEN 0 ELSE searches.saved END),
             usage_count = CASE WHEN searches.deleted = 1 THEN 0 ELSE searches.usage_count END + ?3,
             last_usage = CASE WHEN ?3 > 0 THEN ?4 ELSE searches.last_usage END,
             seq = ?5, deleted = 0`,
          update.query,
          update.saved === undefined ? null : update.saved ? 1 : 0,
          update.uses ?? 0,
          now,
          this.nextSeq()
        );
        break;
      case 'delete_search':
        if (!this.remove('searches', 'query', update.query, 'saved = 0, usage_count = 0'))
          return {
            id: update.id,
            status: 'not_found',
            message: 'No search is kept with that text.'
          };
        break;
    }
    return { id: update.id, status: 'applied' };
  }

  /** Sets the fields an annotation update names; with neither tag nor notes left, it is removed. */
  private annotate(
    table: 'annotations' | 'hash_annotations',
    keyColumn: 'id' | 'hash',
    key: string | number,
    update: { tag?: ItemTag | null; notes?: string | null },
    craftedDate?: number
  ): void {
    const current = this.sql
      .exec<Row>(`SELECT tag, notes FROM ${table} WHERE ${keyColumn} = ? AND deleted = 0`, key)
      .toArray()[0];
    const tag = update.tag === undefined ? (current?.tag ?? null) : update.tag;
    const notes = update.notes === undefined ? (current?.notes ?? null) : update.notes || null;
    if (tag === null && notes === null) {
      this.remove(table, keyColumn, key, 'tag = NULL, notes = NULL');
      return;
    }
    const extra = table === 'annotations' ? ', crafted_date' : '';
    const extraValue = table === 'annotations' ? ', ?5' : '';
    this.sql.exec(
      `INSERT INTO ${table} (${keyColumn}, tag, notes, seq, deleted${extra})
       VALUES (?1, ?2, ?3, ?4, 0${extraValue})
       ON CONFLICT (${keyColumn}) DO UPDATE SET tag = ?2, notes = ?3, seq = ?4, deleted = 0${
         table === 'annotations' ? ', crafted_date = coalesce(?5, crafted_date)' : ''
       }`,
      ...[
        key,
        tag,
        notes,
        this.nextSeq(),
        ...(table === 'annotations' ? [craftedDate ?? null] : [])
      ]
    );
  }

  /** Marks a live row removed (a tombstone with its fields cleared); false when there was none. */
  private remove(table: string, keyColumn: string, key: string | number, clear: string): boolean {
    const live = this.sql
      .exec(`SELECT 1 FROM ${table} WHERE ${keyColumn} = ? AND deleted = 0`, key)
      .toArray().length;
    if (!live) return false;
    this.sql.exec(
      `UPDATE ${table} SET ${clear}, deleted = 1, seq = ? WHERE ${keyColumn} = ?`,
      this.nextSeq(),
      key
    );
    return true;
  }

  private seq(): number {
    return Number(
      this.sql.exec<{ value: number }>(`SELECT value FROM meta WHERE key = 'seq'`).one().value
    );
  }

  private nextSeq(): number {
    const next = this.seq() + 1;
    this.sql.exec(`UPDATE meta SET value = ? WHERE key = 'seq'`, next);
    return next;
  }
}
