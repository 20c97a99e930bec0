/** Named Bungie hashes the app relies on (values from Bungie's definitions). */
export const BucketHashes = {
  Vault: 138197802,
  LostItems: 215593132,
  Subclass: 3284755031,
  KineticWeapons: 1498876634,
  EnergyWeapons: 2465295065,
  PowerWeapons: 953998645,
  Helmet: 3448274439,
  Gauntlets: 3551918588,
  ChestArmor: 14239492,
  LegArmor: 20886954,
  ClassArmor: 1585787867,
  Ghost: 4023194814,
  Vehicle: 2025709351,
  Ships: 284967655,
  Emblems: 4274335291,
  Finishers: 3683254069,
  Emotes: 3054419239,
  Engrams: 375726501,
  SeasonalArtifact: 1506418338,
  Consumables: 1469714392,
  Modifications: 3313201758
} as const;

/** DestinyItemState bits. */
export const ItemState = { Locked: 1, Tracked: 2, Masterwork: 4, Crafted: 8 } as const;

/** TransferStatuses bits. */
export const TransferStatus = {
  ItemIsEquipped: 1,
  NotTransferrable: 2,
  NoRoomInDestination: 4
} as const;

export const XUR_VENDOR_HASH = 2190858386;

/**
 * Currencies by hash, named here because the bundled definitions lack them (Legendary Shards, what
 * Xûr asks for his exotics); a published definition's name wins where there is one.
 */
export const CURRENCY_NAMES: Readonly<Record<number, string>> = { 1022552290: 'Legendary Shards' };

/**
 * Stat hashes the item sheet orders and treats specially. The six armor stats kept their hashes
 * when Edge of Fate (2025) renamed them (Mobility…Strength became Weapons, Health, Class, Grenade,
 * Super, Melee): names always come from the stat table, never from here.
 */
export const StatHashes = {
  RoundsPerMinute: 4284893193,
  ChargeTime: 2961396640,
  DrawTime: 447667954,
  BlastRadius: 3614673599,
  Velocity: 2523465841,
  SwingSpeed: 2837207746,
  Impact: 4043523819,
  Range: 1240592695,
  ShieldDuration: 1842278586,
  GuardEfficiency: 2762071195,
  GuardResistance: 209426660,
  Accuracy: 1591432999,
  Stability: 155624089,
  Handling: 943549884,
  ChargeRate: 3022301683,
  GuardEndurance: 3736848092,
  ReloadSpeed: 4188031367,
  AimAssistance: 1345609583,
  AirborneEffectiveness: 2714457168,
  Zoom: 3555269338,
  RecoilDirection: 2715839340,
  Magazine: 3871231066,
  AmmoCapacity: 925767036,
  /** Mobility before 2025. */
  Weapons: 2996146975,
  /** Resilience before 2025. */
  Health: 392767087,
  /** Recovery before 2025. */
  Class: 1943323491,
  /** Discipline before 2025. */
  Grenade: 1735777505,
  /** Intellect before 2025. */
  Super: 144602215,
  /** Strength before 2025. */
  Melee: 4244567218
} as const;

/** TierType as players name it. */
export const TIER_NAMES: Readonly<Record<number, string>> = {
  6: 'Exotic',
  5: 'Legendary',
  4: 'Rare',
  3: 'Common',
  2: 'Basic'
};

/** DamageType as players name it (Thermal is Solar in game). */
export const DAMAGE_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'Kinetic',
  2: 'Arc',
  3: 'Solar',
  4: 'Void',
  6: 'Stasis',
  7: 'Strand'
};
