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
}

/**
 * His stock as a Slack-style message: when he leaves, then each item with its type and cost
 * ("Hawkmoon (Hand Cannon): 97 Legendary Shards"). Unknown items are "Classified"; a currency the
 * definitions lack goes by its known name.
 */
export function describeXurStock(
  stock: VendorStock,
  wordsOf: (hash: number) => ItemWords | undefined
): string {
  const until = stock.nextRefreshDate
    ? ` until ${new Date(stock.nextRefreshDate).toUTCString().replace(':00 GMT', ' UTC')}`
    : '';
  const lines = stock.items.map((item) => {
    const words = wordsOf(item.hash);
    const name = words?.name || 'Classified';
    const type = words?.typeName ? ` (${words.typeName})` : '';
    const cost = item.costs
      .map(
        (c) => `${c.quantity} ${wordsOf(c.hash)?.name || CURRENCY_NAMES[c.hash] || 'Classified'}`
      )
      .join(', ');
    return `• ${name}${type}${cost ? `: ${cost}` : ''}`;
  });
  return [`Xûr has arrived${until}.`, ...lines].join('\n');
}
