import { PROFILE_COMPONENTS } from '../src/lib/bungie/components.ts';
import type { Stack } from '../scripts/lib/stack.ts';
import { profileCpu, timeByStage } from './cpu-profile.ts';
import { load, type LoadFigures } from './measure.ts';
import { cpuMsPerCall } from './process-cpu.ts';

const API_KEY = 'sim-api-key-0000000000000000000000';
const CLIENT_ID = '40000';

/** Signs in over HTTP as a browser would, returning the session cookie and the Bungie token the sim issued. */
export async function signIn(stack: Pick<Stack, 'appUrl' | 'simUrl'>): Promise<string> {
  const login = await fetch(`${stack.appUrl}/api/auth/login`, { redirect: 'manual' });
  const stateCookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
  const approve = await fetch(`${stack.simUrl}/en/OAuth/Authorize`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: CLIENT_ID, state }),
    redirect: 'manual'
  });
  const code = new URL(approve.headers.get('location')!).searchParams.get('code')!;
  const callback = await fetch(`${stack.appUrl}/api/auth/callback?code=${code}&state=${state}`, {
    headers: { Cookie: stateCookie },
    redirect: 'manual'
  });
  const session = callback.headers.getSetCookie().find((c) => c.startsWith('__Host-vr_session='));
  if (!session) throw new Error(`sign-in failed: ${callback.status} ${await callback.text()}`);
  return session.split(';')[0]!;
}

export interface ApiProfileFigures {
  sessions: number;
  /**
   * Refreshes: each session sends the tag of the profile it holds (from its previous call), as a
   * device does; nothing changed in the account, so the answers are 304.
   */
  apiProfile: LoadFigures & { notModified: number };
  /** The same calls without a tag: devices that hold no profile (a first sign-in, storage cleared). */
  apiProfileWithoutTag: LoadFigures;
  /** The same GetProfile straight to the simulator (one token): what /api/profile costs without the edge. */
  baselineDirectBungie: LoadFigures;
  /** The app's cheapest answer (an unknown /api route, 404) under wrangler dev: the local runtime's floor. */
  baselineAppFloor: LoadFigures;
  p99RatioToDirectBungie: number;
  p99RatioToDirectBungieWithoutTag: number;
  throughputRatioToAppFloor: number;
  /**
   * CPU milliseconds a request, by process (from /proc: exact), over each load above: the app
   * (wrangler dev, its proxy and the app's runtime), the simulator, the benchmark's own client.
   */
  cpuMsPerRequest: Record<
    'refresh' | 'withoutTag' | 'directBungie' | 'appFloor',
    Record<string, number>
  >;
  /**
   * Where the app's Worker spent its time, from a sampling CPU profile of one more wave of each
   * kind (not counted above), in milliseconds per request; absent when the runtime's DevTools port
   * is unknown. Which functions, not how much: a sample taken after the thread waited for a core
   * charges the wait to the function running, so these add up to more than `cpuMsPerRequest.app`.
   */
  appCpuMsPerRequest?: { refresh: Record<string, number>; withoutTag: Record<string, number> };
}

/**
 * The route's stages by the functions that do them (the nearest one on a sample's stack wins).
 * `answerJson`: the route's own body, mostly turning the slim profile into JSON once.
 */
const STAGE_OF_FUNCTION: Record<string, string> = {
  read: 'session',
  readKey: 'session',
  servicesFor: 'session',
  getProfile: 'bungieCall',
  readUnparsed: 'bungieAnswerRead',
  splitMintTimes: 'fingerprint',
  digestOfParts: 'fingerprint',
  parseEnvelope: 'bungieAnswerParse',
  loadItemSlots: 'slotTable',
  slimProfile: 'slim',
  slimItemDetails: 'slim',
  entityTag: 'etag',
  answerProfile: 'answerJson'
};

/** Signs in `count` players (sessions), a few at a time. */
async function signInMany(
  stack: Pick<Stack, 'appUrl' | 'simUrl'>,
  count: number
): Promise<string[]> {
  const cookies: string[] = [];
  while (cookies.length < count)
    cookies.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(20, count - cookies.length) }, () => signIn(stack))
      ))
    );
  return cookies;
}

/**
 * `GET /api/profile` from 200 signed-in sessions at once against `wrangler dev`, in 5 waves: each
 * session makes one call a wave, well inside its Bungie quota, so every answer must be a 200 (or
 * a 304, to a refresh that sends the tag the device holds). Refreshes first, then the same without
 * tags.
 */
export async function benchApiProfile(
  stack: Stack,
  sessions = 200,
  rounds = 5
): Promise<ApiProfileFigures> {
  // The real account, its shards published (the edge places vault items by them): whatever data
  // set an earlier benchmark left the simulator on.
  await fetch(`${stack.simUrl}/__sim/reset`, {
    method: 'POST',
    body: JSON.stringify({ dataset: 'real' })
  });
  const published = await stack.publish();
  if (published.outcome === 'failed') throw new Error(`publish failed: ${published.error}`);
  const cookies = await signInMany(stack, sessions);
  const approve = await fetch(`${stack.simUrl}/en/OAuth/Authorize`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: CLIENT_ID, state: 'bench' }),
    redirect: 'manual'
  });
  const code = new URL(approve.headers.get('location')!).searchParams.get('code')!;
  const token = (await (
    await fetch(`${stack.simUrl}/Platform/App/OAuth/token/`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa(`${CLIENT_ID}:sim-client-secret-00000000000000000000`)}`
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code })
    })
  ).json()) as { access_token: string; membership_id: string };
  const state = (await (await fetch(`${stack.simUrl}/__sim/state`)).json()) as {
    membership: { membershipType: number; membershipId: string };
  };
  const { membershipType, membershipId } = state.membership;

  // Each session's device: the tag of the profile it holds, from its last 200.
  const heldTags: (string | undefined)[] = cookies.map(() => undefined);
  let notModified = 0;
  let next = 0;
  const asNextSession = (sendTag: boolean) => async () => {
    const session = next++ % cookies.length;
    const held = heldTags[session];
    const response = await fetch(`${stack.appUrl}/api/profile`, {
      headers: { Cookie: cookies[session]!, ...(sendTag && held ? { 'If-None-Match': held } : {}) }
    });
    if (response.status === 200) heldTags[session] = response.headers.get('etag') ?? undefined;
    if (response.status === 304) notModified++;
    return response;
  };
  // Every session's first call, as its device made when it opened the vault: it warms the runtime,
  // gives each device its tag, and is not counted.
  await load(asNextSession(false), sessions, 1);
  // Each load's CPU time by process: the app (wrangler dev and its runtime), the simulator, and the
  // benchmark's own client.
  const groups = { app: stack.processGroups.app, simulator: stack.processGroups.sim };
  const calls = sessions * rounds;
  next = 0;
  notModified = 0;
  const refreshes = await cpuMsPerCall(groups, calls, () =>
    load(asNextSession(true), sessions, rounds, [200, 304])
  );
  const apiProfile = { ...refreshes.result, notModified };
  next = 0;
  const withoutTag = await cpuMsPerCall(groups, calls, () =>
    load(asNextSession(false), sessions, rounds)
  );
  const directBungie = await cpuMsPerCall(groups, calls, () =>
    load(
      () =>
        fetch(
          `${stack.simUrl}/Platform/Destiny2/${membershipType}/Profile/${membershipId}/?components=${PROFILE_COMPONENTS.join(',')}`,
          { headers: { 'X-API-Key': API_KEY, Authorization: `Bearer ${token.access_token}` } }
        ),
      sessions,
      rounds
    )
  );
  const appFloor = await cpuMsPerCall(groups, calls, () =>
    load(() => fetch(`${stack.appUrl}/api/unknown-route`), sessions, rounds, 404)
  );
  const apiProfileWithoutTag = withoutTag.result;
  const baselineDirectBungie = directBungie.result;
  const baselineAppFloor = appFloor.result;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  let appCpuMsPerRequest: ApiProfileFigures['appCpuMsPerRequest'];
  if (stack.appInspectorPort) {
    const port = stack.appInspectorPort;
    const msByStage = async (sendTag: boolean) => {
      next = 0;
      const profile = await profileCpu(port, async () => {
        await load(asNextSession(sendTag), sessions, 1, [200, 304]);
      });
      const { '(idle)': _idle, ...busy } = timeByStage(profile, (frame) =>
        frame.url ? STAGE_OF_FUNCTION[frame.functionName] : undefined
      );
      return Object.fromEntries(
        Object.entries(busy)
          .sort(([, a], [, b]) => b - a)
          .map(([stage, ms]) => [stage, round2(ms / sessions)])
      );
    };
    appCpuMsPerRequest = { refresh: await msByStage(true), withoutTag: await msByStage(false) };
  }
  return {
    sessions,
    apiProfile,
    apiProfileWithoutTag,
    baselineDirectBungie,
    baselineAppFloor,
    p99RatioToDirectBungie: round2(apiProfile.p99Ms / baselineDirectBungie.p99Ms),
    p99RatioToDirectBungieWithoutTag: round2(
      apiProfileWithoutTag.p99Ms / baselineDirectBungie.p99Ms
    ),
    throughputRatioToAppFloor: round2(
      apiProfile.requestsPerSecond / baselineAppFloor.requestsPerSecond
    ),
    cpuMsPerRequest: {
      refresh: refreshes.cpuMsPerCall,
      withoutTag: withoutTag.cpuMsPerCall,
      directBungie: directBungie.cpuMsPerCall,
      appFloor: appFloor.cpuMsPerCall
    },
    ...(appCpuMsPerRequest ? { appCpuMsPerRequest } : {})
  };
}
