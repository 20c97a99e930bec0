import type { InGameLoadout, InventoryItem } from '../inventory/model.ts';
import type { PlanRules } from '../moves/plan.ts';
import type { LoadoutIdentifiers } from '../shards/small-tables.ts';
import { planLoadoutApply, type LoadoutApplication } from './apply-loadout.ts';

/**
 * Equipping an in-game loadout: Bungie's EquipLoadout takes only items already on the character,
 * so its items not there are brought first (through the vault, making room as any move does, never
 * moving another of them aside), then one `equip-loadout` move asks Bungie to equip the slot with
 * its mods and subclass setup. Nothing is queued when an item left the account or cannot come.
 */
export function planInGameEquip(
  slot: InGameLoadout,
  characterId: string,
  items: readonly InventoryItem[],
  rules: Pick<PlanRules, 'characters' | 'definition'>
): LoadoutApplication {
  const refs = slot.itemIds.map((id) => ({ id, hash: items.find((i) => i.id === id)?.hash ?? 0 }));
  const bring = planLoadoutApply({ equipped: [], unequipped: refs }, characterId, items, rules);
  const first = items.find((i) => i.id === slot.itemIds[0]);
  if (!first || bring.missing.length || bring.refused.length) return { ...bring, moves: [] };
  return {
    ...bring,
    moves: [
      ...bring.moves,
      {
        item: first,
        request: {
          kind: 'equip-loadout',
          to: characterId,
          loadoutIndex: slot.index,
          itemIds: slot.itemIds
        }
      }
    ],
    itemCount: slot.itemIds.length
  };
}

/** A slot's name as the game shows it, or its place when it has none (empty, or tables not here). */
export function inGameName(
  slot: InGameLoadout,
  identifiers: LoadoutIdentifiers | undefined
): string {
  const name = identifiers?.names[slot.nameHash];
  return slot.itemIds.length && name ? name : `Slot ${slot.index + 1}`;
}
