import { CURRENCY_NAMES } from '../../bungie/hashes.ts';
import type { VendorStock } from '../inventory/model.ts';

/**
 * What the watcher keeps between runs about Xûr's last visit: which visit, and how far its
 * announcement got. `announcing` is written before the announcement goes out, so a run that dies
 * in between never announces that visit again (never twice); `failed` means the announcement was
 * refused outright, so the next run tries again.
 */
export interface VisitRecord {
  visit: string;
  state: 'announcing' | 'announced' | 'failed';
  /** Epoch ms. */
  at: number;
  /** The channels that carried this visit's announcement, so a retry after `failed` skips them. */
  sent?: string[];
}

/** A visit is known by when his stock next changes: the same all visit long, new each week. */
export function visitOf(stock: VendorStock): string | undefined {
  return stock.present ? stock.nextRefreshDate : undefined;
}

/** The visit to announce now, if any: he is here, and this visit was not announced (or was refused). */
export function visitToAnnounce(
  stock: VendorStock,
  last: VisitRecord | undefined
): string | undefined {
  const visit = visitOf(stock);
  if (!visit) return undefined;
  if (last?.visit === visit && last.state !== 'failed') return undefined;
  return visit;
}

export interface ItemWords {
  name: string;
  typeName?: string;
  /** The icon's path on Bungie's image host. */
  icon?: string;
  /** An exotic (tier 6): what a player may lack and wait for him to sell. */
  exotic?: true;
}

/** Each item of his stock as words: "Hawkmoon (Hand Cannon): 97 Legendary Shards". */
export function describeXurItems(
  stock: VendorStock,
  wordsOf: (hash: number) => ItemWords | undefined
): string[] {
  return stock.items.map((item) => {
    const words = wordsOf(item.hash);
    const name = words?.name || 'Classified';
    const type = words?.typeName ? ` (${words.typeName})` : '';
    const cost = item.costs
      .map(
        (c) => `${c.quantity} ${wordsOf(c.hash)?.name || CURRENCY_NAMES[c.hash] || 'Classified'}`
      )
      .join(', ');
    return `${name}${type}${cost ? `: ${cost}` : ''}`;
  });
}

const untilWords = (stock: VendorStock) =>
  stock.nextRefreshDate
    ? ` until ${new Date(stock.nextRefreshDate).toUTCString().replace(':00 GMT', ' UTC')}`
    : '';

/**
 * His stock as a Slack-style message: when he leaves, then each item with its type and cost
 * ("Hawkmoon (Hand Cannon): 97 Legendary Shards"). Unknown items are "Classified"; a currency the
 * definitions lack goes by its known name.
 */
export function describeXurStock(
  stock: VendorStock,
  wordsOf: (hash: number) => ItemWords | undefined
): string {
  const lines = describeXurItems(stock, wordsOf).map((line) => `• ${line}`);
  return [`Xûr has arrived${untilWords(stock)}.`, ...lines].join('\n');
}

/** What a push notification carries: the service worker shows it as it is. */
export interface XurNotice {
  title: string;
  /** One line an item. */
  body: string;
  /** Notices of one visit replace each other on the device instead of piling up. */
  tag: string;
  /** Where a tap on the notice leads. */
  url: '/xur';
}

/**
 * A push service must take 4,096 bytes of payload and the encryption adds about 100, so a notice
 * is kept well under that: lines past the budget are summed up as "and N more".
 */
export const NOTICE_MAX_BYTES = 3000;

export function xurNotice(
  stock: VendorStock,
  wordsOf: (hash: number) => ItemWords | undefined,
  visit: string
): XurNotice {
  const lines = describeXurItems(stock, wordsOf);
  const notice = (shown: string[]): XurNotice => {
    const rest = lines.length - shown.length;
    return {
      title: 'Xûr has arrived',
      body: [...shown, ...(rest > 0 ? [`and ${rest} more`] : [])].join('\n'),
      tag: `xur-${visit}`,
      url: '/xur'
    };
  };
  const bytes = (n: XurNotice) => new TextEncoder().encode(JSON.stringify(n)).byteLength;
  let shown = lines;
  while (shown.length > 0 && bytes(notice(shown)) > NOTICE_MAX_BYTES) shown = shown.slice(0, -1);
  return notice(shown);
}

/**
 * The exotics of his stock that are not among `owned` (item hashes the player holds anywhere:
 * vault, characters, equipped), in his order: what a player asking "only when he sells an exotic I
 * do not own" waits for.
 */
export function lackedExotics(
  stock: VendorStock,
  wordsOf: (hash: number) => ItemWords | undefined,
  owned: ReadonlySet<number>
): number[] {
  return stock.items
    .filter((item) => wordsOf(item.hash)?.exotic && !owned.has(item.hash))
    .map((item) => item.hash);
}

/** The notice for a player who asked only about exotics they lack: those named first, in the title. */
export function lackedExoticsNotice(
  notice: XurNotice,
  lacked: number[],
  wordsOf: (hash: number) => ItemWords | undefined
): XurNotice {
  const first = wordsOf(lacked[0]!)?.name || 'Classified';
  return {
    ...notice,
    title:
      lacked.length === 1
        ? `Xûr sells ${first}, which you lack`
        : `Xûr sells ${lacked.length} exotics you lack`
  };
}

/** The hashes of the exotics among a player's items, for "only when he sells one I do not own". */
export function ownedExotics(
  items: readonly { hash: number }[],
  definitionOf: (hash: number) => { tier: number } | undefined
): number[] {
  return [...new Set(items.map((i) => i.hash))].filter((hash) => definitionOf(hash)?.tier === 6);
}
