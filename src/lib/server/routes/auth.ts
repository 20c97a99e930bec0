import { getLinkedProfiles } from 'bungie-api-ts/destiny2';
import { getMembershipDataForCurrentUser } from 'bungie-api-ts/user';
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { chooseMembership } from '../../domain/account/choose-membership.ts';
import { MembershipType } from '../../bungie/index.ts';
import {
  clearPrimedCookie,
  clearSessionCookie,
  clearStateCookie,
  readSessionCookie,
  readStateCookie,
  setSessionCookie,
  setStateCookie
} from '../auth/cookies';
import { randomToken } from '../auth/crypto';
import { OAUTH_STATE_TTL_SECONDS, oauthStateKey } from '../auth/kv-keys';
import { authorizeUrl, exchangeCode, OAuthGrantError } from '../auth/oauth-client';
import type { AppEnv } from '../context';
import { describeFailure } from '../describe-failure';
import { ApiError } from '../errors';
import { servicesFor } from '../services';
import { parseInput } from '../validate';

const DEFAULT_RETURN = '/vault';
/** The app's page that explains a sign-in that did not finish, and offers a way on. */
const SIGN_IN_PROBLEM_PAGE = '/sign-in';

/** Only a path on this site: no scheme, no host, no protocol-relative `//`, no backslash tricks. */
const returnToSchema = v.optional(
  v.pipe(
    v.string(),
    v.maxLength(512),
    v.regex(/^\/(?![/\\])[^\s\\]*$/, 'must be a path on this site')
  ),
  DEFAULT_RETURN
);
const loginQuery = v.object({ returnTo: returnToSchema });
const stateSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{43}$/, 'is not a state this app issued')
);
const callbackQuery = v.object({
  state: v.optional(v.string()),
  code: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(512))),
  error: v.optional(v.pipe(v.string(), v.maxLength(200)))
});

interface PendingSignIn {
  returnTo: string;
  createdAt: number;
}

const forbiddenState = () =>
  new ApiError(
    403,
    'invalid_state',
    'This sign-in link is not valid any more (it was used, expired or did not start here). Start the sign-in again.'
  );

/**
 * Whether the browser navigated here (the player clicked "Sign in", or Bungie.net sent them back):
 * such a request must end on a page of the app, never on a JSON body. A script's call still gets
 * the API's JSON error.
 */
function isNavigation(c: Context<AppEnv>): boolean {
  return c.req.header('sec-fetch-mode') === 'navigate';
}

/**
 * A sign-in that failed: a navigation goes to the app's page that says why in words and offers
 * "Try again" (coming back to `returnTo`); any other caller gets the API's JSON error.
 */
function signInFailed(c: Context<AppEnv>, error: unknown, returnTo: string): Response {
  if (!isNavigation(c)) throw error;
  const { code } = describeFailure(error);
  if (code === 'internal') console.error(error);
  const query = new URLSearchParams({ problem: code, returnTo });
  return c.redirect(`${SIGN_IN_PROBLEM_PAGE}?${query}`, 303);
}

/** Whether this browser already holds a live session (a sign-in replayed with Back, say). */
async function hasSession(c: Context<AppEnv>): Promise<boolean> {
  return (await servicesFor(c.env).store.read(readSessionCookie(c))) !== undefined;
}

/**
 * The sign-in this browser started with `state`, taken (once) from KV; null when the state is not
 * the one this browser was given, or is not pending any more. Checked before anything else.
 */
async function takePendingSignIn(
  c: Context<AppEnv>,
  state: string | undefined
): Promise<PendingSignIn | null> {
  const cookieState = readStateCookie(c);
  if (!state || !v.is(stateSchema, state) || !cookieState || cookieState !== state) return null;
  const key = oauthStateKey(state);
  const pendingText = await c.env.SESSIONS.get(key);
  if (!pendingText) return null;
  await c.env.SESSIONS.delete(key);
  clearStateCookie(c);
  return JSON.parse(pendingText) as PendingSignIn;
}

/** Redeems the code Bungie.net gave, picks the Destiny account, and sets this browser's session. */
async function startSession(c: Context<AppEnv>, code: string, state: string): Promise<void> {
  const services = servicesFor(c.env);
  let granted;
  try {
    granted = await exchangeCode(services.oauth, code);
  } catch (error) {
    if (error instanceof OAuthGrantError) {
      throw new ApiError(
        400,
        'sign_in_failed',
        `Bungie.net did not accept this sign-in (${error.reason}). Start the sign-in again.`
      );
    }
    throw error;
  }

  const tokens = {
    current: async () => granted.tokens.accessToken,
    renew: async () => granted.tokens.accessToken
  };
  // Counted under this sign-in's own key (no session exists yet): its code was redeemed once, so it
  // cannot run away, and players signing in at the same moment do not wait for each other.
  const bungie = services.bungieClient(`sign-in:${state}`, { tokens });
  const memberships = (await getMembershipDataForCurrentUser(bungie)).Response;
  const linked = (
    await getLinkedProfiles(bungie, {
      membershipType: MembershipType.BungieNext,
      membershipId: granted.bungieNetId,
      getAllMemberships: true
    })
  ).Response;
  const lastPlayed = Object.fromEntries(
    linked.profiles.map((p) => [p.membershipId, p.dateLastPlayed])
  );
  const chosen = chooseMembership(memberships, lastPlayed);
  if (!chosen)
    throw new ApiError(
      403,
      'no_destiny_account',
      'This Bungie.net account has no Destiny 2 characters.'
    );

  const record = {
    tokens: granted.tokens,
    bungieNetId: granted.bungieNetId,
    displayName:
      memberships.bungieNetUser.cachedBungieGlobalDisplayName ||
      memberships.bungieNetUser.displayName,
    membership: { membershipType: chosen.membershipType, membershipId: chosen.membershipId },
    createdAt: Date.now()
  };
  const { id } = await services.store.create(record);
  setSessionCookie(c, id, (granted.tokens.refreshExpiresAt - Date.now()) / 1000);
}

export function authRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/login', async (c) => {
    try {
      const { returnTo } = parseInput(loginQuery, c.req.query(), 'query');
      const state = randomToken(32);
      const pending: PendingSignIn = { returnTo, createdAt: Date.now() };
      await c.env.SESSIONS.put(oauthStateKey(state), JSON.stringify(pending), {
        expirationTtl: OAUTH_STATE_TTL_SECONDS
      });
      setStateCookie(c, state, OAUTH_STATE_TTL_SECONDS);
      return c.redirect(authorizeUrl(servicesFor(c.env).oauth, state), 302);
    } catch (error) {
      return signInFailed(c, error, DEFAULT_RETURN);
    }
  });

  app.get('/callback', async (c) => {
    let returnTo = DEFAULT_RETURN;
    try {
      const query = parseInput(callbackQuery, c.req.query(), 'query');
      const pending = await takePendingSignIn(c, query.state);
      if (!pending) {
        // Back to Bungie's page and "Approve" again after signing in: the player is signed in
        // already, so the vault is where they meant to go.
        if (await hasSession(c)) return c.redirect(DEFAULT_RETURN, 302);
        throw forbiddenState();
      }
      returnTo = pending.returnTo;
      if (query.error)
        throw new ApiError(400, 'sign_in_declined', 'The sign-in was cancelled on Bungie.net.');
      if (!query.code) throw new ApiError(400, 'invalid_input', 'Invalid query: code is missing.');
      await startSession(c, query.code, query.state!);
      return c.redirect(pending.returnTo, 302);
    } catch (error) {
      return signInFailed(c, error, returnTo);
    }
  });

  app.post('/logout', async (c) => {
    const { store } = servicesFor(c.env);
    const stored = await store.read(readSessionCookie(c));
    if (stored) await store.remove(stored.key);
    clearSessionCookie(c);
    clearPrimedCookie(c);
    return c.json({ signedOut: true });
  });

  return app;
}
