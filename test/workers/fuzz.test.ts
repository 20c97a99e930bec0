// Over 200 lines: one property test per route, each with the input generators its route's schema needs.
import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { playerDataOf } from '../../src/lib/server/player-data/player-data-object';
import { APP, signIn, sim, type CookieJar } from './helpers';

/**
 * Every /api route under generated junk, in workerd with real KV and R2 and the simulator over
 * HTTP: each input is invalid by construction (a valid request with something broken, or no
 * request a route takes at all), and each must be answered 4xx with a JSON error, never 5xx, never
 * a stack, and change nothing in KV, R2 or the game.
 */
export const INPUTS_PER_ROUTE = 500;

/**
 * The inputs' seed: fixed, so every `npm test` tries the same inputs; `npm run bench` passes a new one
 * each run (FUZZ_SEED), and the same FUZZ_SEED tries the same inputs again. The Worker's process.env is
 * not vitest's: FUZZ_SEED gets here through the workers project's `env` in vite.config.ts.
 */
const FIXED_SEED = 20261122;
const givenSeed: string | undefined = process.env.FUZZ_SEED;
export const SEED = givenSeed ? Number(givenSeed) : FIXED_SEED;
if (!Number.isInteger(SEED) || SEED !== (SEED | 0))
  throw new Error(`FUZZ_SEED must be a 32-bit integer, not ${givenSeed}`);
console.log(
  `fuzz seed ${SEED}${givenSeed ? ' (FUZZ_SEED)' : ' (fixed)'}: FUZZ_SEED=${SEED} npx vitest run --project workers test/workers/fuzz.test.ts tries these inputs again`
);

let jar: CookieJar;
let session: string;
let characterId: string;
let membershipId: string;
beforeAll(async () => {
  await sim('/__sim/reset', {});
  jar = (await signIn()).jar;
  session = jar.header();
  const state = (await (await sim('/__sim/state')).json()) as {
    characters: { characterId: string }[];
    membership: { membershipId: string };
  };
  characterId = state.characters[0]!.characterId;
  membershipId = state.membership.membershipId;
});

interface Junk {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

// ---- generated parts ------------------------------------------------------------------------

const NASTY_STRINGS = [
  '__proto__',
  'constructor',
  'prototype',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'null',
  'undefined',
  'NaN',
  '1e400',
  '0x1F',
  '-0',
  ' 1',
  '１２３'
];
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...NASTY_STRINGS)
);

/** Never a valid int64 id: not a string, not digits only, or beyond int64. */
const badId = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constantFrom(
    '',
    '-1',
    '1.5',
    '1e18',
    '9223372036854775808',
    '18446744073709551616',
    '99999999999999999999',
    '0x10',
    '１２３'
  ),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/^\d{1,19}$/.test(s))
);
/** Never a valid item hash or stack size: not an integer in range. */
const badCount = fc.oneof(
  fc.integer({ max: 0 }),
  fc.integer({ min: 1, max: 1_000_000_000 }).map((n) => 4_294_967_295 + n),
  fc.double({ noInteger: true }),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([])
);
const badBoolean = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.constant(null),
  fc.constant({}),
  fc.constantFrom('true', 'false', 0, 1)
);
const badMembershipType = fc.oneof(
  fc.integer({ max: 0 }),
  fc.integer({ min: 255 }),
  fc.double({ noInteger: true }),
  fc.string({ maxLength: 6 }),
  fc.constant(null)
);

type FieldKind =
  | 'id'
  | 'ids'
  | 'count'
  | 'index'
  | 'boolean'
  | 'membershipType'
  | 'endpoint'
  | 'pushKeys'
  | 'expiry'
  | 'address'
  | 'hashes';
/** Never a slot index (0–99): negative, too large, fractional, or not a number. */
const badIndex = fc.oneof(
  fc.integer({ max: -1 }),
  fc.integer({ min: 100 }),
  fc.double({ noInteger: true }),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null)
);
/** A list of ids that is no list of 1–20 ids: empty, too long, or holding a bad one. */
const badIds = fc.oneof(
  badId,
  fc.constant([]),
  fc.constant(Array.from({ length: 21 }, () => '6917529034522830016')),
  badId.map((id) => ['6917529034522830016', id])
);
/** Never a list of 1–3000 item hashes: not a list, empty, too long, or holding a bad hash. */
const badHashes = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }).filter((v) => !Array.isArray(v)),
  fc.constant([]),
  fc.constant(Array.from({ length: 3001 }, (_, i) => i + 1)),
  fc
    .oneof(
      fc.integer({ max: 0 }),
      fc.constantFrom(2 ** 32, 2 ** 40, Number.MAX_SAFE_INTEGER),
      fc.double({ noInteger: true }),
      fc.string({ maxLength: 10 }),
      fc.constant(null)
    )
    .map((hash) => [1_363_886_209, hash])
);
const wrongValue: Record<FieldKind, fc.Arbitrary<unknown>> = {
  hashes: badHashes,
  id: badId,
  ids: badIds,
  index: badIndex,
  count: badCount,
  boolean: badBoolean,
  membershipType: badMembershipType,
  // Not a push service's https URL: another scheme, no URL, too long, not a string.
  endpoint: fc.oneof(
    fc.webUrl().map((u) => u.replace(/^https?:/, 'http:')),
    fc.constantFrom(
      'javascript:alert(1)',
      'https://',
      '',
      'push.example/x',
      'https://example.com/hook'
    ),
    fc.constant(`https://fcm.googleapis.com/${'a'.repeat(2100)}`),
    fc.jsonValue({ maxDepth: 1 }).filter((v) => typeof v !== 'string')
  ),
  // Not a P-256 key and a 16-byte secret in base64url.
  pushKeys: fc.oneof(
    fc.record({ p256dh: nastyString, auth: fc.constant('A'.repeat(22)) }),
    fc.record({ p256dh: fc.constant(`B${'A'.repeat(86)}`), auth: nastyString }),
    fc.constant({ p256dh: `B${'A'.repeat(86)}` }),
    fc.constant({ p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22), extra: 1 }),
    fc.jsonValue({ maxDepth: 1 }).filter((v) => typeof v !== 'object' || v === null)
  ),
  expiry: fc.oneof(fc.string(), fc.boolean(), fc.constant({})),
  // Not one email address: no @, too long, several, markup, not a string.
  address: fc.oneof(
    nastyString.filter((t) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(t.trim())),
    fc.constant(`${'a'.repeat(250)}@example.com`),
    fc.constantFrom('a@b', '@example.com', 'a@example.com, b@example.com', '<a@example.com>'),
    fc.jsonValue({ maxDepth: 1 }).filter((v) => typeof v !== 'string')
  )
};

/** A JSON body that a route taking `fields` must refuse. */
function brokenBody(
  valid: () => Record<string, unknown>,
  fields: Record<string, FieldKind>
): fc.Arbitrary<string> {
  const keys = Object.keys(fields);
  const json = (value: unknown) => JSON.stringify(value);
  return fc.oneof(
    // a field missing
    fc
      .constantFrom(...keys)
      .filter((k) => !k.startsWith('?'))
      .map((key) => json(Object.fromEntries(Object.entries(valid()).filter(([k]) => k !== key)))),
    // a field of the wrong type or out of range
    fc
      .tuple(fc.constantFrom(...keys), fc.nat())
      .chain(([key]) =>
        wrongValue[fields[key]!].map((value) => json({ ...valid(), [key.replace('?', '')]: value }))
      ),
    // an extra field, prototype-polluting names included
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'membershipType'),
          fc
            .string({ minLength: 1, maxLength: 12 })
            .filter((k) => !keys.includes(k) && !keys.includes(`?${k}`))
        ),
        fc.jsonValue({ maxDepth: 2 })
      )
      .map(([key, value]) => json({ ...valid(), [key]: value })),
    // not an object at all
    fc
      .oneof(
        fc
          .jsonValue({ maxDepth: 2 })
          .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        fc.constant([])
      )
      .map(json),
    // not JSON
    fc
      .oneof(nastyString, fc.constantFrom('{', '{"itemId":', "{'a':1}", '{"a":1,}', 'NaN', ''))
      .filter(isNotJsonObject),
    // deep nesting
    fc.integer({ min: 20, max: 500 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc
      .integer({ min: 10, max: 120 })
      .map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    // over the size limit
    fc
      .integer({ min: 1025, max: 300_000 })
      .map((size) => json({ ...valid(), pad: 'x'.repeat(size) }))
  );
}

function isNotJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value !== 'object' || value === null || Array.isArray(value);
  } catch {
    return true;
  }
}

const badCookie = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 60 }).map((v) => `__Host-vr_session=${v}`),
  fc
    .base64String({ minLength: 43, maxLength: 44 })
    .map((v) => `__Host-vr_session=${v.replace(/=+$/, '')}`),
  fc.constantFrom(
    '__Host-vr_session=%',
    '__Host-vr_session=%E0%A4%A',
    '__Host-vr_session',
    '=',
    ';;;',
    '__Host-vr_session=a; __Host-vr_session=b',
    `__Host-vr_session=${'a'.repeat(8000)}`
  ),
  nastyString.map((v) => `vr_session=${percentEncode(v)}`)
);
const badOrigin = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    'null',
    'https://evil.example',
    'http://vault.example',
    'https://vault.example.evil.example',
    ''
  ),
  fc.webUrl().map((u) => new URL(u).origin)
);
const WRONG_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const junkHeaders = fc.dictionary(
  fc.constantFrom(
    'content-type',
    'accept',
    'x-forwarded-for',
    'if-none-match',
    'range',
    'x-api-key'
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[\r\n\0]/g, '')),
  { maxKeys: 3 }
);

// ---- requests that a route must refuse ------------------------------------------------------

/** A POST route with a JSON body: a broken body with the session, or a good one without what else it needs. */
function postRoute(
  path: string,
  valid: () => Record<string, unknown>,
  fields: Record<string, FieldKind>,
  method = 'POST'
): fc.Arbitrary<Junk> {
  const goodBody = () => JSON.stringify(valid());
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(brokenBody(valid, fields), junkHeaders).map(([body, headers]) => ({
        method,
        path,
        headers: { ...headers, cookie: session, origin: APP },
        body
      }))
    },
    {
      weight: 1,
      arbitrary: badCookie.map((cookie) => ({
        method,
        path,
        headers: { cookie, origin: APP },
        body: goodBody()
      }))
    },
    {
      weight: 1,
      arbitrary: badOrigin.map((origin) => ({
        method,
        path,
        headers: { cookie: session, ...(origin !== undefined && { origin }) },
        body: goodBody()
      }))
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...WRONG_METHODS.filter((m) => m !== method))
        .map((method) => ({ method, path, headers: { cookie: session, origin: APP } }))
    }
  );
}

/** A GET route that needs a session: no valid session, or a method it does not take. */
function sessionGetRoute(path: string): fc.Arbitrary<Junk> {
  return fc.oneof(
    fc
      .tuple(badCookie, junkHeaders)
      .map(([cookie, headers]) => ({ method: 'GET', path, headers: { ...headers, cookie } })),
    fc
      .tuple(
        fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
        fc.option(nastyString, { nil: undefined })
      )
      .map(([method, body]) => ({
        method,
        path,
        headers: { cookie: session, origin: APP },
        ...(body !== undefined && { body })
      }))
  );
}

/** A public GET route: any method but GET/HEAD, with or without a session and a body. */
function publicGetRoute(path: string): fc.Arbitrary<Junk> {
  return fc
    .tuple(
      fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
      fc.option(badCookie, { nil: undefined }),
      fc.option(nastyString, { nil: undefined }),
      junkHeaders
    )
    .map(([method, cookie, body, headers]) => ({
      method,
      path,
      headers: { ...headers, origin: APP, ...(cookie !== undefined && { cookie }) },
      ...(body !== undefined && { body })
    }));
}

/** A batch of player-data updates with at least one that breaks a rule (DIM's limits), as JSON. */
function brokenBatch(): fc.Arbitrary<string> {
  const good = (i: number) => ({
    id: `u${i}`,
    action: 'annotation',
    itemId: `69175290801895400${String(i).padStart(2, '0')}`,
    tag: 'keep'
  });
  const bad = fc.oneof(
    fc.record({
      id: fc.constant('x'),
      action: fc.constant('annotation'),
      itemId: badId,
      tag: fc.constant('keep')
    }),
    fc.record({
      id: fc.constant('x'),
      action: fc.constant('annotation'),
      itemId: fc.constant('1'),
      tag: fc.oneof(
        nastyString.filter((t) => !['favorite', 'keep', 'infuse', 'junk', 'archive'].includes(t)),
        // null clears a tag: not junk here
        badCount.filter((t) => t !== null)
      )
    }),
    fc
      .integer({ min: 1025, max: 5000 })
      .map((n) => ({ id: 'x', action: 'annotation', itemId: '1', notes: 'n'.repeat(n) })),
    fc.record({
      // Not an update id: any string of 1–64 letters, digits, _ or - is one ("valueOf" too).
      id: fc
        .oneof(nastyString, badCount)
        .filter((id) => typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)),
      action: fc.constant('search'),
      query: fc.constant('is:weapon')
    }),
    fc.record({ id: fc.constant('x'), action: nastyString, itemId: fc.constant('1') }),
    fc.record({
      id: fc.constant('x'),
      action: fc.constant('hash_annotation'),
      itemHash: badCount,
      tag: fc.constant('junk')
    }),
    fc.record({
      id: fc.constant('x'),
      action: fc.constant('loadout'),
      loadout: fc.oneof(
        fc.constant({ id: 'l', name: 'n'.repeat(121), classType: 1, equipped: [], unequipped: [] }),
        fc.constant({ id: 'l', name: '   ', classType: 1, equipped: [], unequipped: [] }),
        fc.constant({ id: 'l', name: 'Raid', classType: 4, equipped: [], unequipped: [] }),
        fc.constant({
          id: 'l'.repeat(121),
          name: 'Raid',
          classType: 0,
          equipped: [],
          unequipped: []
        }),
        badId.map((id) => ({
          id: 'l',
          name: 'Raid',
          classType: 0,
          equipped: [{ id, hash: 1 }],
          unequipped: []
        })),
        fc.jsonValue({ maxDepth: 2 })
      )
    }),
    fc.record({
      id: fc.constant('x'),
      action: fc.constant('search'),
      query: fc.constantFrom('', 'q'.repeat(2049))
    }),
    fc
      .jsonValue({ maxDepth: 2 })
      .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
  );
  return fc.oneof(
    fc.tuple(fc.nat({ max: 5 }), bad, fc.nat({ max: 5 })).map(([before, update, after]) =>
      JSON.stringify({
        updates: [
          ...Array.from({ length: before }, (_, i) => good(i)),
          update,
          ...Array.from({ length: after }, (_, i) => good(before + i + 1))
        ]
      })
    ),
    // too many updates, none of them bad; an empty batch; the same update id twice
    fc
      .integer({ min: 101, max: 150 })
      .map((n) => JSON.stringify({ updates: Array.from({ length: n }, (_, i) => good(i)) })),
    fc.constant(JSON.stringify({ updates: [] })),
    fc.constant(JSON.stringify({ updates: [good(1), { ...good(2), id: 'u1' }] })),
    // not a batch at all
    brokenBody(() => ({ updates: [good(1)] }), { updates: 'count' })
  );
}

/** A query value as the route reads it; a malformed escape stays as sent (the route refuses it). */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them). */
const percentEncode = (s: string) =>
  [...new TextEncoder().encode(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const segment = fc.oneof(
  fc.oneof(nastyString, fc.string({ maxLength: 300 })).map(percentEncode),
  fc.constantFrom('%', '%E0%A4%A', '%00', '%2F..%2F', '..', '.')
);

const ROUTES: Record<string, () => fc.Arbitrary<Junk>> = {
  'GET /api/health': () => publicGetRoute('/api/health'),
  'GET /api/config': () => publicGetRoute('/api/config'),
  'GET /api/shards/index': () => publicGetRoute('/api/shards/index'),
  'GET /api/shards/:key': () =>
    fc.oneof(
      segment
        .filter((s) => s !== 'index' && s !== '')
        .map((key) => ({ method: 'GET', path: `/api/shards/${key}`, headers: {} })),
      fc.constantFrom('POST', 'DELETE', 'PUT').map((method) => ({
        method,
        path: '/api/shards/weapons-0123456789abcdef.json',
        headers: { origin: APP }
      }))
    ),
  'GET /api/auth/login': () =>
    fc
      .oneof(
        fc.webUrl(),
        fc.constantFrom(
          '//evil.example',
          '/\\evil.example',
          '\\\\evil',
          'javascript:alert(1)',
          '/vault\n',
          ' /vault',
          'https:/evil',
          '/' + 'a'.repeat(600)
        ),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.startsWith('/')),
        fc.string({ maxLength: 40 }).map((s) => `//${s}`)
      )
      .map((returnTo) => ({
        method: 'GET',
        path: `/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
        headers: {}
      })),
  'GET /api/auth/callback': () =>
    fc
      .tuple(
        fc.option(segment),
        fc.option(segment),
        fc.option(segment),
        fc.option(fc.base64String({ minLength: 43, maxLength: 44 }))
      )
      .map(([state, code, error, cookieState]) => {
        const query = [
          state !== null && `state=${state}`,
          code !== null && `code=${code}`,
          error !== null && `error=${error}`
        ]
          .filter(Boolean)
          .join('&');
        const headers: Record<string, string> =
          cookieState === null
            ? {}
            : { cookie: `vr_oauth_state=${cookieState.replace(/=+$/, '')}` };
        return { method: 'GET', path: `/api/auth/callback?${query}`, headers };
      }),
  'POST /api/auth/logout': () =>
    fc.oneof(
      badOrigin.map((origin) => ({
        method: 'POST',
        path: '/api/auth/logout',
        headers: { cookie: session, ...(origin !== undefined && { origin }) }
      })),
      fc.constantFrom('GET', 'PUT', 'DELETE').map((method) => ({
        method,
        path: '/api/auth/logout',
        headers: { cookie: session, origin: APP }
      }))
    ),
  'GET /api/me': () => sessionGetRoute('/api/me'),
  'POST /api/me/membership': () =>
    postRoute('/api/me/membership', () => ({ membershipType: 2, membershipId }), {
      membershipType: 'membershipType',
      membershipId: 'id'
    }),
  'GET /api/profile': () => sessionGetRoute('/api/profile'),
  'GET /api/profile?with=…|details=…': () =>
    fc
      .tuple(fc.constantFrom('with', 'details'), segment)
      // The values the route takes are no junk: they answer the profile.
      .filter(([key, value]) => decodedOrRaw(value) !== (key === 'with' ? 'definitions' : 'none'))
      .map(([key, value]) => ({
        method: 'GET',
        path: `/api/profile?${key}=${value}`,
        headers: { cookie: session }
      })),
  'GET /api/vendors/xur': () => publicGetRoute('/api/vendors/xur'),
  'POST /api/actions/transfer': () =>
    postRoute(
      '/api/actions/transfer',
      () => ({
        itemId: '6917529034522830016',
        itemHash: 1,
        stackSize: 1,
        characterId,
        toVault: true
      }),
      {
        itemId: 'id',
        itemHash: 'count',
        stackSize: 'count',
        characterId: 'id',
        toVault: 'boolean',
        '?membershipId': 'id'
      }
    ),
  'POST /api/actions/equip': () =>
    postRoute('/api/actions/equip', () => ({ itemId: '6917529034522830016', characterId }), {
      itemId: 'id',
      characterId: 'id',
      '?membershipId': 'id'
    }),
  'POST /api/actions/equip-items': () =>
    postRoute(
      '/api/actions/equip-items',
      () => ({ itemIds: ['6917529034522830016'], characterId }),
      { itemIds: 'ids', characterId: 'id', '?membershipId': 'id' }
    ),
  ...Object.fromEntries(
    ['equip', 'clear'].map((action) => [
      `POST /api/actions/loadouts/${action}`,
      () =>
        postRoute(`/api/actions/loadouts/${action}`, () => ({ characterId, loadoutIndex: 0 }), {
          characterId: 'id',
          loadoutIndex: 'index',
          '?membershipId': 'id'
        })
    ])
  ),
  ...Object.fromEntries(
    ['snapshot', 'identifiers'].map((action) => [
      `POST /api/actions/loadouts/${action}`,
      () =>
        postRoute(
          `/api/actions/loadouts/${action}`,
          () => ({ characterId, loadoutIndex: 0, nameHash: 1 }),
          {
            characterId: 'id',
            loadoutIndex: 'index',
            '?nameHash': 'count',
            '?iconHash': 'count',
            '?colorHash': 'count',
            '?membershipId': 'id'
          }
        )
    ])
  ),
  'POST /api/actions/pull': () =>
    postRoute(
      '/api/actions/pull',
      () => ({ itemId: '6917529034522830016', itemHash: 1, stackSize: 1, characterId }),
      {
        itemId: 'id',
        itemHash: 'count',
        stackSize: 'count',
        characterId: 'id',
        '?membershipId': 'id'
      }
    ),
  'POST /api/actions/lock': () =>
    postRoute(
      '/api/actions/lock',
      () => ({ itemId: '6917529034522830016', characterId, locked: true }),
      { itemId: 'id', characterId: 'id', locked: 'boolean', '?membershipId': 'id' }
    ),
  'GET /api/player-data': () =>
    fc.oneof(
      sessionGetRoute('/api/player-data'),
      fc
        .oneof(
          // Junk once decoded: `%34` is the cursor 4.
          segment.filter((c) => !/^\d{1,15}$/.test(safeDecode(c))),
          fc.constantFrom('-1', '1.5', '1e3', '9999999999999999', '')
        )
        .map((since) => ({
          method: 'GET',
          path: `/api/player-data?since=${since}`,
          headers: { cookie: session }
        })),
      segment.map((name) => ({
        method: 'GET',
        path: `/api/player-data?since=1&${name || 'x'}=1`,
        headers: { cookie: session }
      }))
    ),
  'POST /api/player-data': () =>
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.tuple(brokenBatch(), junkHeaders).map(([body, headers]) => ({
          method: 'POST',
          path: '/api/player-data',
          headers: { ...headers, cookie: session, origin: APP },
          body
        }))
      },
      {
        weight: 1,
        arbitrary: postRoute(
          '/api/player-data',
          () => ({ updates: [{ id: 'ok', action: 'search', query: 'is:weapon', uses: 1 }] }),
          { updates: 'count' }
          // GET is this path's other route.
        ).filter((junk) => junk.method !== 'GET' && junk.method !== 'HEAD')
      }
    ),
  'PUT /api/notices/xur/push': () =>
    postRoute(
      '/api/notices/xur/push',
      () => ({
        endpoint: 'https://fcm.googleapis.com/fcm/send/x',
        keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) }
      }),
      { endpoint: 'endpoint', keys: 'pushKeys', '?expirationTime': 'expiry' },
      'PUT'
      // DELETE is this path's other route.
    ).filter((junk) => junk.method !== 'DELETE'),
  'DELETE /api/notices/xur/push': () =>
    postRoute(
      '/api/notices/xur/push',
      () => ({ endpoint: 'https://fcm.googleapis.com/fcm/send/x' }),
      { endpoint: 'endpoint' },
      'DELETE'
    ).filter((junk) => junk.method !== 'PUT'),
  'GET /api/notices/xur': () => sessionGetRoute('/api/notices/xur'),
  'PUT /api/notices/xur/email': () =>
    postRoute(
      '/api/notices/xur/email',
      () => ({ address: 'guardian@example.com' }),
      { address: 'address' },
      'PUT'
      // DELETE is this path's other route.
    ).filter((junk) => junk.method !== 'DELETE'),
  'DELETE /api/notices/xur/email': () =>
    fc.oneof(
      badCookie.map((cookie) => ({
        method: 'DELETE',
        path: '/api/notices/xur/email',
        headers: { cookie, origin: APP }
      })),
      badOrigin.map((origin) => ({
        method: 'DELETE',
        path: '/api/notices/xur/email',
        headers: { cookie: session, ...(origin !== undefined && { origin }) }
      }))
    ),
  // What the links in emails post, with no session: a malformed link is refused (a well-formed one
  // with a wrong token is a 404 of its own).
  'POST /api/xur-emails/confirm|stop': () =>
    fc
      .tuple(
        fc.constantFrom('confirm', 'stop'),
        brokenBody(() => ({ player: '1', token: 'A'.repeat(43) }), { player: 'id', token: 'id' })
      )
      .map(([link, body]) => ({
        method: 'POST',
        path: `/api/xur-emails/${link}`,
        headers: { origin: APP },
        body
      })),
  'POST|GET /api/xur-emails/unsubscribe': () =>
    fc
      .tuple(
        fc.constantFrom('POST', 'GET'),
        fc.oneof(
          fc.record({ player: segment, token: fc.constant(undefined) }, { requiredKeys: [] }),
          fc.record({ player: fc.constant('1'), token: segment }),
          fc.record({ player: segment, token: fc.constant('A'.repeat(43)) }),
          fc.record({
            player: fc.constant('1'),
            token: fc.constant('A'.repeat(43)),
            extra: segment
          })
        )
      )
      // A well-formed link (any digits as the player) is no junk: it answers 200 or leads to the page.
      .filter(
        ([, query]) =>
          !(
            /^\d{1,19}$/.test(decodedOrRaw(query.player ?? '')) &&
            query.token === 'A'.repeat(43) &&
            !('extra' in query)
          )
      )
      .map(([method, query]) => ({
        method,
        path: `/api/xur-emails/unsubscribe?${Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${v}`)
          .join('&')}`,
        headers: {}
      })),
  'unknown routes': () =>
    fc
      .tuple(fc.constantFrom(...WRONG_METHODS), fc.array(segment, { minLength: 1, maxLength: 4 }))
      .map(([method, parts]) => ({
        method,
        path: `/api/zz-${parts.join('/')}`,
        headers: { origin: APP }
      }))
};

function decodedOrRaw(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---- what must hold ---------------------------------------------------------------------------

async function send(junk: Junk): Promise<Response> {
  const init: RequestInit = { method: junk.method, headers: junk.headers, redirect: 'manual' };
  if (junk.body !== undefined && junk.method !== 'GET' && junk.method !== 'HEAD')
    init.body = junk.body;
  return exports.default.fetch(new Request(`${APP}${junk.path}`, init));
}

/** Everything that must not change: KV (keys and values), R2 (keys and ETags), the game. */
async function snapshot(): Promise<string> {
  const kv = await env.SESSIONS.list();
  const values = await Promise.all(
    kv.keys.map(async (k) => `${k.name}=${await env.SESSIONS.get(k.name)}`)
  );
  const r2 = [...(await env.SHARDS.list()).objects, ...(await env.NOTICES.list()).objects];
  const game = (await (await sim('/__sim/state')).json()) as { items: unknown; actions: unknown[] };
  const playerData = await playerDataOf(env.PLAYER_DATA, membershipId).changes();
  return JSON.stringify({
    values,
    r2: r2.map((o) => `${o.key}@${o.etag}`),
    items: game.items,
    actions: game.actions.length,
    playerData
  });
}

describe(`every /api route refuses junk (${INPUTS_PER_ROUTE} generated inputs each, seed ${SEED})`, () => {
  for (const [route, arbitrary] of Object.entries(ROUTES)) {
    it(route, { timeout: 120_000 }, async () => {
      const before = await snapshot();
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(arbitrary(), async (junk) => {
          tried++;
          const response = await send(junk);
          const text = junk.method === 'HEAD' ? '' : await response.text();
          expect(
            response.status,
            `${junk.method} ${junk.path.slice(0, 120)} → ${text.slice(0, 200)}`
          ).toBeGreaterThanOrEqual(400);
          expect(response.status, text.slice(0, 200)).toBeLessThan(500);
          if (junk.method === 'HEAD') return;
          expect(response.headers.get('content-type')).toMatch(/^application\/json/);
          const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          expect(typeof body.error?.code).toBe('string');
          expect(typeof body.error?.message).toBe('string');
          // A stack frame ("at f (file:1:2)"), an exception's name: nothing of the server's insides.
          expect(text, text.slice(0, 300)).not.toMatch(
            /\bat \S+ \(|\.(js|ts):\d+|\w+Error\b|Exception/
          );
        }),
        { numRuns: INPUTS_PER_ROUTE, seed: SEED, endOnFailure: true }
      );
      expect(tried).toBe(INPUTS_PER_ROUTE);
      expect(await snapshot()).toBe(before);
    });
  }
});
