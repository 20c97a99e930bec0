import { getMembershipDataForCurrentUser } from 'bungie-api-ts/user';
import { Hono } from 'hono';
import * as v from 'valibot';
import { ownsMembership } from '../../domain/account/choose-membership.ts';
import { MEMBERSHIP_TYPE_NAMES, type UserMembershipData } from '../../bungie/index.ts';
import type { MeResponse } from '../../shared/api-shapes';
import { requireSession } from '../auth/require-session';
import type { PlayerSession } from '../auth/player-session';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { int64Id, membershipTypeSchema, parseInput, readJsonBody } from '../validate';

const chooseBody = v.strictObject({ membershipType: membershipTypeSchema, membershipId: int64Id });

function describeMe(player: PlayerSession, data: UserMembershipData): MeResponse {
  const record = player.record();
  return {
    displayName:
      data.bungieNetUser.cachedBungieGlobalDisplayName ||
      data.bungieNetUser.displayName ||
      record.displayName,
    bungieNetId: record.bungieNetId,
    memberships: data.destinyMemberships.map((m) => ({
      membershipType: m.membershipType,
      membershipId: m.membershipId,
      displayName: m.displayName,
      platform: MEMBERSHIP_TYPE_NAMES[m.membershipType] ?? 'Unknown',
      overridden: m.crossSaveOverride !== 0 && m.crossSaveOverride !== m.membershipType
    })),
    chosen: record.membership
  };
}

/** `/api/me`: who is signed in, their Destiny memberships (read live from Bungie) and the chosen one. Never a token. */
export function meRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());

  app.get('/', async (c) => {
    const player = c.get('player');
    const data = (await getMembershipDataForCurrentUser(player.bungie())).Response;
    return c.json(describeMe(player, data));
  });

  app.post('/membership', async (c) => {
    const body = parseInput(chooseBody, await readJsonBody(c.req.raw), 'body');
    const player = c.get('player');
    const data = (await getMembershipDataForCurrentUser(player.bungie())).Response;
    if (!ownsMembership(data, body.membershipType, body.membershipId)) {
      throw new ApiError(
        403,
        'not_your_membership',
        'That Destiny membership is not one of yours.'
      );
    }
    await player.update({
      membership: { membershipType: body.membershipType, membershipId: body.membershipId }
    });
    return c.json(describeMe(player, data));
  });
  return app;
}
