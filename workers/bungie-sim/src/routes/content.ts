import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32, gunzipSync } from 'node:zlib';
import { encodePng } from '../png.ts';
import { okEnvelope } from '../errors.ts';
import { readFixture } from '../data/fixtures.ts';
import type { SimWorld } from '../world.ts';
import type { RouteModule } from './context.ts';

const CONTENT = '/common/destiny2_content/json/en/';

/** GetManifest's body: the captured real manifest, pointing at the tables this simulator serves. */
function manifestResponse(world: SimWorld, captured: Record<string, unknown>) {
  const paths: Record<string, string> = {};
  const slug = world.itemTableName().replace(/^DestinyInventoryItemDefinition-/, '');
  for (const name of Object.keys(world.dataset.smallTables))
    paths[name] = `${CONTENT}${name}-${slug}`;
  paths.DestinyInventoryItemDefinition = `${CONTENT}${world.itemTableName()}`;
  return {
    ...captured,
    version: world.version(),
    jsonWorldContentPaths: { en: `${CONTENT}aggregate-${slug}` },
    jsonWorldComponentContentPaths: { en: paths }
  };
}

/**
 * A PNG of one colour derived from the path, so every icon path has an image; 96 x 96, the size of
 * Bungie's item icons, so pages show them as sharp as the real ones (and no sharper).
 */
export function iconPng(path: string, size = 96): Uint8Array<ArrayBuffer> {
  const seed = crc32(path);
  const rgb = [64 + (seed & 0x7f), 64 + ((seed >> 8) & 0x7f), 64 + ((seed >> 16) & 0x7f)] as const;
  return encodePng(size, size, () => rgb);
}

export const contentRoutes: RouteModule = (app, world) => {
  const captured = readFixture<{ Response: Record<string, unknown> }>(
    'GetManifest.flat-destiny-2026-06-23.json'
  ).Response;

  app.get('/Platform/Destiny2/Manifest', (c) =>
    c.json(okEnvelope(manifestResponse(world, captured)))
  );

  app.get(`${CONTENT}:file`, async (c) => {
    const file = c.req.param('file');
    if (file === world.itemTableName()) {
      const path = await world.itemTableFile();
      const { size } = await stat(path);
      const length = world.faults.truncateTables ? Math.floor(size / 2) : size;
      const body = Readable.toWeb(createReadStream(path, { end: length - 1 })) as ReadableStream;
      return new Response(body, {
        headers: { 'content-type': 'application/json', 'content-length': String(length) }
      });
    }
    const slug = world.itemTableName().replace(/^DestinyInventoryItemDefinition-/, '');
    for (const [name, table] of Object.entries(world.dataset.smallTables)) {
      if (file === `${name}-${slug}`) return c.json(table);
    }
    return c.json({ error: 'not found' }, 404);
  });

  // The real wish list bundled with the tests, as a publisher reads a list from its URL (not a
  // Bungie endpoint: lists are community files; this stands in for GitHub's raw file).
  app.get('/__sim/wishlists/voltron.txt', () => {
    const text = gunzipSync(
      readFileSync(
        new URL(
          '../../../../test/fixtures/wishlists/voltron.48klocs-2021-04-11.txt.gz',
          import.meta.url
        )
      )
    );
    return new Response(text, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });

  // Bungie's content host answers any origin (browsers read the manifest from it): so do its icons.
  const icon = (c: { req: { path: string } }) =>
    new Response(iconPng(c.req.path), {
      headers: {
        'content-type': 'image/png',
        'cache-control': 'public, max-age=31536000',
        'access-control-allow-origin': '*'
      }
    });
  app.get('/common/destiny2_content/icons/*', icon);
  app.get('/img/*', icon);
};
