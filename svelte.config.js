import adapter from '@sveltejs/adapter-cloudflare';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({
      // The app Worker serves /api/* through Hono; everything else is the static SPA shell.
      fallback: 'spa',
      platformProxy: { configPath: 'wrangler.toml', persist: { path: '.state/v3' } }
    }),
    serviceWorker: { register: false },
    // A page's styles go inside its HTML instead of as files of their own (the vault's come in five,
    // each under 5 KB): on a first visit over HTTP/1.1, six requests at a time, each further file
    // could cost another round trip before the first paint.
    inlineStyleThreshold: 8_192,
    // Absolute asset paths: the service worker answers every page with a cached shell, and relative
    // ones (`./_app/…`) would resolve under a deeper page's own path (`/characters/_app/…`).
    paths: { relative: false },
    // Kit adds the hashes of its own inline bootstrap; hooks.server.ts adds Bungie's image origin.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'https://www.bungie.net'],
        'connect-src': ['self'],
        'manifest-src': ['self'],
        'worker-src': ['self'],
        'base-uri': ['none'],
        'form-action': ['self'],
        'object-src': ['none']
      }
    }
  }
};
