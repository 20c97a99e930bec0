import { getProfile } from 'bungie-api-ts/destiny2';
import { Hono } from 'hono';
import * as v from 'valibot';
import { PLACEMENT_COMPONENTS, PROFILE_COMPONENTS } from '../../bungie/components.ts';
import { slimItemDetails, type ItemDetailInput } from '../../domain/inventory/item-details.ts';
import { slimProfile, type ProfileInput } from '../../domain/inventory/slim-profile.ts';
import { parseEnvelope, type UnparsedAnswer } from '../../bungie/client/http.ts';
import { splitMintTimes } from '../../bungie/mint-times.ts';
import { MINTED_AT_HEADER } from '../../shared/api-shapes.ts';
import { firstScreenDefinitions } from '../../published/published-items.ts';
import { setPrimedCookie } from '../auth/cookies';
import { requireSession } from '../auth/require-session';
import type { AppEnv } from '../context';
import { digestOfParts, entityTag, ifNoneMatchHits } from '../conditional';
import { itemSlotsOf, readPublishedIndex } from '../../published/item-slots.ts';
import { answerKey, profileAnswers } from '../profile-answers';
import { parseInput } from '../validate';

/**
 * `?details=none`: where every item is, without the item details (the move runner's reads).
 * `?with=definitions`: a first visit's, with what paints the vault before the shards.
 */
const profileQuery = v.object({
  details: v.optional(v.picklist(['none'])),
  with: v.optional(v.picklist(['definitions']))
});

/**
 * `GET /api/profile`: the signed-in player's chosen membership, only what a vault needs.
 *
 * Conditional: the ETag digests the content apart from Bungie's mint time (which changes on every
 * call), so a device that sends the tag it holds gets `304` and a few header bytes when nothing in
 * the account changed. The mint time still comes along, in a header, for the device's ordering rule
 * (a slower, older answer never replaces a newer one). `no-store` stays: the account's contents stay
 * out of the browser's HTTP cache, and the device keeps the tag itself.
 *
 * An unchanged account costs the edge little too: Bungie's answer is read as bytes and fingerprinted
 * (profile-answers), and when it matches the answer that made the device's tag, the 304 goes out
 * without Bungie's JSON being decoded, parsed or slimmed.
 *
 * `?details=none` leaves out the item details (sockets and plugs): Bungie is not asked for them, so
 * its answer is a fraction of the size, for a reader that only needs where things are.
 *
 * `?with=definitions` is a first visit's: the answer also carries the published definitions of the
 * player's own items and the tables the pages read (read at the edge from the shards of just the
 * buckets those items are in), so the vault paints before the device holds any shard, a megabyte.
 * They stay out of the tag, which names the profile as a refresh gets it; a tag sent is not read.
 */
export function profileRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireSession());
  // Named, as the stages it calls are: a CPU profile of the route reads by function.
  app.get('/', async function answerProfile(c) {
    const { details, with: along } = parseInput(profileQuery, c.req.query(), 'query');
    const withDetails = details === undefined;
    const components = withDetails ? PROFILE_COMPONENTS : PLACEMENT_COMPONENTS;
    const player = c.get('player');
    const { membership } = player.record();
    // Read once: a first visit's definitions come from the same publish as the items' slots.
    const publishedIndex = readPublishedIndex(c.env.SHARDS);
    const [answer, slots] = await Promise.all([
      // The unparsed client answers the bytes (UnparsedAnswer), not the envelope the helper's type says.
      getProfile(player.bungieUnparsed(), {
        membershipType: membership.membershipType,
        destinyMembershipId: membership.membershipId,
        components
      }) as unknown as Promise<UnparsedAnswer>,
      publishedIndex.then((index) => itemSlotsOf(c.env.SHARDS, index))
    ]);
    const key = answerKey({ ...membership, components, slotTableKey: slots.key });
    const split = splitMintTimes(answer.bytes);
    const fingerprint = await digestOfParts(split.content);
    const remembered = profileAnswers.get(key);
    // A first visit holds nothing to compare: it always gets the whole answer.
    const deviceTag = along ? undefined : c.req.header('If-None-Match');
    if (
      split.mintedAt !== undefined &&
      remembered?.fingerprint === fingerprint &&
      ifNoneMatchHits(deviceTag, remembered.etag)
    )
      return c.body(null, 304, { ETag: remembered.etag, [MINTED_AT_HEADER]: split.mintedAt });

    const input = parseEnvelope<unknown>(answer).Response as ProfileInput & {
      itemComponents?: ItemDetailInput;
    };
    const { mintedAt, ...snapshot } = slimProfile(membership, input, slots.slotOf);
    const content = withDetails
      ? { ...snapshot, itemDetails: slimItemDetails(input.itemComponents) }
      : snapshot;
    const contentJson = JSON.stringify(content);
    const etag = await entityTag(contentJson);
    // Only when the mint time found in the bytes is the one parsed: then a later match's header is right too.
    if (split.mintedAt === mintedAt) profileAnswers.set(key, { fingerprint, etag });
    const headers = { ETag: etag, [MINTED_AT_HEADER]: mintedAt };
    if (ifNoneMatchHits(deviceTag, etag)) return c.body(null, 304, headers);
    // The content was turned into JSON once, for the tag: the body is that JSON with the mint time
    // put first (and a first visit's definitions last, outside what the tag names).
    // Should they not be read, the profile still goes: the device then waits for the shards.
    const definitions = along
      ? await firstScreenDefinitions(
          c.env.SHARDS,
          await publishedIndex,
          snapshot.items.map((i) => i.hash)
        ).catch((error: unknown) => {
          console.error(error);
          return undefined;
        })
      : undefined;
    const rest = definitions
      ? `${contentJson.slice(1, -1)},"definitions":${JSON.stringify(definitions)}}`
      : contentJson.slice(1);
    if (along) setPrimedCookie(c);
    return c.body(`{"mintedAt":${JSON.stringify(mintedAt)},${rest}`, 200, {
      ...headers,
      'Content-Type': 'application/json'
    });
  });
  return app;
}
