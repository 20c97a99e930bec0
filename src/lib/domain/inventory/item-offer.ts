import { BucketHashes } from '../../bungie/hashes.ts';
import type { MoveRequest } from '../moves/intent.ts';
import type { SlimItem } from '../shards/slim-item.ts';
import type { InventoryItem } from './model.ts';

/** Destiny's item types whose power means something to a player (DestinyItemType). */
const ARMOR = 2;
const WEAPON = 3;
/** DestinyClass: an item any class can use. */
const ANY_CLASS = 3;

export interface OfferCharacter {
  characterId: string;
  classType: number;
  /** "Hunter": what the buttons say. */
  name: string;
}

export interface OfferedAction {
  /** The button's words: "Transfer to Vault", "Equip on Hunter", "Lock". */
  label: string;
  request: MoveRequest;
}

export interface ItemOffer {
  actions: OfferedAction[];
  /** Why an action a player would look for is not offered, in their words. */
  notes: string[];
}

/** Buckets whose items the game does not let anyone lock (it refuses with ActionForbidden). */
const UNLOCKABLE = new Set<number>([
  BucketHashes.Subclass,
  BucketHashes.Engrams,
  BucketHashes.SeasonalArtifact
]);

/**
 * Whether an item's power is worth a badge: a weapon's or armor's. A subclass, an engram or the
 * artifact carries a number in the same place that means nothing to a player. An item with no
 * known definition (Classified) keeps its number: it may well be gear.
 */
export function showsPower(definition: SlimItem | undefined): boolean {
  return definition === undefined || definition.type === WEAPON || definition.type === ARMOR;
}

/**
 * The actions the game's rules allow on an item, in the order a player reads them (pull, transfers,
 * equips, lock), and why the ones a player would expect are missing. The planner still checks
 * each move against the whole inventory; this only never offers what cannot work.
 */
export function offerActions(
  item: InventoryItem,
  definition: SlimItem | undefined,
  characters: readonly OfferCharacter[],
  equippable: boolean
): ItemOffer {
  const actions: OfferedAction[] = [];
  const notes: string[] = [];
  const inPostmaster = item.locationBucketHash === BucketHashes.LostItems;
  const className = (classType: number | undefined) =>
    characters.find((c) => c.classType === classType)?.name;

  if (inPostmaster) actions.push({ label: 'Pull from postmaster', request: { kind: 'pull' } });
  if (item.transferable) {
    if (item.owner !== 'vault')
      actions.push({ label: 'Transfer to Vault', request: { kind: 'transfer', to: 'vault' } });
    for (const character of characters) {
      // From the postmaster, its own character is what "Pull" does: not offered twice.
      if (character.characterId === item.owner) continue;
      actions.push({
        label: `Transfer to ${character.name}`,
        request: { kind: 'transfer', to: character.characterId }
      });
    }
  } else if (!inPostmaster && item.bucketHash !== BucketHashes.Subclass) {
    notes.push('The game does not let this item leave its character.');
  }

  if (equippable) {
    const classType = definition?.classType;
    const restricted = classType !== undefined && classType !== ANY_CLASS;
    for (const character of characters) {
      if (restricted && character.classType !== classType) continue;
      if (character.characterId === item.owner && item.equipped) continue;
      if (!item.transferable && character.characterId !== item.owner) continue;
      actions.push({
        label: `Equip on ${character.name}`,
        request: { kind: 'equip', to: character.characterId }
      });
    }
    if (restricted && characters.some((c) => c.classType !== classType))
      notes.push(`Only a ${className(classType) ?? 'character of its class'} can equip it.`);
  }

  if (item.instanced && !UNLOCKABLE.has(item.bucketHash)) {
    actions.push({
      label: item.locked ? 'Unlock' : 'Lock',
      request: { kind: 'lock', locked: !item.locked }
    });
  }
  return { actions, notes };
}
