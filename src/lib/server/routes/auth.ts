import { getLinkedProfiles } from 'bungie-api-ts/destiny2';
import { getMembershipDataForCurrentUser } from 'bungie-api-ts/user';
import { Hono } from 'hono';
import * as v from 'valibot';
import { chooseMembership } from '../../domain/account/choose-membership.ts';
import { MembershipType } from '../../bungie/index.ts';
import {
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
import { ApiError } from '../errors';
import { servicesFor } from '../services';
import { parseInput } from '../validate';

const DEFAULT_RETURN = '/vault';

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

export function authRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/login', async (c) => {
    const { returnTo } = parseInput(loginQuery, c.req.query(), 'query');
    const state = randomToken(32);
    const pending: PendingSignIn = { returnTo, createdAt: Date.now() };
    await c.env.SESSIONS.put(oauthStateKey(state), JSON.stringify(pending), {
      expirationTtl: OAUTH_STATE_TTL_SECONDS
    });
    setStateCookie(c, state, OAUTH_STATE_TTL_SECONDS);
    return c.redirect(authorizeUrl(servicesFor(c.env).oauth, state), 302);
  });

  app.get('/callback', async (c) => {
    const query = parseInput(callbackQuery, c.req.query(), 'query');
    // The state must be the one this browser was given and still be pending: checked before anything else.
    const cookieState = readStateCookie(c);
    if (
      !query.state ||
      !v.is(stateSchema, query.state) ||
      !cookieState ||
      cookieState !== query.state
    )
      throw forbiddenState();
    const key = oauthStateKey(query.state);
    const pendingText = await c.env.SESSIONS.get(key);
    if (!pendingText) throw forbiddenState();
    await c.env.SESSIONS.delete(key);
    clearStateCookie(c);
    const pending = JSON.parse(pendingText) as PendingSignIn;

    if (query.error)
      throw new ApiError(400, 'sign_in_declined', 'The sign-in was cancelled on Bungie.net.');
    if (!query.code) throw new ApiError(400, 'invalid_input', 'Invalid query: code is missing.');

    const services = servicesFor(c.env);
    let granted;
    try {
      granted = await exchangeCode(services.oauth, query.code);
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
    const bungie = services.bungieClient(`sign-in:${query.state}`, { tokens });
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
    return c.redirect(pending.returnTo, 302);
  });

  app.post('/logout', async (c) => {
    const { store } = servicesFor(c.env);
    const stored = await store.read(readSessionCookie(c));
    if (stored) await store.remove(stored.key);
    clearSessionCookie(c);
    return c.json({ signedOut: true });
  });

  return app;
}
