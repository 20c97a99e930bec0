/**
 * What the app's tabs and its service worker tell each other, on one BroadcastChannel: the outbox
 * changed (a move queued, carried out or dismissed), a newer profile was stored, the player's
 * tags, notes or loadouts changed, or the player signed out (every tab then leaves what it shows).
 * Each message names its sender, so a tab ignores what it said itself.
 */
export type TabNews = 'outbox-changed' | 'profile-stored' | 'player-data-changed' | 'signed-out';

export interface TabMessage {
  news: TabNews;
  from: string;
}

/** The channel's name, kept from the first version, so a page and a worker of different versions still hear each other. */
const CHANNEL = 'vault-raider-outbox';

/** This tab's (or worker's) name on the channel. */
export const SENDER_ID = crypto.randomUUID();

/**
 * A message as this version sends it, or as an older one did (a bare `'changed'` for the outbox,
 * `{ from }` for a stored profile); undefined for anything else.
 */
export function readTabMessage(data: unknown): TabMessage | undefined {
  if (data === 'changed') return { news: 'outbox-changed', from: '' };
  if (typeof data !== 'object' || data === null) return undefined;
  const { news, from } = data as Partial<Record<keyof TabMessage, unknown>>;
  if (typeof from !== 'string') return undefined;
  if (
    news === 'outbox-changed' ||
    news === 'profile-stored' ||
    news === 'player-data-changed' ||
    news === 'signed-out'
  )
    return { news, from };
  return news === undefined ? { news: 'profile-stored', from } : undefined;
}

export interface TabChannel {
  tell(news: TabNews): void;
  close(): void;
}

/**
 * Opens the channel; `onNews` hears what other tabs and the worker say. Undefined where the browser
 * has no BroadcastChannel: each tab then refreshes on its own.
 */
export function openTabChannel(onNews?: (news: TabNews) => void): TabChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const channel = new BroadcastChannel(CHANNEL);
  if (onNews) {
    channel.onmessage = (event: MessageEvent) => {
      const message = readTabMessage(event.data);
      if (message && message.from !== SENDER_ID) onNews(message.news);
    };
  }
  return {
    tell: (news) => channel.postMessage({ news, from: SENDER_ID } satisfies TabMessage),
    close: () => channel.close()
  };
}
