import type { Stack } from '../scripts/lib/stack.ts';
import { load, type LoadFigures } from './measure.ts';

const API_KEY = 'sim-api-key-0000000000000000000000';
const CLIENT_ID = '40000';

/** Signs in over HTTP as a browser would, returning the session cookie and the Bungie token the sim issued. */
export async function signIn(stack: Pick<Stack, 'appUrl' | 'simUrl'>): Promise<string> {
  const login = await fetch(`${stack.appUrl}/api/auth/login`, { redirect: 'manual' });
  const stateCookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
  const approve = await fetch(`${stack.simUrl}/en/OAuth/Authorize`, { method: 'POST', body: new URLSearchParams({ client_id: CLIENT_ID, state }), redirect: 'manual' });
  const code = new URL(approve.headers.get('location')!).searchParams.get('code')!;
  const callback = await fetch(`${stack.appUrl}/api/auth/callback?code=${code}&state=${state}`, { headers: { Cookie: stateCookie }, redirect: 'manual' });
  const session = callback.headers.getSetCookie().find((c) => c.startsWith('__Host-vr_session='));
  if (!session) throw new Error(`sign-in failed: ${callback.status} ${await callback.text()}`);
  return session.split(';')[0]!;
}

export interface ApiMeFigures {
  apiMe: LoadFigures;
  /** The same Bungie call made straight to the simulator: what /api/me costs without the edge. */
  baselineDirectBungie: LoadFigures;
  /** The app's cheapest answer (an unknown /api route, 404) under wrangler dev: the local runtime's floor. */
  baselineAppFloor: LoadFigures;
  p99RatioToDirectBungie: number;
  throughputRatioToAppFloor: number;
}

/** 200 concurrent `GET /api/me` on one session against `wrangler dev`, in 5 waves. */
export async function benchApiMe(stack: Stack, concurrency = 200, rounds = 5): Promise<ApiMeFigures> {
  const cookie = await signIn(stack);
  // Bungie's token for the direct baseline: a second sign-in straight at the simulator.
  const approve = await fetch(`${stack.simUrl}/en/OAuth/Authorize`, { method: 'POST', body: new URLSearchParams({ client_id: CLIENT_ID, state: 'bench' }), redirect: 'manual' });
  const code = new URL(approve.headers.get('location')!).searchParams.get('code')!;
  const token = (await (
    await fetch(`${stack.simUrl}/Platform/App/OAuth/token/`, { method: 'POST', headers: { Authorization: `Basic ${btoa(`${CLIENT_ID}:sim-client-secret-00000000000000000000`)}` }, body: new URLSearchParams({ grant_type: 'authorization_code', code }) })
  ).json()) as { access_token: string };

  await load(() => fetch(`${stack.appUrl}/api/me`, { headers: { Cookie: cookie } }), 20, 2); // warm-up
  const apiMe = await load(() => fetch(`${stack.appUrl}/api/me`, { headers: { Cookie: cookie } }), concurrency, rounds);
  const baselineDirectBungie = await load(
    () => fetch(`${stack.simUrl}/Platform/User/GetMembershipsForCurrentUser/`, { headers: { 'X-API-Key': API_KEY, Authorization: `Bearer ${token.access_token}` } }),
    concurrency,
    rounds
  );
  const baselineAppFloor = await load(() => fetch(`${stack.appUrl}/api/unknown-route`), concurrency, rounds, 404);
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    apiMe,
    baselineDirectBungie,
    baselineAppFloor,
    p99RatioToDirectBungie: round2(apiMe.p99Ms / baselineDirectBungie.p99Ms),
    throughputRatioToAppFloor: round2(apiMe.requestsPerSecond / baselineAppFloor.requestsPerSecond)
  };
}
