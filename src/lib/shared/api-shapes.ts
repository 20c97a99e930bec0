/** Request and response bodies of Vault Raider's own /api, shared by the edge and the browser. */

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface MembershipSummary {
  membershipType: number;
  membershipId: string;
  displayName: string;
  /** "PlayStation", "Steam", … */
  platform: string;
  /** Another membership holds this one's data under cross save; it cannot be chosen. */
  overridden: boolean;
}

export interface MeResponse {
  displayName: string;
  bungieNetId: string;
  memberships: MembershipSummary[];
  chosen: { membershipType: number; membershipId: string };
}

export interface ChooseMembershipRequest {
  membershipType: number;
  membershipId: string;
}

/** Where an item is: the vault, an account-wide bucket, or a character (its id). */
export type ItemOwner = 'vault' | 'account' | (string & {});

export interface CharacterSummary {
  characterId: string;
  /** 0 Titan, 1 Hunter, 2 Warlock. */
  classType: number;
  classHash: number;
  light: number;
  raceType: number;
  genderType: number;
  emblemPath?: string;
  emblemBackgroundPath?: string;
  emblemColor?: { red: number; green: number; blue: number };
  dateLastPlayed: string;
  minutesPlayedTotal: number;
}

export interface InventoryItem {
  /** The instance id, or for a stack a key stable across refreshes: `<hash>:<owner>:<bucket>:<n>`. */
  id: string;
  instanced: boolean;
  hash: number;
  /** The slot bucket from the item's definition (where it goes on a character); 0 when unknown. */
  bucketHash: number;
  /** The bucket it sits in now: the vault (138197802), the postmaster (215593132), or its slot. */
  locationBucketHash: number;
  owner: ItemOwner;
  equipped: boolean;
  power?: number;
  quantity: number;
  locked: boolean;
  masterwork: boolean;
  transferable: boolean;
}

/** `GET /api/profile`: the player's characters and items, slimmed at the edge. */
export interface ProfileResponse {
  membershipType: number;
  membershipId: string;
  /** Bungie's `responseMintedTimestamp`: a client keeps the newest it has seen. */
  mintedAt: string;
  characters: CharacterSummary[];
  items: InventoryItem[];
}

/**
 * `GET /api/profile` answers `304` with no body when the `If-None-Match` tag names the content it
 * would send; this header carries Bungie's mint time on every answer, 304 included.
 */
export const MINTED_AT_HEADER = 'Profile-Minted-At';

export interface ConfigResponse {
  /** Where item icons come from: Bungie.net, or the simulator locally. */
  imageOrigin: string;
}

export interface XurSaleItem {
  hash: number;
  /** The item's slot bucket, so the device can fetch its definitions shard; 0 when unknown. */
  bucketHash: number;
  costs: { hash: number; quantity: number }[];
}

/** `GET /api/vendors/xur`: what Xûr sells this week, or that he is away. */
export interface XurResponse {
  present: boolean;
  /** When his stock next changes. */
  nextRefreshDate?: string;
  items: XurSaleItem[];
  fetchedAt: string;
}

/** `POST /api/actions/*`: Bungie carried the action out. Refusals come as an error body instead. */
export interface ActionResponse {
  ok: true;
}

/** Every action names the Destiny account it was made for; the edge refuses it for any other. */
export interface ActionTarget {
  membershipId?: string;
}

export interface TransferRequest extends ActionTarget {
  /** The instance id, or "0" for a stack. */
  itemId: string;
  itemHash: number;
  stackSize: number;
  characterId: string;
  toVault: boolean;
}

export interface EquipRequest extends ActionTarget {
  itemId: string;
  characterId: string;
}

export interface PullRequest extends ActionTarget {
  itemId: string;
  itemHash: number;
  stackSize: number;
  characterId: string;
}

export interface LockRequest extends ActionTarget {
  itemId: string;
  characterId: string;
  locked: boolean;
}
