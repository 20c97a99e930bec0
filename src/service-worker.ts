/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { database } from '$lib/client/db/database';
import { MOVES_SYNC_TAG, withMovesLock } from '$lib/client/moves/coordination';
import { openTabChannel } from '$lib/client/tab-channel';
import { deviceRules } from '$lib/client/moves/device-rules';
import { performEquipBatch, performStep } from '$lib/client/moves/http-actions';
import { readOutbox, wakePending } from '$lib/client/outbox/repository';
import { drainOutbox } from '$lib/client/moves/runner';
import { fetchPlacement, readLocalProfile, storeProfile } from '$lib/client/profile-sync';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL_CACHE = `shell-${version}`;
/** v2: icons kept with CORS; v1 held opaque ones, counted as megabytes each. */
const ICON_CACHE = 'icons-v2';
/** Icons kept for offline use; the oldest go first past this many. */
const MAX_ICONS = 3000;
/**
 * Each top-level page's own shell: it names that page's code for preloading, so an offline start
 * loads everything in one wave instead of loading the landing page's code first. Other paths (a
 * character page) get the landing page's shell, which routes on the client all the same.
 */
const PAGE_SHELLS = ['/', '/vault', '/search', '/loadouts', '/xur', '/settings'];
// The app shell: every built asset and static file, and the page shells.
const SHELL = [...build, ...files, ...PAGE_SHELLS];

sw.addEventListener('install', (event) => {
  // No skipWaiting here: a new version waits until the page says "reload" (the update prompt).
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keys = await caches.keys();
      await Promise.all(
        keys
          .filter(
            (key) =>
              (key.startsWith('shell-') && key !== SHELL_CACHE) ||
              (key.startsWith('icons-') && key !== ICON_CACHE)
          )
          .map((key) => caches.delete(key))
      );
      await sw.clients.claim();
    })()
  );
});

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

async function fromShell(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  return fetch(request);
}

/** Every route renders on the client, so a navigation is answered from the cache at once. */
async function navigation(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const { pathname } = new URL(request.url);
  const shell =
    (await cache.match(pathname.replace(/(.)\/$/, '$1'), { ignoreSearch: true })) ??
    (await cache.match('/'));
  if (shell) return shell;
  return fetch(request);
}

/**
 * Icons: cache first, kept for offline use, the cache bounded by count. Fetched with CORS (Bungie's
 * content host allows any origin), never kept opaque: browsers count each opaque response in the
 * cache as megabytes of quota (Chromium pads it to about 7 MB), so a few hundred icons would fill
 * the site's storage and the queued moves beside them could no longer be saved.
 */
async function icon(request: Request): Promise<Response> {
  const cache = await caches.open(ICON_CACHE);
  const cached = await cache.match(request.url);
  if (cached) return cached;
  const response = await fetch(request.url, { mode: 'cors', credentials: 'omit' }).catch(() =>
    // A host without CORS: shown, not kept.
    fetch(request)
  );
  if (response.ok && response.type !== 'opaque') {
    await cache.put(request.url, response.clone());
    const keys = await cache.keys();
    if (keys.length > MAX_ICONS)
      await Promise.all(keys.slice(0, keys.length - MAX_ICONS).map((key) => cache.delete(key)));
  }
  return response;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin === sw.location.origin) {
    if (url.pathname.startsWith('/api/')) return;
    event.respondWith(request.mode === 'navigate' ? navigation(request) : fromShell(request));
    return;
  }
  if (request.destination === 'image' && url.pathname.startsWith('/common/destiny2_content/icons/'))
    event.respondWith(icon(request));
});

/**
 * Background Sync: the browser wakes the worker when the network is back, and the worker carries
 * out the pending moves even with no page open. A page running them holds the lock; then the
 * worker leaves them to it.
 */
async function carryOutMoves(): Promise<void> {
  const db = database();
  const channel = openTabChannel();
  try {
    // The browser fires this when the network is back: what waited out a failure goes now.
    await wakePending(db);
    const rules = await deviceRules(db);
    // A failed sync is fired again later; an open page plans with what it holds in memory.
    if (!rules) throw new Error('The device is fetching its data again; moves wait for it');
    const result = await withMovesLock(() =>
      drainOutbox({
        db,
        fetchProfile: fetchPlacement,
        perform: performStep,
        performEquipBatch,
        rules,
        onApplied: async (profile) => {
          const record = await readLocalProfile(db);
          await storeProfile(db, profile, { definitions: record?.definitions });
        },
        onChange: () => channel?.tell('outbox-changed')
      })
    );
    // Still waiting (throttled, maintenance, no network): a failed sync is tried again later.
    if (result?.waitUntil !== undefined) throw new Error('Moves are still pending');
    if (!result && (await readOutbox(db)).some((e) => e.state === 'pending'))
      throw new Error('A page is carrying the moves out');
  } finally {
    channel?.close();
  }
}

sw.addEventListener('sync', (event) => {
  const sync = event as ExtendableEvent & { tag: string };
  if (sync.tag === MOVES_SYNC_TAG) sync.waitUntil(carryOutMoves());
});

/** What a push carries (`XurNotice` from the cron Worker); anything else still says he arrived. */
function noticeOf(data: PushMessageData | null): {
  title: string;
  body: string;
  tag: string;
  url: string;
} {
  const fallback = { title: 'Xûr has arrived', body: '', tag: 'xur', url: '/xur' };
  try {
    const notice = data?.json() as Partial<typeof fallback> | undefined;
    return {
      title: typeof notice?.title === 'string' ? notice.title : fallback.title,
      body: typeof notice?.body === 'string' ? notice.body : fallback.body,
      tag: typeof notice?.tag === 'string' ? notice.tag : fallback.tag,
      // Checked against this origin when tapped.
      url: typeof notice?.url === 'string' ? notice.url : fallback.url
    };
  } catch {
    return fallback;
  }
}

sw.addEventListener('push', (event) => {
  const { title, body, tag, url } = noticeOf(event.data);
  event.waitUntil(
    sw.registration.showNotification(title, {
      body,
      tag,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url }
    })
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  // Only a page of this app: whatever a push says, a tap never leads elsewhere.
  const asked = new URL(
    (event.notification.data as { url?: string } | null)?.url ?? '/xur',
    sw.location.origin
  );
  const url = asked.origin === sw.location.origin ? asked.href : `${sw.location.origin}/xur`;
  event.waitUntil(
    (async () => {
      // An open window of the app goes to the page; otherwise a new one opens there.
      const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === sw.location.origin);
      // `navigate` works only on a window this worker controls; any other gets a new window.
      const moved = open ? await open.navigate(url).catch(() => null) : null;
      if (moved) await moved.focus();
      else await sw.clients.openWindow(url);
    })()
  );
});
