import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem } from '../inventory/model.ts';
import { testItem } from '../inventory/test-item.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import type { MoveIntent, MoveRequest } from './intent.ts';
import { planIntent, type PlanRules } from './plan.ts';
import { applyStep, type Step } from './steps.ts';

/** Two characters and a handful of definitions: the world of the planners' table tests. */
export const HUNTER = 'c-hunter';
export const WARLOCK = 'c-warlock';

const { KineticWeapons, EnergyWeapons, Helmet, Consumables, Subclass } = BucketHashes;

/** By hash: what each test item is, and the slot it goes in. */
export const GEAR: Record<number, SlimItem & { bucketHash: number }> = {
  1: { name: 'Legendary Kinetic', tier: 5, type: 3, equippable: true, bucketHash: KineticWeapons },
  2: {
    name: 'Exotic Kinetic',
    tier: 6,
    type: 3,
    equippable: true,
    uniqueLabel: 'exotic_weapon',
    bucketHash: KineticWeapons
  },
  3: {
    name: 'Exotic Energy',
    tier: 6,
    type: 3,
    equippable: true,
    uniqueLabel: 'exotic_weapon',
    bucketHash: EnergyWeapons
  },
  4: { name: 'Legendary Energy', tier: 5, type: 3, equippable: true, bucketHash: EnergyWeapons },
  5: {
    name: 'Hunter Helmet',
    tier: 5,
    type: 2,
    classType: 1,
    equippable: true,
    bucketHash: Helmet
  },
  6: { name: 'Glimmer Booster', tier: 3, type: 9, maxStack: 50, bucketHash: Consumables },
  7: {
    name: 'Warlock Kinetic',
    tier: 5,
    type: 3,
    classType: 2,
    equippable: true,
    bucketHash: KineticWeapons
  },
  8: {
    name: 'Nightstalker',
    tier: 6,
    type: 16,
    equippable: true,
    nonTransferrable: true,
    bucketHash: Subclass
  },
  9: {
    name: 'Warlock Helmet',
    tier: 5,
    type: 2,
    classType: 2,
    equippable: true,
    bucketHash: Helmet
  }
};

export const gearRules: PlanRules = {
  characters: [
    { characterId: HUNTER, classType: 1 },
    { characterId: WARLOCK, classType: 2 }
  ],
  definition: (hash) => GEAR[hash],
  capacity: (bucket) => (bucket === Consumables ? 50 : 10),
  vaultCapacity: 600
};

/** An item of hash `hash` (its slot from GEAR, a kinetic for unknown hashes) held by `owner`. */
export function gearItem(
  id: string,
  hash: number,
  owner: string,
  changes: Partial<InventoryItem> = {}
): InventoryItem {
  return testItem({
    id,
    hash,
    bucketHash: GEAR[hash]?.bucketHash ?? KineticWeapons,
    owner,
    instanced: hash !== 6,
    power: 1800,
    ...changes
  });
}

/**
 * Carries moves out as the runner does: each planned in turn against the state the ones before it
 * left, `keep` held in place. Throws at a refusal. Where everything ended up, and every step.
 */
export function carryOut(
  moves: readonly { item: InventoryItem; request: MoveRequest }[],
  items: InventoryItem[],
  rules: PlanRules,
  keep: readonly string[] = []
): { items: InventoryItem[]; steps: Step[] } {
  let state = items;
  const steps: Step[] = [];
  for (const [n, move] of moves.entries()) {
    const intent = {
      ...move.request,
      id: `m${n}`,
      itemId: move.item.id,
      itemHash: move.item.hash,
      from: move.item.owner,
      stackSize: move.item.quantity,
      createdAt: 0
    } as MoveIntent;
    const plan = planIntent(intent, state, { ...rules, keep: new Set(keep) });
    if ('refusal' in plan) throw new Error(plan.refusal.message);
    for (const step of plan.steps) {
      steps.push(step);
      state = applyStep(state, step);
    }
  }
  return { items: state, steps };
}
