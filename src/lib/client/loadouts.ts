import {
  describeApplication,
  planLoadoutApply,
  type LoadoutApplication
} from '$lib/domain/loadouts/apply-loadout';
import { loadoutFromCharacter } from '$lib/domain/loadouts/loadout-from-character';
import type { Loadout } from '$lib/domain/player-data/shapes';
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
