/**
 * The generated data set's armor sets, shaped as Bungie's `DestinyEquipableItemSetDefinition`
 * (Edge of Fate onward): a few sets, each with a 2-piece and a 4-piece bonus that is a sandbox
 * perk. Plainly generated names ("Generated Set 1"): the real 2021 data has no sets, and none are
 * made up as if real. A piece names its set in `equippingBlock.equipableItemSetHash`, as Bungie's
 * definitions do; the sets' `setItems` stay empty here (the app reads the pieces' own link).
 */

const SET_BASE = 3_899_400_000;
const SANDBOX_PERK_BASE = 3_899_500_000;
export const ARMOR_SET_COUNT = 6;

/**
 * The set of generated item `index`, if any: legendary armor only, two pieces in three of it, by
 * index alone (no draw from the seeded generator, so an account stays the same item for item).
 */
export function armorSetOf(index: number, itemType: number, tierType: number): number | undefined {
  if (itemType !== 2 || tierType !== 5) return undefined;
  const group = Math.floor(index / 10);
  // Every set in turn over the groups that have one.
  return group % 3 === 2
    ? undefined
    : SET_BASE + ((group - Math.floor(group / 3)) % ARMOR_SET_COUNT);
}

/** The two manifest tables the sets need, by component name. */
export function armorSetTables(): Record<string, unknown> {
  const sets: Record<string, unknown> = {};
  const perks: Record<string, unknown> = {};
  for (let n = 0; n < ARMOR_SET_COUNT; n++) {
    const hash = SET_BASE + n;
    const name = `Generated Set ${n + 1}`;
    const setPerks = [2, 4].map((pieces, i) => {
      const perkHash = SANDBOX_PERK_BASE + n * 2 + i;
      perks[perkHash] = {
        displayProperties: {
          name: `${name} ${pieces}-piece bonus`,
          description: `A generated bonus: active while ${pieces} pieces of ${name} are worn.`,
          hasIcon: false
        },
        perkIdentifier: `generated_set_${n + 1}_${pieces}`,
        isDisplayable: true,
        damageType: 0,
        hash: perkHash,
        index: n * 2 + i,
        redacted: false,
        blacklisted: false
      };
      return { requiredSetCount: pieces, sandboxPerkHash: perkHash };
    });
    sets[hash] = {
      displayProperties: { name, description: '', hasIcon: false },
      setItems: [],
      setPerks,
      hash,
      index: n,
      redacted: false,
      blacklisted: false
    };
  }
  return { DestinyEquipableItemSetDefinition: sets, DestinySandboxPerkDefinition: perks };
}
