import { sveltekit } from '@sveltejs/kit/vite';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The app's modules only the item sheet, Search and Compare use (perks, stats, plug pages): left to
 * chunks of their own, not the shared one, which every first screen loads; the vault loads the
 * sheet after it is shown. The enhanced-perk pairs stay shared: the vault's roll marks need them.
 */
const SHEET_ONLY =
  /src[\\/]lib[\\/](client[\\/]item-sheet\.ts|domain[\\/]stats[\\/]|domain[\\/]details[\\/](?!enhanced-perks)|ui[\\/]StatMeter\.svelte)/;

export default defineConfig({
  plugins: [sveltekit()],
  server: { host: '127.0.0.1' },
  // The browser's code in a few chunks, not dozens: a first visit on a slow phone network waits a
  // round trip per wave of requests (six at once over HTTP/1.1), and the vault page asked for 24
  // scripts, a third of them under 1 KB. The libraries the pages import as they load make one
  // chunk (what is imported lazily, such as the in-memory database, stays apart; valibot checks
  // only a DIM backup, on the settings page), and the app's modules two pages share make another
  // (but for the item sheet's); each page keeps its own.
  environments: {
    client: {
      build: {
        rolldownOptions: {
          output: {
            codeSplitting: {
              groups: [
                {
                  name: 'libraries',
                  test: /node_modules[\\/](?!valibot)/,
                  tags: ['$initial'],
                  priority: 2
                },
                {
                  name: 'shared',
                  test: (id: string) => /src[\\/]lib[\\/]/.test(id) && !SHEET_ONLY.test(id),
                  minShareCount: 2,
                  priority: 1
                }
              ]
            }
          }
        }
      }
    }
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // A fresh simulator loads the real data set (a few seconds when the files run in parallel
          // on 2 cores); tests that build one need more than the default 5 s.
          testTimeout: 20_000,
          include: [
            'src/**/*.test.ts',
            'workers/**/*.test.ts',
            'test/client/**/*.test.ts',
            'test/sim/**/*.test.ts',
            'test/server/**/*.test.ts'
          ]
        }
      },
      {
        // The moves soak (`npm run bench`, bench/soak.ts): the device's runner against the app under
        // wrangler dev, never part of `npm test`.
        extends: true,
        test: {
          name: 'soak',
          environment: 'node',
          include: ['bench/soak/*.soak.ts'],
          testTimeout: 20 * 60_000
        }
      },
      {
        // The device's runner runs here too (against the edge in workerd), and imports through $lib.
        resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          globalSetup: ['test/workers/global-setup.ts'],
          // The files share one simulator, whose state each test resets.
          fileParallelism: false,
          // Publishing the real item table (67 MB from the simulator) takes a few seconds here.
          testTimeout: 30_000,
          // The fuzz test's seed (npm run bench passes a new one): workerd does not see this process's env.
          env: { FUZZ_SEED: process.env.FUZZ_SEED ?? '' }
        },
        plugins: [
          cloudflareTest(({ inject }) => ({
            main: './test/workers/entry.ts',
            // The app's bindings (KV, R2, the rate limiter) and compatibility date, as deployed.
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              compatibilityFlags: ['nodejs_compat'],
              // The player-data object's class is exported by the test Worker itself (entry.ts), in
              // place of the separate Worker the deployed app binds to by script name.
              durableObjects: { PLAYER_DATA: { className: 'PlayerData', useSQLite: true } },
              // What the wrangler files leave out: the simulator's address and the secrets.
              bindings: {
                BUNGIE_BASE_URL: inject('simOrigin'),
                BUNGIE_AUTH_URL: `${inject('simOrigin')}/en/OAuth/Authorize`,
                BUNGIE_API_KEY: 'sim-api-key-0000000000000000000000',
                BUNGIE_CLIENT_ID: '40000',
                BUNGIE_CLIENT_SECRET: 'sim-client-secret-00000000000000000000',
                TOKEN_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
                ADMIN_TOKEN: 'test-admin-token',
                NOTIFY_WEBHOOK_URL: `${inject('simOrigin')}/__sim/webhook`,
                WISHLIST_URL: `${inject('simOrigin')}/__sim/wishlists/voltron.txt`,
                // The local key pair of .dev.vars.example; the simulator plays the push service.
                VAPID_PUBLIC_KEY:
                  'BGjbgHrAXBipv0_LTZIjXCRDRXUlIqWaGa-hYbOt3H8IxMMo7iWzQi0LOwIDwTv7fVVUesgEbVTSQyRMHhf8qNc',
                VAPID_PRIVATE_KEY: 'JBXIT8k5lnbseh13_khGkwbZAcuO21CBkR2NuGoLhiQ',
                VAPID_SUBJECT: 'mailto:admin@localhost',
                SIM_PUSH_SERVICE_URL: inject('simOrigin'),
                // The simulator's stand-in mail API; the app's address as the tests call it.
                MAIL_API_URL: `${inject('simOrigin')}/__sim/mail`,
                MAIL_API_KEY: 'sim-mail-key',
                MAIL_FROM: 'Vault Raider <xur@vault-raider.localhost>',
                APP_URL: 'https://vault.example'
              }
            }
          }))
        ]
      }
    ]
  }
});
