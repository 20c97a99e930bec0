// Over 200 lines: one algorithm, the move planner; its cases (room, exotics, postmaster) share helpers.
import { BucketHashes } from '../../bungie/hashes.ts';
import type { CharacterSummary, InventoryItem } from '../inventory/model.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import type { MoveIntent } from './intent.ts';
import { applyStep, type Step } from './steps.ts';

/** What the planner reads besides the items: definitions and bucket sizes. */
export interface PlanRules {
  characters: readonly Pick<CharacterSummary, 'characterId' | 'classType'>[];
  definition(hash: number): SlimItem | undefined;
  /** Slots of a character bucket, the equipped one included (Bungie's bucket itemCount). */
  capacity(bucketHash: number): number | undefined;
  vaultCapacity: number;
  /**
   * Items the player's other moves put (or will put) where they are: never moved aside to make room,
   * or one queued move would undo another.
   */
  keep?: ReadonlySet<string>;
}

/** The vault's size when the device's bucket table does not say: the size the real table gives. */
const FALLBACK_VAULT_CAPACITY = 600;

/**
 * The planner's rules from what a device holds: the characters, a definition lookup and the bucket
 * sizes (Bungie's bucket itemCount by hash). One place for the page, the service worker and the soak.
 */
export function planRulesFrom(
  characters: PlanRules['characters'],
  definition: PlanRules['definition'],
  bucketSize: (bucketHash: number) => number | undefined
): PlanRules {
  return {
    characters,
    definition,
    capacity: bucketSize,
    vaultCapacity: bucketSize(BucketHashes.Vault) ?? FALLBACK_VAULT_CAPACITY
  };
}

/** Why an intent cannot be carried out, in words for the player. Permanent: retrying will not help. */
export interface Refusal {
  reason:
    'not_found' | 'not_transferable' | 'no_room' | 'cannot_unequip' | 'wrong_class' | 'not_there';
  message: string;
}

/** An equipped exotic the plan takes off, and what it equips in its place. */
export interface Swap {
  out: InventoryItem;
  in: InventoryItem;
}

/**
 * The steps, and their side effects the player must be told about: items moved aside to make room,
 * and (only when there are any) exotics swapped out to respect one-exotic-of-a-kind.
 */
export type Plan =
  { steps: Step[]; madeRoom: InventoryItem[]; swapped?: Swap[] } | { refusal: Refusal };

const CLASS_NAMES = ['Titan', 'Hunter', 'Warlock'];

/**
 * Where the intent's item is now: by id, or for a stack whose key changed, the stack of that item
 * still where it was when the player asked (then wherever it is).
 */
export function locate(
  items: readonly InventoryItem[],
  intent: MoveIntent
): InventoryItem | undefined {
  const byId = items.find((i) => i.id === intent.itemId);
  if (byId) return byId;
  const stacks = items.filter((i) => !i.instanced && i.hash === intent.itemHash);
  if (intent.itemId.includes(':')) return stacks.find((i) => i.owner === intent.from) ?? stacks[0];
  return undefined;
}

/** How many of a stackable item an owner holds outside the postmaster. */
export function heldBy(items: readonly InventoryItem[], hash: number, owner: string): number {
  return items
    .filter(
      (i) =>
        !i.instanced &&
        i.hash === hash &&
        i.owner === owner &&
        i.locationBucketHash !== BucketHashes.LostItems
    )
    .reduce((sum, i) => sum + i.quantity, 0);
}

/**
 * A split (part of a stack, one hop) is done when the place it left holds the amount less and the
 * place it went holds the amount more than when the player asked: the stacks' places cannot say
 * (part stays behind), and either side alone could have changed in the game meanwhile.
 */
function splitDone(intent: MoveIntent & { kind: 'transfer' }, items: readonly InventoryItem[]) {
  const left = heldBy(items, intent.itemHash, intent.from);
  const arrived = heldBy(items, intent.itemHash, intent.to);
  return (
    left <= (intent.fromQuantity ?? 0) - intent.stackSize &&
    arrived >= (intent.toQuantity ?? 0) + intent.stackSize
  );
}

/** True when the intent needs no further step: the item is where (and as) the player asked. */
export function isDone(
  item: InventoryItem,
  intent: MoveIntent,
  items: readonly InventoryItem[] = []
): boolean {
  switch (intent.kind) {
    case 'lock':
      return item.locked === intent.locked;
    case 'pull':
      return item.locationBucketHash !== BucketHashes.LostItems;
    case 'transfer':
      if (intent.fromQuantity !== undefined && !item.instanced) return splitDone(intent, items);
      return (
        item.owner === intent.to &&
        item.locationBucketHash !== BucketHashes.LostItems &&
        (intent.to === 'vault' || !item.equipped || intent.from === intent.to)
      );
    case 'equip':
      return item.owner === intent.to && item.equipped;
    case 'equip-loadout':
      // Its mods and subclass setup cannot be seen in the items: done only once Bungie said so
      // (and Bungie's EquipLoadout, asked again, changes nothing more).
      return false;
  }
}

/**
 * The least valuable item of a character's bucket, moved aside to make room. Order, first to go:
 * unlocked before locked, then not exotic before exotic, not masterworked before masterworked,
 * lower power, lower tier, then by id so the choice is stable. Equipped items are never chosen;
 * neither is anything in `keep`.
 */
export function leastValuable(
  candidates: readonly InventoryItem[],
  rules: Pick<PlanRules, 'definition'>,
  keep: ReadonlySet<string> = new Set()
): InventoryItem | undefined {
  const score = (i: InventoryItem) => {
    const tier = rules.definition(i.hash)?.tier ?? 0;
    return [i.locked ? 1 : 0, tier === 6 ? 1 : 0, i.masterwork ? 1 : 0, i.power ?? 0, tier];
  };
  // Only items the device knows can move: with no definition, Bungie may refuse (not transferable).
  const movable = candidates.filter(
    (i) =>
      !i.equipped &&
      !keep.has(i.id) &&
      i.transferable &&
      rules.definition(i.hash) !== undefined &&
      !rules.definition(i.hash)?.nonTransferrable
  );
  return movable.sort((a, b) => compareScores(score(a), score(b)) || a.id.localeCompare(b.id))[0];
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** A non-exotic item to equip in place of `item` on its character (to free it, or to free an exotic slot). */
function replacementFor(
  items: readonly InventoryItem[],
  item: InventoryItem,
  rules: PlanRules
): InventoryItem | undefined {
  const classType = rules.characters.find((c) => c.characterId === item.owner)?.classType;
  const equippableHere = (i: InventoryItem) => {
    const definition = rules.definition(i.hash);
    return (
      definition !== undefined &&
      definition.tier !== 6 &&
      (definition.classType === undefined || definition.classType === classType)
    );
  };
  const options = items.filter(
    (i) =>
      i.owner === item.owner &&
      i.bucketHash === item.bucketHash &&
      i.id !== item.id &&
      !i.equipped &&
      i.locationBucketHash === i.bucketHash &&
      equippableHere(i)
  );
  return options.sort((a, b) => (b.power ?? 0) - (a.power ?? 0) || a.id.localeCompare(b.id))[0];
}

const refuse = (reason: Refusal['reason'], message: string): Plan => ({
  refusal: { reason, message }
});

/**
 * The Bungie steps that carry out `intent` from the snapshot `items`, or why it cannot be done.
 * An intent already carried out plans no step.
 */
export function planIntent(
  intent: MoveIntent,
  items: readonly InventoryItem[],
  rules: PlanRules
): Plan {
  const item = locate(items, intent);
  if (!item) return refuse('not_found', 'That item is no longer on your account.');
  if (isDone(item, intent, items)) return { steps: [], madeRoom: [] };
  const name = rules.definition(item.hash)?.name ?? 'That item';
  const firstCharacter = rules.characters[0]?.characterId ?? '';
  if (intent.kind === 'equip-loadout') {
    const slotItems = intent.itemIds.map((id) => items.find((i) => i.id === id));
    if (slotItems.some((i) => !i))
      return refuse('not_found', 'An item of that loadout is no longer in your account.');
    const away = slotItems.find(
      (i) => i!.owner !== intent.to || i!.locationBucketHash === BucketHashes.LostItems
    );
    if (away)
      return refuse(
        'not_there',
        `${rules.definition(away.hash)?.name ?? 'An item of the loadout'} is not on that character: its move did not go through.`
      );
    return {
      steps: [
        {
          action: 'equip-loadout',
          itemId: item.id,
          itemHash: item.hash,
          characterId: intent.to,
          loadoutIndex: intent.loadoutIndex,
          itemIds: intent.itemIds
        }
      ],
      madeRoom: []
    };
  }
  if (intent.kind === 'lock') {
    const characterId =
      item.owner === 'vault' || item.owner === 'account' ? firstCharacter : item.owner;
    return {
      steps: [
        { action: 'lock', itemId: item.id, itemHash: item.hash, characterId, locked: intent.locked }
      ],
      madeRoom: []
    };
  }

  let state = [...items];
  const steps: Step[] = [];
  const madeRoom: InventoryItem[] = [];
  const push = (step: Step) => {
    steps.push(step);
    state = applyStep(state, step);
  };
  const current = () => state.find((i) => i.id === item.id)!;
  const vaultFull = () =>
    state.filter((i) => i.owner === 'vault' && i.locationBucketHash === BucketHashes.Vault)
      .length >= rules.vaultCapacity;
  /** Frees a slot in a character's bucket by moving its least valuable item to the vault. */
  const makeRoom = (characterId: string, bucketHash: number): Refusal | undefined => {
    const capacity = rules.capacity(bucketHash);
    if (capacity === undefined) return undefined;
    const there = state.filter(
      (i) =>
        i.owner === characterId &&
        i.bucketHash === bucketHash &&
        i.locationBucketHash === bucketHash
    );
    if (there.length < capacity) return undefined;
    const victim = leastValuable(there, rules, new Set([item.id, ...(rules.keep ?? [])]));
    if (!victim) {
      const heldByRecentMoves = leastValuable(there, rules, new Set([item.id])) !== undefined;
      const why = heldByRecentMoves
        ? 'everything that could be moved aside was put there by your recent moves'
        : 'nothing there can be moved aside';
      return { reason: 'no_room', message: `There is no room for ${name} there, and ${why}.` };
    }
    if (vaultFull())
      return {
        reason: 'no_room',
        message: `There is no room for ${name} there, and the vault is full.`
      };
    madeRoom.push(victim);
    push({
      action: 'transfer',
      itemId: victim.id,
      itemHash: victim.hash,
      instanced: victim.instanced,
      stackSize: victim.quantity,
      characterId,
      toVault: true
    });
    return undefined;
  };

  if (intent.kind === 'pull' || current().locationBucketHash === BucketHashes.LostItems) {
    const owner = current().owner;
    const full = makeRoom(owner, item.bucketHash);
    if (full) return { refusal: full };
    push({
      action: 'pull',
      itemId: item.id,
      itemHash: item.hash,
      instanced: item.instanced,
      stackSize: intent.kind === 'pull' ? intent.stackSize : item.quantity,
      characterId: owner
    });
    if (intent.kind === 'pull') return { steps, madeRoom };
  }

  const to = intent.to;
  const definition = rules.definition(item.hash);
  const target = rules.characters.find((c) => c.characterId === to);
  if (to !== 'vault' && !target)
    return refuse('not_found', 'That character is no longer on your account.');
  // Class armor cannot even be carried by another class; nothing of another class can be equipped.
  if (
    target &&
    definition?.classType !== undefined &&
    definition.classType !== target.classType &&
    (definition.type === 2 || intent.kind === 'equip')
  ) {
    const owner = CLASS_NAMES[definition.classType] ?? 'another class';
    const who = CLASS_NAMES[target.classType] ?? 'Guardian';
    return refuse(
      'wrong_class',
      definition.type === 2
        ? `${name} is ${owner} armor; a ${who} cannot carry it.`
        : `${name} is for a ${owner} only; a ${who} cannot equip it.`
    );
  }

  const stackSize = Math.min(intent.stackSize, current().quantity);
  if (current().owner !== to) {
    if (!item.transferable || definition?.nonTransferrable)
      return refuse('not_transferable', `${name} cannot be transferred.`);
    if (current().owner !== 'vault') {
      if (current().equipped) {
        const replacement = replacementFor(state, current(), rules);
        if (!replacement)
          return refuse(
            'cannot_unequip',
            `${name} is equipped and there is nothing else to equip in its place.`
          );
        push({
          action: 'equip',
          itemId: replacement.id,
          itemHash: replacement.hash,
          characterId: current().owner
        });
      }
      if (vaultFull()) return refuse('no_room', 'The vault is full.');
      push({
        action: 'transfer',
        itemId: item.id,
        itemHash: item.hash,
        instanced: item.instanced,
        stackSize,
        characterId: current().owner,
        toVault: true
      });
    }
    if (to !== 'vault') {
      const full = makeRoom(to, item.bucketHash);
      if (full) return { refusal: full };
      push({
        action: 'transfer',
        itemId: item.id,
        itemHash: item.hash,
        instanced: item.instanced,
        stackSize,
        characterId: to,
        toVault: false
      });
    }
  }

  if (intent.kind === 'equip' && !current().equipped) {
    // One exotic per kind: equipping one swaps out the exotic of the same kind in another slot.
    const label = definition?.uniqueLabel;
    const clash = label
      ? state.find(
          (i) =>
            i.owner === to &&
            i.equipped &&
            i.id !== item.id &&
            i.bucketHash !== item.bucketHash &&
            rules.definition(i.hash)?.uniqueLabel === label
        )
      : undefined;
    if (clash) {
      const replacement = replacementFor(state, clash, rules);
      if (!replacement)
        return refuse(
          'cannot_unequip',
          `Only one exotic of a kind can be equipped, and there is nothing to equip in place of ${rules.definition(clash.hash)?.name ?? 'the other one'}.`
        );
      push({
        action: 'equip',
        itemId: replacement.id,
        itemHash: replacement.hash,
        characterId: to
      });
      push({ action: 'equip', itemId: item.id, itemHash: item.hash, characterId: to });
      return { steps, madeRoom, swapped: [{ out: clash, in: replacement }] };
    }
    push({ action: 'equip', itemId: item.id, itemHash: item.hash, characterId: to });
  }
  return { steps, madeRoom };
}
