import { readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGeneratedDataset } from '../../workers/bungie-sim/src/data/generated.ts';
import { PLUG_DEFINITION_COUNT } from '../../workers/bungie-sim/src/data/generated-sockets.ts';
import { harness, REAL } from './harness.ts';

type Item = {
  itemInstanceId?: string;
  itemHash: number;
  bucketHash: number;
  state: number;
  quantity: number;
};
const fixture = JSON.parse(
  readFileSync(
    new URL('../fixtures/bungie/GetProfile.dim-2021-05-28.json', import.meta.url),
    'utf8'
  )
).Response;

describe('the real data set', () => {
  it('serves the real 2021 profile items unchanged: ids, hashes, buckets, states', async () => {
    const h = harness();
    const { access_token } = await h.signIn();
    const { body } = await h.json<{ Response: typeof fixture }>(
      `/Platform/Destiny2/2/Profile/${REAL.membershipId}/?components=102,200,201,205,300`,
      { token: access_token }
    );
    const served = body.Response;
    expect(served.profileInventory.data.items).toEqual(fixture.profileInventory.data.items);
    expect(served.characterInventories.data).toEqual(fixture.characterInventories.data);
    expect(served.characterEquipment.data).toEqual(fixture.characterEquipment.data);
    expect(served.characters.data).toEqual(fixture.characters.data);
    expect(served.itemComponents.instances.data).toEqual(fixture.itemComponents.instances.data);
  });

  it('shows a transfer in the next GetProfile the way Bungie would', async () => {
    const h = harness();
    const { access_token } = await h.signIn();
    const item = (fixture.profileInventory.data.items as Item[]).find(
      (i) => i.itemInstanceId && h.world.dataset.itemRules(i.itemHash)?.bucketHash === 2465295065
    )!;
    const slot = h.world.dataset.itemRules(item.itemHash)!.bucketHash;
    await h.action('TransferItem', access_token, {
      itemReferenceHash: item.itemHash,
      stackSize: 1,
      transferToVault: false,
      itemId: item.itemInstanceId,
      characterId: REAL.warlock,
      membershipType: 2
    });
    const { body } = await h.json<{ Response: typeof fixture }>(
      `/Platform/Destiny2/2/Profile/${REAL.membershipId}/?components=102,201`,
      { token: access_token }
    );
    const vault = body.Response.profileInventory.data.items as Item[];
    const warlock = body.Response.characterInventories.data[REAL.warlock].items as Item[];
    expect(vault.find((i) => i.itemInstanceId === item.itemInstanceId)).toBeUndefined();
    expect(vault).toHaveLength(fixture.profileInventory.data.items.length - 1);
    expect(warlock.at(-1)).toEqual({ ...item, bucketHash: slot, location: 1 });
  });

  it('bumps the manifest: a new version and item table path, some items renamed', async () => {
    const h = harness();
    const manifest = async () =>
      (
        await h.json<{
          Response: {
            version: string;
            jsonWorldComponentContentPaths: { en: Record<string, string> };
          };
        }>('/Platform/Destiny2/Manifest/')
      ).body.Response;
    const before = await manifest();
    await h.call('/__sim/manifest/bump', { method: 'POST' });
    const after = await manifest();
    expect(after.version).not.toBe(before.version);
    const path = (m: typeof before) =>
      m.jsonWorldComponentContentPaths.en.DestinyInventoryItemDefinition!;
    expect(path(after)).not.toBe(path(before));
    expect((await h.call(path(before))).status).toBe(404);
    const table = (await (await h.call(path(after))).json()) as Record<
      string,
      { displayProperties: { name: string } }
    >;
    const renamed = Object.values(table).filter((d) =>
      d.displayProperties.name.endsWith('(Revision 1)')
    );
    expect(renamed).toHaveLength(12);
  });
});

describe('the generated data set', () => {
  it('is the same for the same seed and different for another', () => {
    const a = createGeneratedDataset({ seed: 7, itemCount: 1000, vaultFill: 100 }).createAccount();
    const b = createGeneratedDataset({ seed: 7, itemCount: 1000, vaultFill: 100 }).createAccount();
    const c = createGeneratedDataset({ seed: 8, itemCount: 1000, vaultFill: 100 }).createAccount();
    const ids = (x: typeof a) =>
      x.items.map((i) => `${i.component.itemHash}:${i.component.itemInstanceId}`);
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).not.toEqual(ids(c));
    expect(a.items.filter((i) => i.owner.kind === 'vault')).toHaveLength(100);
  });

  it('fills every bucket of every character when asked for a full account: over a thousand items', () => {
    const account = createGeneratedDataset({
      seed: 1,
      itemCount: 30_000,
      vaultFill: 600,
      carried: 'full'
    }).createAccount();
    expect(account.items.length).toBeGreaterThan(1000);
    expect(account.items.filter((i) => i.owner.kind === 'vault')).toHaveLength(600);
    const perBucket = new Map<string, number>();
    for (const item of account.items) {
      if (item.owner.kind !== 'character') continue;
      const key = `${item.owner.characterId} ${item.component.bucketHash}`;
      perBucket.set(key, (perBucket.get(key) ?? 0) + 1);
    }
    // Each character: nine gear buckets of ten (one equipped), fifty consumables, one lost item.
    const counts = [...perBucket.values()].sort((x, y) => x - y);
    expect(counts.filter((n) => n === 10)).toHaveLength(27);
    expect(counts.filter((n) => n === 50)).toHaveLength(3);
    expect(counts.every((n) => n <= 50)).toBe(true);
  });

  it(
    'writes a large table (60,000 definitions, over 100 MB) by streaming, without holding it in memory',
    { timeout: 60_000 },
    async () => {
      const dataset = createGeneratedDataset({ seed: 1, itemCount: 60_000, vaultFill: 10 });
      const file = join(tmpdir(), `vault-raider-generated-${process.pid}.json`);
      globalThis.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let heapPeak = heapBefore;
      let samples = 0;
      const sampler = setInterval(() => {
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        samples++;
      }, 5);
      const { count, bytes } = await dataset.writeItemTable(file, 0);
      clearInterval(sampler);
      // The heap was sampled while the table was written (the writer yields to the event loop).
      expect(samples).toBeGreaterThan(10);
      // The items, and the pool of plugs their sockets hold.
      expect(count).toBe(60_000 + PLUG_DEFINITION_COUNT);
      expect(statSync(file).size).toBe(bytes);
      expect(bytes).toBeGreaterThan(100_000_000);
      // The whole table is over 100 MB of text; streaming keeps the heap's growth far below that.
      expect(heapPeak - heapBefore).toBeLessThan(30_000_000);
      const table = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { hash: number }>;
      expect(Object.keys(table)).toHaveLength(60_000 + PLUG_DEFINITION_COUNT);
      rmSync(file);
    }
  );
});
