import { isOnCharacter, type SimAccount } from './account.ts';
import { SimError } from './errors.ts';
import { equipItem, type EquipOptions, type RuleBook } from './game-rules.ts';

/**
 * In-game loadouts (component 206, CharacterLoadouts, and the four Loadouts actions), shaped from
 * the OpenAPI spec. No real component 206 or loadout identifier tables exist in the bundled data:
 * the name, icon and colour tables here are labelled stand-ins ("Simulated name 3"), and a real
 * account's slots start empty (it predates in-game loadouts).
 */

/** One slot of a character (DestinyLoadoutComponent); an empty slot holds no item. */
export interface SimLoadout {
  colorHash: number;
  iconHash: number;
  nameHash: number;
  items: { itemInstanceId: string; plugItemHashes: number[] }[];
}

/** Slots per character, as DestinyLoadoutConstantsDefinition.loadoutCountPerCharacter says. */
export const LOADOUT_SLOTS = 10;
const IDENTIFIERS = 12;
/** Stand-in hashes, far from any real definition's: names, icons, colours. */
const NAME_BASE = 3_900_000_000;
const ICON_BASE = 3_910_000_000;
const COLOR_BASE = 3_920_000_000;
const CONSTANTS_HASH = 3_930_000_000;

const range = (base: number) => Array.from({ length: IDENTIFIERS }, (_, n) => base + n);
export const NAME_HASHES = range(NAME_BASE);
export const ICON_HASHES = range(ICON_BASE);
export const COLOR_HASHES = range(COLOR_BASE);

const definition = (hash: number, index: number, fields: Record<string, unknown>) => ({
  ...fields,
  hash,
  index,
  redacted: false,
  blacklisted: false
});

/** The small tables the manifest lists for in-game loadouts, keyed by hash as Bungie serves them. */
export function loadoutTables(): Record<string, Record<string, unknown>> {
  const table = (hashes: number[], fields: (n: number) => Record<string, unknown>) =>
    Object.fromEntries(hashes.map((hash, n) => [hash, definition(hash, n, fields(n))]));
  return {
    DestinyLoadoutNameDefinition: table(NAME_HASHES, (n) => ({ name: `Simulated name ${n + 1}` })),
    DestinyLoadoutIconDefinition: table(ICON_HASHES, (n) => ({
      iconImagePath: `/img/sim/loadout-icon-${n + 1}.png`
    })),
    DestinyLoadoutColorDefinition: table(COLOR_HASHES, (n) => ({
      colorImagePath: `/img/sim/loadout-color-${n + 1}.png`
    })),
    DestinyLoadoutConstantsDefinition: {
      [CONSTANTS_HASH]: definition(CONSTANTS_HASH, 0, {
        displayProperties: { name: 'Loadouts (simulated)', description: '', hasIcon: false },
        whiteIconImagePath: '/img/sim/loadout-white.png',
        blackIconImagePath: '/img/sim/loadout-black.png',
        loadoutCountPerCharacter: LOADOUT_SLOTS,
        loadoutPreviewFilterOutSocketCategoryHashes: [],
        loadoutPreviewFilterOutSocketTypeHashes: [],
        loadoutNameHashes: NAME_HASHES,
        loadoutIconHashes: ICON_HASHES,
        loadoutColorHashes: COLOR_HASHES
      })
    }
  };
}

const emptySlot = (): SimLoadout => ({
  colorHash: COLOR_HASHES[0]!,
  iconHash: ICON_HASHES[0]!,
  nameHash: NAME_HASHES[0]!,
  items: []
});

/** The items a character has equipped, as a slot holds them. */
function equippedItems(account: SimAccount, characterId: string): SimLoadout['items'] {
  return account.items
    .filter((i) => i.equipped && isOnCharacter(i, characterId) && i.component.itemInstanceId)
    .map((i) => ({ itemInstanceId: i.component.itemInstanceId!, plugItemHashes: [] }));
}

/**
 * Every character's slots: all empty, or (`generated`) the first two of each filled with what it
 * has equipped now, named and coloured by stand-ins.
 */
export function seedLoadouts(
  account: SimAccount,
  mode: 'empty' | 'generated'
): Record<string, SimLoadout[]> {
  return Object.fromEntries(
    account.characters.map((character, c) => {
      const slots = Array.from({ length: LOADOUT_SLOTS }, emptySlot);
      if (mode === 'generated')
        for (const n of [0, 1])
          slots[n] = {
            nameHash: NAME_HASHES[(c * 2 + n + 1) % IDENTIFIERS]!,
            iconHash: ICON_HASHES[(c + n + 1) % IDENTIFIERS]!,
            colorHash: COLOR_HASHES[(c + 2 * n + 1) % IDENTIFIERS]!,
            items: equippedItems(account, character.characterId)
          };
      return [character.characterId, slots];
    })
  );
}

export interface LoadoutRequest {
  characterId: string;
  loadoutIndex: number;
}

export interface IdentifiersRequest extends LoadoutRequest {
  nameHash?: number | null;
  iconHash?: number | null;
  colorHash?: number | null;
}

function slotOf(account: SimAccount, request: LoadoutRequest): SimLoadout[] {
  const slots = account.loadouts[request.characterId];
  if (!slots) throw new SimError(1620);
  if (!Number.isInteger(request.loadoutIndex) || !slots[request.loadoutIndex])
    throw new SimError(18);
  return slots;
}

/** Identifiers must come from their tables; a missing one keeps the slot's own. */
function identifiers(slot: SimLoadout, request: IdentifiersRequest) {
  const pick = (asked: number | null | undefined, allowed: number[], current: number) => {
    if (asked === undefined || asked === null) return current;
    if (!allowed.includes(asked)) throw new SimError(18);
    return asked;
  };
  return {
    nameHash: pick(request.nameHash, NAME_HASHES, slot.nameHash),
    iconHash: pick(request.iconHash, ICON_HASHES, slot.iconHash),
    colorHash: pick(request.colorHash, COLOR_HASHES, slot.colorHash)
  };
}

/** SnapshotLoadout: the slot takes what the character has equipped now, and the identifiers given. */
export function snapshotLoadout(account: SimAccount, request: IdentifiersRequest): void {
  const slots = slotOf(account, request);
  const slot = slots[request.loadoutIndex]!;
  slots[request.loadoutIndex] = {
    ...identifiers(slot, request),
    items: equippedItems(account, request.characterId)
  };
}

/** UpdateLoadoutIdentifiers: a new name, icon or colour; the items stay. */
export function updateLoadoutIdentifiers(account: SimAccount, request: IdentifiersRequest): void {
  const slots = slotOf(account, request);
  const slot = slots[request.loadoutIndex]!;
  slots[request.loadoutIndex] = { ...slot, ...identifiers(slot, request) };
}

/** ClearLoadout: the slot is empty again. */
export function clearLoadout(account: SimAccount, request: LoadoutRequest): void {
  const slots = slotOf(account, request);
  slots[request.loadoutIndex] = emptySlot();
}

/**
 * EquipLoadout: in orbit or a social space only (1671); an empty slot is refused (18); every item
 * must be on the character already (1623; the game does not fetch them), then each is equipped
 * as EquipItem would, exotics by the same rule.
 */
export function equipLoadout(
  account: SimAccount,
  book: RuleBook,
  request: LoadoutRequest,
  options: EquipOptions
): void {
  const slot = slotOf(account, request)[request.loadoutIndex]!;
  if (options.inActivity) throw new SimError(1671);
  if (!slot.items.length) throw new SimError(18);
  const items = slot.items.map((entry) =>
    account.items.find((i) => i.component.itemInstanceId === entry.itemInstanceId)
  );
  if (items.some((i) => !i || !isOnCharacter(i, request.characterId))) throw new SimError(1623);
  // Items that carry no exotic rule go on first, so an exotic the loadout replaces is gone first.
  const ordered = [...slot.items].sort(
    (a, b) =>
      exoticRank(account, book, a.itemInstanceId) - exoticRank(account, book, b.itemInstanceId)
  );
  for (const entry of ordered)
    equipItem(
      account,
      book,
      { itemId: entry.itemInstanceId, characterId: request.characterId },
      options
    );
}

function exoticRank(account: SimAccount, book: RuleBook, itemId: string): number {
  const item = account.items.find((i) => i.component.itemInstanceId === itemId);
  return item && book.itemRules(item.component.itemHash)?.uniqueLabel ? 1 : 0;
}
