import {
  describeApplication,
  planLoadoutApply,
  type LoadoutApplication
} from '$lib/domain/loadouts/apply-loadout';
import { loadoutFromCharacter } from '$lib/domain/loadouts/loadout-from-character';
import { planInGameEquip } from '$lib/domain/loadouts/in-game';
import type { InGameLoadout } from '$lib/domain/inventory/model';
import type { Loadout } from '$lib/domain/player-data/shapes';
import type { ActionResponse, LoadoutIdentifiersRequest } from '$lib/shared/api-shapes';
import { postApi } from './api';
import { database } from './db/database';
import { farming } from './farming.svelte';
import { moves } from './moves/moves.svelte';
import { playerData } from './player-data/player-data.svelte';
import { vault } from './vault.svelte';

/**
 * Queues a loadout onto a character, as one application in the outbox: planned from what the
 * device shows now, then carried out (and re-planned per item against Bungie) by the runner.
 * What it will do, in words for the player; undefined with no account on the device.
 */
export async function applyLoadout(
  loadout: Loadout,
  characterId: string,
  characterName: string
): Promise<{ application: LoadoutApplication; words: string } | undefined> {
  const profile = vault.profile;
  if (!profile) return undefined;
  const application = planLoadoutApply(loadout, characterId, vault.items, vault.planRules(profile));
  // Applying a loadout ends farming: the player has chosen what the character carries.
  farming.stop();
  await moves.queueMany(application.moves, {
    applyId: crypto.randomUUID(),
    loadoutId: loadout.id,
    name: loadout.name,
    itemCount: application.itemCount,
    itemIds: application.itemIds
  });
  return { application, words: describeApplication(application, loadout.name, characterName) };
}

/** Saves what a character has equipped (and carries, when asked) as a new loadout. */
export async function saveEquipped(
  characterId: string,
  name: string,
  includeCarried: boolean
): Promise<Loadout | undefined> {
  const character = vault.profile?.characters.find((c) => c.characterId === characterId);
  if (!character) return undefined;
  const loadout = loadoutFromCharacter(character, vault.items, {
    id: crypto.randomUUID(),
    name,
    includeCarried,
    now: Date.now()
  });
  await playerData.edit([{ action: 'loadout', loadout }]);
  return loadout;
}

/**
 * Queues one of a character's in-game loadouts: its items brought to the character, then Bungie's
 * EquipLoadout, as one application in the outbox (offline too). What it will do, in words.
 */
export async function equipInGameLoadout(
  slot: InGameLoadout,
  characterId: string,
  characterName: string,
  name: string
): Promise<string | undefined> {
  const profile = vault.profile;
  if (!profile) return undefined;
  const plan = planInGameEquip(slot, characterId, vault.items, vault.planRules(profile));
  if (plan.moves.length) {
    farming.stop();
    await moves.queueMany(plan.moves, {
      applyId: crypto.randomUUID(),
      loadoutId: inGameLoadoutId(characterId, slot.index),
      name,
      itemCount: plan.itemCount,
      itemIds: plan.itemIds
    });
  }
  return describeApplication(plan, name, characterName);
}

/** The id an in-game slot's application is tagged with, to find its progress. */
export const inGameLoadoutId = (characterId: string, index: number) =>
  `in-game:${characterId}:${index}`;

/**
 * Saves what the character has equipped into a slot, renames or recolours one, or clears one:
 * Bungie's own actions, online only; the slots shown are read again after.
 */
export async function changeInGameSlot(
  action: 'snapshot' | 'identifiers' | 'clear',
  request: LoadoutIdentifiersRequest
): Promise<void> {
  const membershipId = vault.profile?.membershipId;
  await postApi<ActionResponse>(`/api/actions/loadouts/${action}`, {
    ...request,
    ...(membershipId && { membershipId })
  });
  await vault.refresh(database(), { after: true });
}
