import type {
  DestinyCharacterComponent,
  DestinyItemComponent,
  DestinyItemInstanceComponent
} from 'bungie-api-ts/destiny2';
import type { UserMembershipData } from 'bungie-api-ts/user';
import { VAULT_BUCKET } from './item-rules.ts';
import type { SimLoadout } from './loadouts.ts';

/** Bungie's types are read-only; the simulator changes items in place, as the game does. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Where an item is: the vault, an account-wide bucket, or a character (by id). */
export type Owner =
  { kind: 'vault' } | { kind: 'account' } | { kind: 'character'; characterId: string };

export interface SimItem {
  /** Bungie's item component, served as is and changed in place the way Bungie would change it. */
  component: Mutable<DestinyItemComponent>;
  instance: Mutable<DestinyItemInstanceComponent> | undefined;
  owner: Owner;
  equipped: boolean;
}

/** One player's Destiny account as the simulator holds it. Everything GetProfile returns comes from here. */
export interface SimAccount {
  membershipType: number;
  membershipId: string;
  memberships: UserMembershipData;
  characters: DestinyCharacterComponent[];
  /** In Bungie's order; a moved item goes to the end of its new list, as in a fresh GetProfile. */
  items: SimItem[];
  /** Components the simulator passes through unchanged (currencies, plug sets, sockets). */
  passthrough: Record<string, unknown>;
  dateLastPlayed: string;
  seasonHashes: number[];
  currentSeasonHash: number | undefined;
  /** Each character's in-game loadout slots (component 206), by character id. */
  loadouts: Record<string, SimLoadout[]>;
}

export function ownerOfProfileItem(item: DestinyItemComponent): Owner {
  return item.bucketHash === VAULT_BUCKET ? { kind: 'vault' } : { kind: 'account' };
}

export function isOnCharacter(item: SimItem, characterId: string): boolean {
  return item.owner.kind === 'character' && item.owner.characterId === characterId;
}

export function findCharacter(
  account: SimAccount,
  characterId: string
): DestinyCharacterComponent | undefined {
  return account.characters.find((c) => c.characterId === characterId);
}

export function findInstancedItem(account: SimAccount, itemId: string): SimItem | undefined {
  return account.items.find((i) => i.component.itemInstanceId === itemId);
}

/** Moves an item to the end of the list, as Bungie lists a newly arrived item last. */
export function moveToEnd(account: SimAccount, item: SimItem): void {
  const index = account.items.indexOf(item);
  if (index >= 0) account.items.splice(index, 1);
  account.items.push(item);
}

/** Builds a fresh account from a captured or generated profile; the input is not kept. */
export function accountFromProfile(input: {
  membershipType: number;
  membershipId: string;
  memberships: UserMembershipData;
  profile: {
    characters: Record<string, DestinyCharacterComponent>;
    profileInventory: DestinyItemComponent[];
    characterInventories: Record<string, DestinyItemComponent[]>;
    characterEquipment: Record<string, DestinyItemComponent[]>;
    instances: Record<string, DestinyItemInstanceComponent>;
  };
  passthrough: Record<string, unknown>;
  seasonHashes?: number[];
  currentSeasonHash?: number;
}): SimAccount {
  const { profile } = input;
  const instanceOf = (c: DestinyItemComponent) =>
    c.itemInstanceId ? profile.instances[c.itemInstanceId] : undefined;
  const items: SimItem[] = profile.profileInventory.map((component) => ({
    component,
    instance: instanceOf(component),
    owner: ownerOfProfileItem(component),
    equipped: false
  }));
  const characters = Object.values(profile.characters);
  for (const character of characters) {
    const characterId = character.characterId;
    for (const component of profile.characterInventories[characterId] ?? []) {
      items.push({
        component,
        instance: instanceOf(component),
        owner: { kind: 'character', characterId },
        equipped: false
      });
    }
    for (const component of profile.characterEquipment[characterId] ?? []) {
      items.push({
        component,
        instance: instanceOf(component),
        owner: { kind: 'character', characterId },
        equipped: true
      });
    }
  }
  const dateLastPlayed =
    characters
      .map((c) => c.dateLastPlayed)
      .sort()
      .at(-1) ?? new Date(0).toISOString();
  return {
    membershipType: input.membershipType,
    membershipId: input.membershipId,
    memberships: input.memberships,
    characters,
    items,
    passthrough: input.passthrough,
    dateLastPlayed,
    seasonHashes: input.seasonHashes ?? [],
    currentSeasonHash: input.currentSeasonHash,
    // The world seeds the slots (empty, or filled for a generated account).
    loadouts: {}
  };
}
