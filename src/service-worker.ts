/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL_CACHE = `shell-${version}`;
const ICON_CACHE = 'icons-v1';
/** Icons kept for offline use; the oldest go first past this many. */
const MAX_ICONS = 3000;
/**
 * Each top-level page's own shell: it names that page's code for preloading, so an offline start
 * loads everything in one wave instead of loading the landing page's code first. Other paths (a
 * character page) get the landing page's shell, which routes on the client all the same.
 */
const PAGE_SHELLS = ['/', '/vault', '/search', '/xur'];
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
      await Promise.all(keys.filter((key) => key.startsWith('shell-') && key !== SHELL_CACHE).map((key) => caches.delete(key)));
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
  const shell = (await cache.match(pathname.replace(/(.)\/$/, '$1'), { ignoreSearch: true })) ?? (await cache.match('/'));
  if (shell) return shell;
  return fetch(request);
}

/** Icons: cache first, kept for offline use, the cache bounded by count. */
async function icon(request: Request): Promise<Response> {
  const cache = await caches.open(ICON_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok || response.type === 'opaque') {
    await cache.put(request, response.clone());
    const keys = await cache.keys();
    if (keys.length > MAX_ICONS) await Promise.all(keys.slice(0, keys.length - MAX_ICONS).map((key) => cache.delete(key)));
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
  if (request.destination === 'image' && url.pathname.startsWith('/common/destiny2_content/icons/')) event.respondWith(icon(request));
});
