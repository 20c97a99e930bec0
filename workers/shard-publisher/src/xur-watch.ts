import type { R2Bucket } from '@cloudflare/workers-types/index.ts';
import { getPublicVendors } from 'bungie-api-ts/destiny2';
import { createBungieClient, type Fetch } from '../../../src/lib/bungie/client/http.ts';
import { ComponentType } from '../../../src/lib/bungie/components.ts';
import { XUR_VENDOR_HASH } from '../../../src/lib/bungie/hashes.ts';
import type { VendorStock } from '../../../src/lib/domain/inventory/model.ts';
import {
  slimVendor,
  type PublicVendorsInput
} from '../../../src/lib/domain/inventory/slim-vendor.ts';
import { iconPath } from '../../../src/lib/domain/shards/slim-item.ts';
import {
  describeXurStock,
  visitToAnnounce,
  xurNotice,
  type ItemWords,
  type VisitRecord,
  type XurNotice
} from '../../../src/lib/domain/xur/arrival.ts';
import { publishedItems } from '../../../src/lib/published/published-items.ts';

/** Where the watcher keeps the last visit it announced (outside the shards, which retention prunes). */
export const XUR_VISIT_KEY = 'xur/v1/visit.json';

/** One announcement of a visit, in the shapes the channels need. */
export interface XurMessage {
  visit: string;
  /** His stock as a Slack-style message (the webhook). */
  text: string;
  /** His stock as a notification (Web Push). */
  notice: XurNotice;
  /** Seconds until he leaves: a notice older than his visit is worth nothing. */
  secondsLeft: number;
  /** His stock and its words, for a channel that renders them its own way (email). */
  stock: VendorStock;
  wordsOf: (hash: number) => ItemWords | undefined;
}

/** A way to tell players: the webhook, Web Push. */
export interface XurChannel {
  name: string;
  /** Tells everyone on this channel; throws when some could not be told and are worth another try. */
  send(message: XurMessage): Promise<ChannelReport>;
}

export interface ChannelReport {
  delivered: number;
  /** Subscribers the channel found gone for good (a push service's 404 or 410), now removed. */
  removed?: number;
  /** Subscribers this visit was not for (waiting only for an exotic they lack, and he sells none). */
  skipped?: number;
}

export interface XurWatchDeps {
  /** Xûr's public stock now. */
  stock(): Promise<VendorStock>;
  /** The record, with a tag for a conditional write; none before the first announcement. */
  read(): Promise<{ record: VisitRecord; etag: string } | undefined>;
  /** Writes the record only if it is still what was read (`etag`, or absent): false when another run wrote first. */
  write(record: VisitRecord, etag: string | undefined): Promise<string | false>;
  wordsOf(hashes: number[]): Promise<(hash: number) => ItemWords | undefined>;
  channels: XurChannel[];
  now(): number;
}

export type WatchOutcome =
  | { outcome: 'away' | 'known' | 'taken' }
  | {
      outcome: 'announced' | 'failed';
      visit: string;
      /** What each channel did this run; a channel that carried the visit on an earlier run is absent. */
      channels: Record<string, ChannelReport | { error: string }>;
    };

/**
 * One look at Xûr, run with each cron tick: a visit not announced yet is claimed (a conditional
 * write, so two runs never both announce it), announced on each channel, then marked announced.
 * A run that dies after its claim leaves the visit unannounced rather than risk it twice; a
 * channel that failed leaves it `failed`, and the next run tries again on the channels that did
 * not carry it yet (Web Push, in turn, skips the devices it already told).
 */
export async function watchXur(deps: XurWatchDeps): Promise<WatchOutcome> {
  const [stock, last] = await Promise.all([deps.stock(), deps.read()]);
  const visit = visitToAnnounce(stock, last?.record);
  if (!visit) return { outcome: stock.present ? 'known' : 'away' };
  const sent = last?.record.visit === visit ? [...(last.record.sent ?? [])] : [];
  const claimed = await deps.write(
    { visit, state: 'announcing', at: deps.now(), sent },
    last?.etag
  );
  if (claimed === false) return { outcome: 'taken' };
  const hashes = stock.items.flatMap((i) => [i.hash, ...i.costs.map((c) => c.hash)]);
  const wordsOf = await deps.wordsOf(hashes);
  const message: XurMessage = {
    visit,
    text: describeXurStock(stock, wordsOf),
    notice: xurNotice(stock, wordsOf, visit),
    secondsLeft: Math.max(0, Math.round((Date.parse(visit) - deps.now()) / 1000)),
    stock,
    wordsOf
  };
  const channels: Record<string, ChannelReport | { error: string }> = {};
  for (const channel of deps.channels) {
    if (sent.includes(channel.name)) continue;
    try {
      channels[channel.name] = await channel.send(message);
      sent.push(channel.name);
    } catch (error) {
      channels[channel.name] = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  const failed = deps.channels.some((channel) => !sent.includes(channel.name));
  await deps.write(
    { visit, state: failed ? 'failed' : 'announced', at: deps.now(), sent },
    claimed
  );
  return { outcome: failed ? 'failed' : 'announced', visit, channels };
}

/** The webhook channel: one Slack-style message; any answer but 2xx is a failure worth a retry. */
export function webhookChannel(fetch: Fetch, url: string): XurChannel {
  return {
    name: 'webhook',
    async send({ text }) {
      const response = await fetch(
        new Request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text })
        })
      );
      if (!response.ok) throw new Error(`The webhook answered HTTP ${response.status}`);
      return { delivered: 1 };
    }
  };
}

/** The watcher's dependencies on Workers: Bungie's public vendors, R2 for the record and names, a webhook. */
export function xurWatchDeps(options: {
  fetch: Fetch;
  baseUrl: string;
  apiKey: string;
  bucket: R2Bucket;
  channels: XurChannel[];
}): XurWatchDeps {
  const { bucket } = options;
  const bungie = createBungieClient({
    fetch: options.fetch,
    baseUrl: options.baseUrl,
    apiKey: options.apiKey
  });
  return {
    async stock() {
      const response = await getPublicVendors(bungie, {
        components: [ComponentType.Vendors, ComponentType.VendorSales]
      });
      return slimVendor(
        XUR_VENDOR_HASH,
        response.Response as unknown as PublicVendorsInput,
        () => undefined,
        new Date().toISOString()
      );
    },
    async read() {
      const object = await bucket.get(XUR_VISIT_KEY);
      return object
        ? { record: (await object.json()) as VisitRecord, etag: object.etag }
        : undefined;
    },
    async write(record, etag) {
      const written = await bucket.put(XUR_VISIT_KEY, JSON.stringify(record), {
        httpMetadata: { contentType: 'application/json' },
        onlyIf: etag ? { etagMatches: etag } : { etagDoesNotMatch: '*' }
      });
      return written ? written.etag : false;
    },
    wordsOf: (hashes) => publishedWords(bucket, hashes),
    channels: options.channels,
    now: Date.now
  };
}

/** Names and types of items from the published shards. */
async function publishedWords(
  bucket: R2Bucket,
  hashes: number[]
): Promise<(hash: number) => ItemWords | undefined> {
  const words = new Map<number, ItemWords>();
  for (const [hash, item] of (await publishedItems(bucket, hashes))?.items ?? []) {
    if (!item.name) continue;
    const icon = iconPath(item);
    words.set(hash, {
      name: item.name,
      ...(item.typeName && { typeName: item.typeName }),
      ...(icon && { icon }),
      ...(item.tier === 6 && { exotic: true as const })
    });
  }
  return (hash) => words.get(hash);
}
