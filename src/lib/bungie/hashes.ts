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
