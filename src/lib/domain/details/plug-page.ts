import { SHARD_SCHEMA } from '../shards/shard-index.ts';
import type { InvestmentTuple, PlugRecord } from './detail-records.ts';

/**
 * One page of plug records as published: columns rather than an object per plug, so a name, an
 * icon or a type sits beside its kind and no key is repeated three thousand times. A description
 * is an id into the `plugDescriptions` table (the hash of the first plug that reads so): most texts
 * repeat across pages, so the table holds each once, and an id never moves when another text comes
 * or goes. Hashes are in order, each written as its difference from the one before.
 */
export interface PlugPage {
  schema: typeof SHARD_SCHEMA;
  page: number;
  hashes: number[];
  names: string[];
  /** Short icon paths; '' for none. */
  icons: string[];
  /** '' for none. */
  typeNames: string[];
  /**
   * Description ids: 0 for none, 1 for the plug's own hash (the first plug to read so, as most
   * texts are read by one plug only; no plug has hash 0 or 1).
   */
  texts: number[];
  /** The rarer fields, by position in the columns. */
  more: Record<string, Pick<PlugRecord, 'stats' | 'intrinsic'>>;
  /**
   * Always empty: where a page published before the columns held its plugs and texts, so an app
   * still running the older reader shows its plugs as unknown rather than failing.
   */
  plugs: Record<string, never>;
  descriptions: [];
}

const OWN = 1;

/** A plug as a page takes it: its description already an id. */
export type PagePlug = Omit<PlugRecord, 'description' | 'objectives'> & { description?: number };

/** A page's body from its plugs, in hash order. */
export function writePlugPage(page: number, plugs: readonly [number, PagePlug][]): PlugPage {
  const body: PlugPage = {
    schema: SHARD_SCHEMA,
    page,
    hashes: [],
    names: [],
    icons: [],
    typeNames: [],
    texts: [],
    more: {},
    plugs: {},
    descriptions: []
  };
  let previous = 0;
  for (const [at, [hash, plug]] of plugs.entries()) {
    body.hashes.push(hash - previous);
    previous = hash;
    body.names.push(plug.name);
    body.icons.push(plug.icon ?? '');
    body.typeNames.push(plug.typeName ?? '');
    body.texts.push(plug.description === hash ? OWN : (plug.description ?? 0));
    const more: Pick<PlugRecord, 'stats' | 'intrinsic'> = {};
    if (plug.stats) more.stats = plug.stats;
    if (plug.intrinsic) more.intrinsic = plug.intrinsic;
    if (more.stats || more.intrinsic) body.more[at] = more;
  }
  return body;
}

/** A page as published before the columns: an object per plug, texts by index into its own list. */
interface ObjectPlugPage {
  plugs: Record<string, Omit<PlugRecord, 'description'> & { description?: number }>;
  descriptions: string[];
}

/** The plug records of a page (of either form), descriptions in place. */
export function readPlugPage(
  page: PlugPage | ObjectPlugPage,
  descriptions: Readonly<Record<string, string>> = {}
): Record<string, PlugRecord> {
  if (!('hashes' in page)) {
    return Object.fromEntries(
      Object.entries(page.plugs).map(([hash, { description, ...plug }]) => {
        const text = description === undefined ? undefined : page.descriptions[description];
        return [hash, text === undefined ? plug : { ...plug, description: text }];
      })
    );
  }
  const records: Record<string, PlugRecord> = {};
  let hash = 0;
  for (const [at, step] of page.hashes.entries()) {
    hash += step;
    const record: PlugRecord = { name: page.names[at] ?? '' };
    const icon = page.icons[at];
    if (icon) record.icon = icon;
    const id = page.texts[at] ?? 0;
    const text = descriptions[id === OWN ? hash : id];
    if (text !== undefined) record.description = text;
    const typeName = page.typeNames[at];
    if (typeName) record.typeName = typeName;
    const more = page.more[at];
    if (more?.stats) record.stats = more.stats as InvestmentTuple[];
    if (more?.intrinsic) record.intrinsic = more.intrinsic;
    records[hash] = record;
  }
  return records;
}
