import { createSim } from '../../workers/bungie-sim/src/app.ts';
import type { SimOptions } from '../../workers/bungie-sim/src/world.ts';
import { defaultSimOptions } from '../../workers/bungie-sim/src/world.ts';

export const API_KEY = defaultSimOptions.apiKey;
export const CLIENT_ID = defaultSimOptions.clientId;
export const CLIENT_SECRET = defaultSimOptions.clientSecret;
export const REAL = {
  membershipType: 2,
  membershipId: '4611686018433092312',
  hunter: '2305843009260802821',
  warlock: '2305843009260802822',
  titan: '2305843009260802823'
} as const;

/** A fresh simulator called in-process, with a clock the test can move. */
export function harness(options: Partial<SimOptions> = {}) {
  let now = Date.parse('2026-11-22T12:00:00Z');
  const sim = createSim({ cacheDir: '.cache/bungie-sim-test', ...options }, () => now);
  const base = 'https://www.bungie.net';
  const call = (
    path: string,
    init: RequestInit & { token?: string; apiKey?: string | null } = {}
  ) => {
    const headers = new Headers(init.headers);
    if (init.apiKey !== null) headers.set('X-API-Key', init.apiKey ?? API_KEY);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    return sim.app.fetch(new Request(`${base}${path}`, { ...init, headers }));
  };
  const json = async <T = Record<string, unknown>>(
    path: string,
    init: Parameters<typeof call>[1] = {}
  ) => {
    const response = await call(path, init);
    return { status: response.status, body: (await response.json()) as T };
  };

  /** The real OAuth round trip: authorize page, Approve, code, token. */
  async function authorize(): Promise<string> {
    const page = await call(
      `/en/OAuth/Authorize?client_id=${CLIENT_ID}&response_type=code&state=s1`,
      { apiKey: null }
    );
    if (!(await page.text()).includes('Approve')) throw new Error('no Approve button');
    const approve = await call('/en/OAuth/Authorize', {
      method: 'POST',
      apiKey: null,
      body: new URLSearchParams({ client_id: CLIENT_ID, state: 's1' })
    });
    const code = new URL(approve.headers.get('location')!).searchParams.get('code')!;
    return code;
  }

  async function token(params: Record<string, string>, auth: 'basic' | 'body' = 'basic') {
    const headers: Record<string, string> = {};
    const form = new URLSearchParams(params);
    if (auth === 'basic') headers.Authorization = `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`;
    else {
      form.set('client_id', CLIENT_ID);
      form.set('client_secret', CLIENT_SECRET);
    }
    return json<Record<string, string | number>>('/Platform/App/OAuth/token/', {
      method: 'POST',
      apiKey: null,
      headers,
      body: form
    });
  }

  async function signIn() {
    const { body } = await token({ grant_type: 'authorization_code', code: await authorize() });
    return body as {
      access_token: string;
      refresh_token: string;
      membership_id: string;
      expires_in: number;
    };
  }

  /**
   * POST an item action (or, named `Loadouts/…`, a loadout action); the clock moves past Bungie's
   * spacing for it first (0.1 s for items, 1 s for loadouts) unless told not to.
   */
  async function action(
    name: string,
    token: string,
    body: Record<string, unknown>,
    options: { keepClock?: boolean } = {}
  ) {
    const loadout = name.startsWith('Loadouts/');
    if (!options.keepClock) now += loadout ? 1000 : 200;
    return json<{
      ErrorCode: number;
      ErrorStatus: string;
      Response?: unknown;
      ThrottleSeconds: number;
      Message: string;
    }>(`/Platform/Destiny2/Actions/${loadout ? name : `Items/${name}`}/`, {
      method: 'POST',
      token,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' }
    });
  }

  return {
    sim,
    world: sim.world,
    call,
    json,
    authorize,
    token,
    signIn,
    action,
    advance: (ms: number) => {
      now += ms;
    }
  };
}

export type Harness = ReturnType<typeof harness>;

/** Where the simulator says an item is. */
export function locate(h: Harness, itemId: string) {
  const item = h.world.account.items.find((i) => i.component.itemInstanceId === itemId);
  if (!item) return undefined;
  return {
    owner: item.owner.kind === 'character' ? item.owner.characterId : item.owner.kind,
    equipped: item.equipped,
    bucketHash: item.component.bucketHash,
    location: item.component.location,
    state: item.component.state,
    transferStatus: item.component.transferStatus
  };
}
