import { BucketHashes } from '../../bungie/hashes.ts';
import type { InventoryItem } from '../inventory/model.ts';
import { GAME_ORDER } from '../inventory/sections.ts';
import {
  intentFor,
  type LoadoutApplyTag,
  type MoveIntent,
  type MoveRequest
} from '../moves/intent.ts';
import type { PlanRules } from '../moves/plan.ts';
import type { Loadout, LoadoutItem } from '../player-data/shapes.ts';

/** One move of a loadout: an ordinary move request about one item, queued like any other. */
export interface LoadoutMove {
  item: InventoryItem;
  request: MoveRequest;
}

/** An item of the loadout this character cannot take, and why, in words for the player. */
export interface LoadoutRefusal {
  item: InventoryItem;
  message: string;
}

/** A loadout turned into moves for one character, with what cannot be done told apart. */
export interface LoadoutApplication {
  /** In the order they run: every item brought to the character first, then the equips. */
  moves: LoadoutMove[];
  /** The loadout's items no longer in the account. */
  missing: LoadoutItem[];
  refused: LoadoutRefusal[];
  /** How many of the loadout's items the moves concern (an item moved and equipped counts once). */
  itemCount: number;
  /** Every item of the loadout found in the account: making room never moves one of them aside. */
  itemIds: string[];
}

/** A loadout's item with where it is now (none when it left the account), and whether it is equipped by the loadout. */
export interface LoadoutEntry {
  ref: LoadoutItem;
  equip: boolean;
  item?: InventoryItem;
}

const CLASS_NAMES = ['Titan', 'Hunter', 'Warlock'];

/**
 * Where a loadout's item is: by instance id, or for an uninstanced one (id "0"), a stack of the
 * same item, the character's own first, then the vault's, then any.
 */
export function findLoadoutItem(
  ref: LoadoutItem,
  items: readonly InventoryItem[],
  characterId?: string
): InventoryItem | undefined {
  if (ref.id && ref.id !== '0') return items.find((i) => i.instanced && i.id === ref.id);
  const stacks = items.filter((i) => !i.instanced && i.hash === ref.hash);
  return (
    stacks.find((i) => i.owner === characterId) ??
    stacks.find((i) => i.owner === 'vault') ??
    stacks[0]
  );
}

/** The loadout's items (equipped ones first), each once, found in the inventory where they are. */
export function loadoutEntries(
  loadout: Pick<Loadout, 'equipped' | 'unequipped'>,
  items: readonly InventoryItem[],
  characterId?: string
): LoadoutEntry[] {
  const seen = new Set<string>();
  const entries: LoadoutEntry[] = [];
  const add = (ref: LoadoutItem, equip: boolean) => {
    const key = ref.id && ref.id !== '0' ? ref.id : `hash:${ref.hash}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ ref, equip, item: findLoadoutItem(ref, items, characterId) });
  };
  for (const ref of loadout.equipped ?? []) add(ref, true);
  for (const ref of loadout.unequipped ?? []) add(ref, false);
  return entries;
}

/** The game's slot order (weapons, armor, then the rest), so moves run as a player reads them. */
function slotRank(item: InventoryItem): number {
  const rank = GAME_ORDER.indexOf(item.bucketHash);
  return rank >= 0 ? rank : GAME_ORDER.length;
}

/**
 * Turns a loadout into the moves that put it on a character, in DIM's proven order:
 *
 * 1. Every item not on the character is brought there, items equipped on another character first
 *    (each is swapped out there before it can leave), then in slot order. Room on the character is
 *    made by the move planner, which never moves aside an item of the same loadout (the runner keeps
 *    the whole loadout's items).
 * 2. Then the equips: items that carry no exotic restriction first, exotics last, so an exotic the
 *    loadout replaces is gone before the loadout's own exotic goes on; an exotic of the same kind
 *    left equipped elsewhere is swapped out as a single equip does.
 *
 * Items that left the account, and items this character can never hold or equip (another class's,
 * or ones that cannot leave the character that has them), are told apart and not queued.
 */
export function planLoadoutApply(
  loadout: Pick<Loadout, 'equipped' | 'unequipped'>,
  characterId: string,
  items: readonly InventoryItem[],
  rules: Pick<PlanRules, 'characters' | 'definition'>
): LoadoutApplication {
  const classType = rules.characters.find((c) => c.characterId === characterId)?.classType;
  const who = CLASS_NAMES[classType ?? -1] ?? 'This character';
  const missing: LoadoutItem[] = [];
  const refused: LoadoutRefusal[] = [];
  const bring: InventoryItem[] = [];
  const equip: InventoryItem[] = [];
  const amounts = new Map<string, number>();
  const found: string[] = [];

  for (const entry of loadoutEntries(loadout, items, characterId)) {
    const { item, ref } = entry;
    if (!item) {
      missing.push(ref);
      continue;
    }
    found.push(item.id);
    const definition = rules.definition(item.hash);
    const name = definition?.name || 'Classified';
    if (definition?.classType !== undefined && definition.classType !== classType) {
      const owner = CLASS_NAMES[definition.classType] ?? 'another class';
      refused.push({ item, message: `${name} is for a ${owner}; a ${who} cannot use it.` });
      continue;
    }
    const elsewhere = item.owner !== characterId;
    if (elsewhere && (!item.transferable || definition?.nonTransferrable)) {
      refused.push({ item, message: `${name} cannot leave the character that holds it.` });
      continue;
    }
    if (elsewhere || item.locationBucketHash === BucketHashes.LostItems) {
      bring.push(item);
      if (!item.instanced && ref.amount) amounts.set(item.id, ref.amount);
    }
    if (entry.equip && (elsewhere || !item.equipped)) equip.push(item);
  }

  const bySlot = (a: InventoryItem, b: InventoryItem) => slotRank(a) - slotRank(b);
  const equippedElsewhere = (i: InventoryItem) => (i.equipped ? 0 : 1);
  bring.sort((a, b) => equippedElsewhere(a) - equippedElsewhere(b) || bySlot(a, b));
  const exotic = (i: InventoryItem) => (rules.definition(i.hash)?.uniqueLabel ? 1 : 0);
  equip.sort((a, b) => exotic(a) - exotic(b) || bySlot(a, b));

  const moves: LoadoutMove[] = [
    ...bring.map((item) => ({
      item,
      request: {
        kind: 'transfer' as const,
        to: characterId,
        ...(amounts.has(item.id) && { amount: amounts.get(item.id) })
      }
    })),
    ...equip.map((item) => ({ item, request: { kind: 'equip' as const, to: characterId } }))
  ];
  const itemCount = new Set(moves.map((m) => m.item.id)).size;
  return { moves, missing, refused, itemCount, itemIds: found };
}

/**
 * What applying a loadout will do, in words for the player: "Raid goes on your Hunter: 7 items to
 * move or equip. 2 items are no longer in your account. Warlock Helmet is for a Warlock; …".
 */
export function describeApplication(
  application: LoadoutApplication,
  loadoutName: string,
  characterName: string
): string {
  const parts = [
    application.itemCount
      ? `${loadoutName} goes on your ${characterName}: ${application.itemCount} ${application.itemCount === 1 ? 'item' : 'items'} to move or equip.`
      : `${loadoutName} is already on your ${characterName}.`
  ];
  const gone = application.missing.length;
  if (gone)
    parts.push(
      gone === 1
        ? '1 item is no longer in your account.'
        : `${gone} items are no longer in your account.`
    );
  for (const refusal of application.refused) parts.push(refusal.message);
  return parts.join(' ');
}

/**
 * The intents that queue moves as one application (tagged with it when a tag is given), in order,
 * as the device keeps them: `id(n)` names the n-th.
 */
export function applicationIntents(
  moves: readonly LoadoutMove[],
  tag: LoadoutApplyTag | undefined,
  context: {
    id: (n: number) => string;
    now: number;
    items: readonly InventoryItem[];
    membershipId?: string;
  }
): MoveIntent[] {
  return moves.map((move, n) => ({
    ...intentFor(move.item, move.request, { ...context, id: context.id(n) }),
    ...(tag && { loadout: tag })
  }));
}
