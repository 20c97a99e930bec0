import { env } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlugRecord } from '../../src/lib/domain/details/detail-records';
import { plugPageOf, PLUG_PAGES } from '../../src/lib/domain/details/build-details';
import { readPlugPage, type PlugPage } from '../../src/lib/domain/details/plug-page';
import type { ShardIndex } from '../../src/lib/domain/shards/shard-index';
import type { ProfileResponse } from '../../src/lib/shared/api-shapes';
import { PLUG_DEFINITION_COUNT } from '../../workers/bungie-sim/src/data/generated-sockets';
import { runFor } from '../../workers/shard-publisher/src/index';
import { api, signIn, sim } from './helpers';

/** Publishes the simulator's current data set and answers its index and a reader of its shards. */
async function publish() {
  const keys = (await env.SHARDS.list({ limit: 1000 })).objects.map((o) => o.key);
  if (keys.length) await env.SHARDS.delete(keys);
  const summary = await runFor(env);
  expect(summary.error ?? summary.outcome).toBe('published');
  const index = (await (await env.SHARDS.get('shards/v1/index.json'))!.json()) as ShardIndex;
  const details = index.details!;
  // Read through the app, as a device reads them.
  const read = async <T>(key: string) => {
    const response = await api(`/api/shards/${key.replace('shards/v1/', '')}`);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const table = async <T>(name: string) =>
    (
      await read<Record<string, Record<string, T>>>(
        details.tables.find((t) => t.name === name)!.key
      )
    )[name]!;
  const plugs = async () => {
    const descriptions = await table<string>('plugDescriptions');
    const all: Record<string, PlugRecord> = {};
    for (const page of details.plugPages)
      Object.assign(all, readPlugPage(await read<PlugPage>(page.key), descriptions));
    return all;
  };
  return { index, details, read, table, plugs };
}

afterAll(async () => {
  await sim('/__sim/reset', { dataset: 'real' });
});

describe('the item sheet’s detail shards, published beside the item shards', () => {
  it('on the real data set: every perk the real profile holds has its record, with the 2025 stat names', async () => {
    await sim('/__sim/reset', { dataset: 'real' });
    const { details, read, table, plugs } = await publish();
    expect(details.plugPages).toHaveLength(PLUG_PAGES);
    const published = await plugs();
    expect(published['4090651448']).toMatchObject({
      name: 'Corkscrew Rifling',
      typeName: 'Barrel',
      description: expect.stringMatching(/\w/)
    });
    expect(details.plugPages[plugPageOf(4090651448)]!.count).toBeGreaterThan(0);

    // Every plug in every socket of the real profile, plugged or selectable: a name on the sheet.
    const profile = (await (
      await api('/api/profile', { jar: (await signIn()).jar })
    ).json()) as ProfileResponse;
    const held = new Set(
      Object.values(profile.itemDetails!).flatMap((d) =>
        d.sockets.flatMap((socket) => (socket ?? []).filter((hash) => hash !== 0))
      )
    );
    expect(held.size).toBeGreaterThan(700);
    expect([...held].filter((hash) => !published[hash])).toEqual([]);

    // A weapon of the profile: its sockets' types, their categories and names.
    const kinetic = details.gear.find((g) => g.bucketHash === 1498876634)!;
    const gear = (await read<{ gear: Record<string, { socketTypes: number[] }> }>(kinetic.key))
      .gear;
    expect(gear['1119734784']!.socketTypes.slice(0, 2)).toEqual([3956125808, 3362409147]);
    const socketTypes = await table<number>('socketTypes');
    const categories = await table<{ name: string }>('socketCategories');
    expect(categories[socketTypes['3362409147']!]!.name).toBe('WEAPON PERKS');
    expect((await table<string>('stats'))['2996146975']).toBe('Weapons');
    // The raw definitions' stat groups are there for the gear that names them.
    const groups = await table<{ scaled: unknown[] }>('statGroups');
    expect(groups['770484158']!.scaled.length).toBeGreaterThan(5);
    // No plug-set table in the real data: nothing says what can roll, and no table is published.
    expect(details.tables.map((t) => t.name)).not.toContain('plugSets');
    // Nor, without plug sets, anything that pairs enhanced perks with their base perks.
    expect(details.tables.map((t) => t.name)).not.toContain('enhancedPerks');
    // The 2021 definitions predate armor sets.
    expect(details.tables.map((t) => t.name)).not.toContain('armorSets');
  });

  it('on the generated data set: plug sets trimmed to what can roll, plug stats and the kill tracker’s objective', async () => {
    await sim('/__sim/reset', { dataset: 'generated' });
    const { table, plugs, details, read } = await publish();
    const plugSets = await table<number[]>('plugSets');
    const published = await plugs();
    // Each set of more than four plugs lost the one that no longer rolls (pools of 6, 12 and 16 for
    // weapons, the traits' with 4 enhanced ones too; 12, 6 and 6 for armor; one tracker, one
    // masterwork).
    expect(
      Object.values(plugSets)
        .map((set) => set.length)
        .sort((a, b) => a - b)
    ).toEqual([1, 1, 5, 5, 5, 11, 11, 19]);
    // Each enhanced trait paired with the basic trait of its name, in the same set.
    const enhancedPerks = await table<number>('enhancedPerks');
    expect(Object.keys(enhancedPerks)).toHaveLength(4);
    for (const [enhanced, base] of Object.entries(enhancedPerks)) {
      expect(published[enhanced]!.name).toBe(published[base]!.name);
      expect(published[enhanced]!.name).toMatch(/^Trait \d$/);
      expect(Number(enhanced)).not.toBe(base);
    }
    // Every plug that can roll is published, and those that cannot where gear starts with them:
    // among 30,000 generated items, every plug of the pools is some item's first.
    const rollable = Object.values(plugSets).flat();
    expect(rollable.every((hash) => published[hash])).toBe(true);
    expect(Object.keys(published)).toHaveLength(PLUG_DEFINITION_COUNT);
    // The kill tracker's objective (the profile says which, and its progress) has its words.
    expect(Object.values(published).some((p) => p.name === 'Kill Tracker')).toBe(true);
    expect(Object.values(await table<{ description: string }>('objectives'))).toContainEqual({
      description: 'Enemies defeated',
      completionValue: 0
    });
    expect(Object.values(published).filter((p) => p.stats?.length).length).toBeGreaterThan(30);
    // Intrinsic plugs with stats (armor's rolled stats) say so: the sheet counts them as the base.
    expect(Object.values(published).some((p) => p.intrinsic === 1 && p.stats?.length)).toBe(true);
    // Armor sets: each with its 2- and 4-piece bonuses named from the sandbox perks, and the
    // pieces' gear records naming their set.
    const sets = await table<{ name: string; perks: { pieces: number; name: string }[] }>(
      'armorSets'
    );
    expect(Object.values(sets).map((set) => set.name)).toHaveLength(6);
    for (const set of Object.values(sets))
      expect(set.perks.map((p) => `${p.pieces}: ${p.name}`)).toEqual([
        `2: ${set.name} 2-piece bonus`,
        `4: ${set.name} 4-piece bonus`
      ]);
    const helmets = details.gear.find((g) => g.bucketHash === 3448274439)!;
    const pieces = Object.values(
      (await read<{ gear: Record<string, { set?: number }> }>(helmets.key)).gear
    );
    expect(pieces.filter((g) => g.set !== undefined).length).toBeGreaterThan(100);
    expect(pieces.every((g) => g.set === undefined || sets[g.set] !== undefined)).toBe(true);
  });
});
