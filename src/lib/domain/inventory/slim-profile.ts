import { BucketHashes, ItemState, TransferStatus } from '../../bungie/hashes.ts';
import type { CharacterSummary, InventoryItem, ItemOwner, InventorySnapshot } from './model.ts';

/** The parts of Bungie's GetProfile response read here (components 200, 201, 205, 102, 300). */
export interface ProfileInput {
  responseMintedTimestamp: string;
  characters?: { data?: Record<string, BungieCharacter> };
  characterInventories?: { data?: Record<string, { items: BungieItem[] }> };
  characterEquipment?: { data?: Record<string, { items: BungieItem[] }> };
  profileInventory?: { data?: { items: BungieItem[] } };
  characterLoadouts?: {
    data?: Record<
      string,
      {
        loadouts: {
          nameHash: number;
          iconHash: number;
          colorHash: number;
          items: { itemInstanceId: string }[];
        }[];
      }
    >;
  };
  itemComponents?: {
    instances?: { data?: Record<string, { primaryStat?: { value: number }; gearTier?: number }> };
  };
}

/** Bungie's character component: the summary's fields, with the minutes played as an int64 string. */
type BungieCharacter = Omit<CharacterSummary, 'minutesPlayedTotal'> & {
  minutesPlayedTotal: string;
};

interface BungieItem {
  itemHash: number;
  itemInstanceId?: string;
  quantity: number;
  bucketHash: number;
  state: number;
  transferStatus: number;
}

/** An item's slot bucket from its definition, or undefined when the definitions do not know it. */
export type SlotOf = (itemHash: number) => number | undefined;

function slimCharacter(c: BungieCharacter): CharacterSummary {
  return {
    characterId: c.characterId,
    classType: c.classType,
    classHash: c.classHash,
    light: c.light,
    raceType: c.raceType,
    genderType: c.genderType,
    ...(c.emblemPath ? { emblemPath: c.emblemPath } : {}),
    ...(c.emblemBackgroundPath ? { emblemBackgroundPath: c.emblemBackgroundPath } : {}),
    ...(c.emblemColor
      ? {
          emblemColor: {
            red: Number(c.emblemColor.red),
            green: Number(c.emblemColor.green),
            blue: Number(c.emblemColor.blue)
          }
        }
      : {}),
    dateLastPlayed: c.dateLastPlayed,
    minutesPlayedTotal: Number(c.minutesPlayedTotal) || 0
  };
}

/**
 * GetProfile, slimmed to what a vault needs: characters (most recently played first) and every item
 * with its owner, its slot bucket (from the definitions: vault items only say "vault"), power,
 * quantity and flags. Stacks get ids stable across refreshes as long as the stack stays put.
 */
export function slimProfile(
  membership: { membershipType: number; membershipId: string },
  input: ProfileInput,
  slotOf: SlotOf
): InventorySnapshot {
  const instances = input.itemComponents?.instances?.data ?? {};
  const stackCounts = new Map<string, number>();
  const items: InventoryItem[] = [];
  const add = (item: BungieItem, owner: ItemOwner, equipped: boolean) => {
    const slot =
      slotOf(item.itemHash) ??
      (item.bucketHash === BucketHashes.Vault || item.bucketHash === BucketHashes.LostItems
        ? 0
        : item.bucketHash);
    let id = item.itemInstanceId;
    if (!id) {
      const base = `${item.itemHash}:${owner}:${item.bucketHash}`;
      const n = stackCounts.get(base) ?? 0;
      stackCounts.set(base, n + 1);
      id = `${base}:${n}`;
    }
    const instance = item.itemInstanceId ? instances[item.itemInstanceId] : undefined;
    const power = instance?.primaryStat?.value;
    // Edge of Fate (2025) gear tiers, 1 to 5; older instances have none.
    const gearTier = instance?.gearTier;
    items.push({
      id,
      instanced: Boolean(item.itemInstanceId),
      hash: item.itemHash,
      bucketHash: slot,
      locationBucketHash: item.bucketHash,
      owner,
      equipped,
      ...(power !== undefined ? { power } : {}),
      ...(gearTier ? { gearTier } : {}),
      quantity: item.quantity,
      locked: (item.state & ItemState.Locked) !== 0,
      masterwork: (item.state & ItemState.Masterwork) !== 0,
      // Said only when set: crafting came in 2022, and most items are not crafted.
      ...((item.state & ItemState.Crafted) !== 0 && { crafted: true as const }),
      transferable: (item.transferStatus & TransferStatus.NotTransferrable) === 0
    });
  };
  for (const item of input.profileInventory?.data?.items ?? [])
    add(item, item.bucketHash === BucketHashes.Vault ? 'vault' : 'account', false);
  const characters = Object.values(input.characters?.data ?? {})
    .map(slimCharacter)
    .sort((a, b) => b.dateLastPlayed.localeCompare(a.dateLastPlayed));
  for (const { characterId } of characters) {
    for (const item of input.characterEquipment?.data?.[characterId]?.items ?? [])
      add(item, characterId, true);
    for (const item of input.characterInventories?.data?.[characterId]?.items ?? [])
      add(item, characterId, false);
  }
  const loadouts = input.characterLoadouts?.data;
  return {
    membershipType: membership.membershipType,
    membershipId: membership.membershipId,
    mintedAt: input.responseMintedTimestamp,
    characters,
    items,
    ...(loadouts && {
      inGameLoadouts: Object.fromEntries(
        characters.map(({ characterId }) => [
          characterId,
          (loadouts[characterId]?.loadouts ?? []).map((slot, index) => ({
            index,
            nameHash: slot.nameHash,
            iconHash: slot.iconHash,
            colorHash: slot.colorHash,
            // Bungie marks a slot's unused places with the instance id "0".
            itemIds: slot.items.map((i) => i.itemInstanceId).filter((id) => id && id !== '0')
          }))
        ])
      )
    })
  };
}
