// Over 200 lines: every endpoint the simulator serves, checked against the official spec in one table.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { harness, REAL, type Harness } from './harness.ts';
import { describeErrors, responseValidator, schemaValidator } from './openapi.ts';

const PROFILE = '/Destiny2/{membershipType}/Profile/{destinyMembershipId}/';
const ALL_COMPONENTS = '100,102,103,105,200,201,205,206,300,305,309,310';

function expectValid(path: string, method: 'get' | 'post', body: unknown) {
  const validate = responseValidator(path, method);
  validate(body);
  expect(describeErrors(validate.errors)).toEqual([]);
}

describe('every response the simulator serves validates against the official OpenAPI spec', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = harness();
    token = (await h.signIn()).access_token;
  });

  it('GetManifest', async () => {
    const { status, body } = await h.json('/Platform/Destiny2/Manifest/');
    expect(status).toBe(200);
    expectValid('/Destiny2/Manifest/', 'get', body);
  });

  it('GetMembershipsForCurrentUser', async () => {
    const { body } = await h.json('/Platform/User/GetMembershipsForCurrentUser/', { token });
    expectValid('/User/GetMembershipsForCurrentUser/', 'get', body);
  });

  it('GetProfile, every served component, as the owner and as anyone', async () => {
    const path = `/Platform/Destiny2/${REAL.membershipType}/Profile/${REAL.membershipId}/?components=${ALL_COMPONENTS}`;
    const owner = await h.json<{ Response: Record<string, unknown> }>(path, { token });
    expectValid(PROFILE, 'get', owner.body);
    expect(Object.keys(owner.body.Response).sort()).toEqual(
      [
        'characterEquipment',
        'characterInventories',
        'characterLoadouts',
        'characters',
        'itemComponents',
        'profile',
        'profileCurrencies',
        'profileInventory',
        'profilePlugSets',
        'responseMintedTimestamp',
        'secondaryComponentsMintedTimestamp'
      ].sort()
    );
    expectValid(PROFILE, 'get', (await h.json(path)).body);
  });

  it("GetProfile of the generated account: every weapon and armor instance's sockets, selectable plugs and a weapon's kill tracker", async () => {
    const generated = harness({ dataset: 'generated' });
    const owner = await generated.signIn();
    const { membershipId } = generated.world.account;
    const { body } = await generated.json<{
      Response: {
        itemComponents: Record<string, { data: Record<string, Record<string, unknown>> }>;
      };
    }>(`/Platform/Destiny2/3/Profile/${membershipId}/?components=102,201,205,300,305,309,310`, {
      token: owner.access_token
    });
    expectValid(PROFILE, 'get', body);
    const { instances, sockets, reusablePlugs, plugObjectives } = body.Response.itemComponents;
    const gear = generated.world.account.items.filter(
      (i) =>
        i.component.itemInstanceId &&
        generated.world.dataset.itemRules(i.component.itemHash)?.itemType !== 24
    );
    expect(Object.keys(sockets!.data)).toHaveLength(gear.length);
    expect(Object.keys(reusablePlugs!.data)).toHaveLength(gear.length);
    expect(Object.keys(plugObjectives!.data).length).toBeGreaterThan(10);
    expect(Object.keys(instances!.data).length).toBeGreaterThan(gear.length - 1);
  });

  it('GetLinkedProfiles, by Bungie.net id and by Destiny membership', async () => {
    for (const path of [
      '/Platform/Destiny2/254/Profile/7094/LinkedProfiles/?getAllMemberships=true',
      `/Platform/Destiny2/2/Profile/${REAL.membershipId}/LinkedProfiles/`
    ]) {
      const { body } = await h.json<{
        Response: { profiles: { membershipId: string; dateLastPlayed: string }[] };
      }>(path);
      expectValid('/Destiny2/{membershipType}/Profile/{membershipId}/LinkedProfiles/', 'get', body);
      expect(body.Response.profiles.map((p) => p.membershipId)).toEqual([REAL.membershipId]);
    }
  });

  it('GetProfile by component names', async () => {
    const { body } = await h.json(
      `/Platform/Destiny2/2/Profile/${REAL.membershipId}/?components=Profiles,Characters,CharacterEquipment`
    );
    expectValid(PROFILE, 'get', body);
  });

  it('item actions, succeeding and failing', async () => {
    const vaultItem = h.world.account.items.find(
      (i) =>
        i.owner.kind === 'vault' &&
        i.component.itemInstanceId &&
        h.world.dataset.itemRules(i.component.itemHash)?.itemType === 3
    )!;
    const transfer = {
      itemReferenceHash: vaultItem.component.itemHash,
      stackSize: 1,
      transferToVault: false,
      itemId: vaultItem.component.itemInstanceId,
      characterId: REAL.hunter,
      membershipType: 2
    };
    expectValid(
      '/Destiny2/Actions/Items/TransferItem/',
      'post',
      (await h.action('TransferItem', token, transfer)).body
    );
    expectValid(
      '/Destiny2/Actions/Items/TransferItem/',
      'post',
      (await h.action('TransferItem', token, { ...transfer, itemId: '1' })).body
    );
    const equip = {
      itemId: vaultItem.component.itemInstanceId,
      characterId: REAL.hunter,
      membershipType: 2
    };
    expectValid(
      '/Destiny2/Actions/Items/EquipItem/',
      'post',
      (await h.action('EquipItem', token, equip)).body
    );
    const many = {
      itemIds: [vaultItem.component.itemInstanceId, '1'],
      characterId: REAL.hunter,
      membershipType: 2
    };
    expectValid(
      '/Destiny2/Actions/Items/EquipItems/',
      'post',
      (await h.action('EquipItems', token, many)).body
    );
    const lock = {
      state: true,
      itemId: vaultItem.component.itemInstanceId,
      characterId: REAL.hunter,
      membershipType: 2
    };
    expectValid(
      '/Destiny2/Actions/Items/SetLockState/',
      'post',
      (await h.action('SetLockState', token, lock)).body
    );
    const lost = h.world.account.items.find((i) => i.component.bucketHash === 215593132)!;
    const owner = lost.owner.kind === 'character' ? lost.owner.characterId : '';
    const pull = {
      itemReferenceHash: lost.component.itemHash,
      stackSize: lost.component.quantity,
      itemId: lost.component.itemInstanceId ?? '0',
      characterId: owner,
      membershipType: 2
    };
    expectValid(
      '/Destiny2/Actions/Items/PullFromPostmaster/',
      'post',
      (await h.action('PullFromPostmaster', token, pull)).body
    );
  });

  it('public vendors with Xûr here and away', async () => {
    const path = '/Platform/Destiny2/Vendors/?components=400,402';
    expectValid('/Destiny2/Vendors/', 'get', (await h.json(path)).body);
    h.world.xurPresent = false;
    expectValid('/Destiny2/Vendors/', 'get', (await h.json(path)).body);
    h.world.xurPresent = true;
  });

  it('error envelopes', async () => {
    expectValid(
      '/Destiny2/Manifest/',
      'get',
      (await h.json('/Platform/Destiny2/Manifest/', { apiKey: null })).body
    );
    expectValid(
      '/User/GetMembershipsForCurrentUser/',
      'get',
      (await h.json('/Platform/User/GetMembershipsForCurrentUser/')).body
    );
    expectValid(
      PROFILE,
      'get',
      (await h.json('/Platform/Destiny2/2/Profile/1/?components=100')).body
    );
  });

  it("the definitions it serves (the simulator's own `__derived` marker aside)", async () => {
    const manifest = await h.json<{
      Response: { jsonWorldComponentContentPaths: { en: Record<string, string> } };
    }>('/Platform/Destiny2/Manifest/');
    const paths = manifest.body.Response.jsonWorldComponentContentPaths.en;
    const table = (await (await h.call(paths.DestinyInventoryItemDefinition!)).json()) as Record<
      string,
      Record<string, unknown>
    >;
    const validate = schemaValidator('Destiny.Definitions.DestinyInventoryItemDefinition', {
      strict: false
    });
    const entries = Object.values(table);
    expect(entries.length).toBe(29_403);
    const failures: string[] = [];
    for (const { __derived: _derived, ...entry } of entries.filter((_, i) => i % 10 === 0)) {
      const hash = String(entry.hash);
      if (!validate(entry)) failures.push(`${hash}: ${describeErrors(validate.errors).join(', ')}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    const buckets = (await (
      await h.call(paths.DestinyInventoryBucketDefinition!)
    ).json()) as Record<string, unknown>;
    const validateBucket = schemaValidator('Destiny.Definitions.DestinyInventoryBucketDefinition', {
      strict: false
    });
    const bucketFailures = Object.entries(buckets).flatMap(([hash, bucket]) =>
      validateBucket(bucket) ? [] : [`${hash}: ${describeErrors(validateBucket.errors).join(', ')}`]
    );
    expect(Object.keys(buckets).length).toBeGreaterThan(0);
    expect(bucketFailures).toEqual([]);
  });
});

describe('the spec file is the official one', () => {
  it('is Bungie API 2.21.7', () => {
    const spec = JSON.parse(
      readFileSync(new URL('../fixtures/bungie/openapi.json', import.meta.url), 'utf8')
    );
    expect(spec.info.version).toBe('2.21.7');
  });
});
