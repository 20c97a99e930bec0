import { createExecutionContext, env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { inject } from 'vitest';
import publisher from '../../workers/shard-publisher/src/index';

export const simOrigin = inject('simOrigin');
export const APP = 'https://vault.example';

/** The cookies a browser would hold for the app, fed from Set-Cookie and sent on each request. */
export class CookieJar {
  private cookies = new Map<string, { value: string; attributes: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = /max-age=0\b/i.test(header) || /expires=Thu, 01 Jan 1970/i.test(header);
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, attributes: attributes.join(';').trim() });
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  attributes(name: string): string | undefined {
    return this.cookies.get(name)?.attributes;
  }

  header(): string {
    return [...this.cookies].map(([name, { value }]) => `${name}=${value}`).join('; ');
  }
}

/** Everything the app answered during a test, so a test can check no body ever held a token. */
export const bodiesSeen: string[] = [];

export async function api(
  path: string,
  init: RequestInit & { jar?: CookieJar } = {}
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.jar && init.jar.header()) headers.set('Cookie', init.jar.header());
  if (init.method && init.method !== 'GET' && !headers.has('Origin')) headers.set('Origin', APP);
  const response = await exports.default.fetch(
    new Request(`${APP}${path}`, { ...init, headers, redirect: 'manual' })
  );
  init.jar?.store(response);
  bodiesSeen.push(await response.clone().text());
  return response;
}

/**
 * Calls the app as the device's code does: GET, or POST with a JSON body; the JSON answer, or a
 * thrown error shaped as the device's ApiCallError (status, code, Retry-After in seconds).
 */
export async function callJson<T>(jar: CookieJar, path: string, body?: unknown): Promise<T> {
  return answerOf<T>(await send(jar, path, body));
}

function send(jar: CookieJar, path: string, body?: unknown): Promise<Response> {
  return api(
    path,
    body === undefined
      ? { jar }
      : {
          method: 'POST',
          jar,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body)
        }
  );
}

async function answerOf<T>(response: Response): Promise<T> {
  const json = (await response.json()) as T & { error?: { code: string; message: string } };
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw Object.assign(new Error(json.error?.message ?? `HTTP ${response.status}`), {
      status: response.status,
      code: json.error?.code ?? 'http_error',
      ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {})
    });
  }
  return json;
}

/**
 * An item action sent as the device's runner sends it. Bungie allows a player one action each
 * 0.1 s (an in-game loadout action one a second), and the edge answers a faster one 429 with a
 * short Retry-After instead of waiting itself: like the runner, this waits what it says and sends
 * again. A longer Retry-After (the session's quota, an outage) is the caller's to see.
 */
export async function paced(send: () => Promise<Response>): Promise<Response> {
  for (let tries = 0; ; tries++) {
    const response = await send();
    const wait = Number(response.headers.get('retry-after'));
    if (response.status !== 429 || tries >= 3 || !(wait > 0 && wait <= 2)) return response;
    await sleep(wait * 1000);
  }
}

/** `callJson` for an item action, paced as the runner paces it (see `paced`). */
export async function callPaced<T>(jar: CookieJar, path: string, body: unknown): Promise<T> {
  return answerOf<T>(await paced(() => send(jar, path, body)));
}

export async function sim(path: string, body?: unknown): Promise<Response> {
  return fetch(
    `${simOrigin}${path}`,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }
  );
}

export async function simState(): Promise<{
  oauth: { grants: { authorization_code: number; refresh_token: number } };
}> {
  return (await sim('/__sim/state')).json();
}

/** Starts a sign-in: the app's redirect to Bungie, and the state it issued. */
export async function startSignIn(jar: CookieJar, returnTo?: string) {
  const response = await api(
    `/api/auth/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
    { jar }
  );
  const location = new URL(response.headers.get('location')!);
  return { response, location, state: location.searchParams.get('state')! };
}

/** The player presses Approve on Bungie's page: Bungie redirects back with a code. */
export async function approve(state: string): Promise<string> {
  const response = await fetch(`${simOrigin}/en/OAuth/Authorize`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: env.BUNGIE_CLIENT_ID, state }),
    redirect: 'manual'
  });
  return new URL(response.headers.get('location')!).searchParams.get('code')!;
}

/** The whole round trip; the jar ends up holding the session cookie. */
export async function signIn(jar = new CookieJar()) {
  const { state } = await startSignIn(jar);
  const code = await approve(state);
  const callback = await api(`/api/auth/callback?code=${encodeURIComponent(code)}&state=${state}`, {
    jar
  });
  return { jar, callback };
}

export async function sessionKeys(): Promise<string[]> {
  return (await env.SESSIONS.list({ prefix: 'v1:session:' })).keys.map((k) => k.name);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls until the Bungie quota refuses one (429): the statuses of the calls before it, and the
 * refusal. Fails after `most` calls with none refused.
 */
export async function callUntilRefused(
  call: () => Promise<Response>,
  most = 200
): Promise<{ served: number[]; refused: Response }> {
  const served: number[] = [];
  while (served.length < most) {
    const response = await call();
    if (response.status === 429) return { served, refused: response };
    served.push(response.status);
  }
  throw new Error(`None of ${most} calls was refused; statuses: ${served.join(' ')}`);
}

/**
 * Calls every 50 ms while the quota refuses, until one is served: the window that refused is over,
 * and the call served is the first of the next (had any call come between, it would have been
 * served instead). Returns it, and how long after the first call it was sent (ms).
 */
export async function callUntilServed(
  call: () => Promise<Response>,
  most = 12_000
): Promise<{ response: Response; waited: number }> {
  const started = Date.now();
  for (;;) {
    const waited = Date.now() - started;
    const response = await call();
    if (response.status !== 429) return { response, waited };
    if (waited > most) throw new Error(`Still refused ${waited} ms later`);
    await sleep(50);
  }
}

/** One of the shard publisher's on-demand routes (`/run`, `/xur`), called in-process with the admin token. */
export function publisherAdmin(path: '/run' | '/xur'): Promise<Response> {
  return publisher.fetch(
    new Request(`https://publisher.example${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` }
    }) as never,
    env,
    createExecutionContext()
  ) as Promise<Response>;
}
