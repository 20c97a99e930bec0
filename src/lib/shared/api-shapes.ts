/**
 * Request and response bodies of Vault Raider's own /api, shared by the edge and the browser. The
 * inventory's shapes belong to the domain (`domain/inventory/model.ts`); the wire carries them as
 * they are, so they are named here from there.
 */
import type { ItemDetails } from '../domain/inventory/item-details.ts';
import type { InventorySnapshot, VendorStock } from '../domain/inventory/model.ts';
import type { FirstScreenDefinitions } from '../domain/shards/first-screen.ts';

export type {
  CharacterSummary,
  InventoryItem,
  ItemOwner,
  VendorSaleItem as XurSaleItem
} from '../domain/inventory/model.ts';

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

/**
 * `GET /api/profile`: the player's characters and items, slimmed at the edge, with each instance's
 * sockets and plug objectives for the item sheet (absent from answers stored before they existed).
 */
export type ProfileResponse = InventorySnapshot & { itemDetails?: ItemDetails };

/**
 * `GET /api/profile` answers `304` with no body when the `If-None-Match` tag names the content it
 * would send; this header carries Bungie's mint time on every answer, 304 included.
 */
export const MINTED_AT_HEADER = 'Profile-Minted-At';

/**
 * `GET /api/profile` without the item details (sockets and plugs), which Bungie is then not asked
 * for: where every item is, for a reader that needs nothing else (the move runner).
 */
export const PLACEMENT_PATH = '/api/profile?details=none';

/**
 * `GET /api/profile?with=definitions`: a first visit's profile, which also carries what the vault
 * is painted with before any shard is on the device. The first screen then waits for this one
 * request after the app's code, not for the profile and then the definitions of its items (with
 * the shard index and then the tables alongside). Its ETag is the profile's, as a refresh gets it.
 */
export const FIRST_VISIT_PROFILE_PATH = '/api/profile?with=definitions';

/**
 * A first visit's profile; `definitions` is absent when the edge has none to give (before the
 * first publish, or when reading them failed): the device then waits for the shards.
 */
export type FirstVisitProfileResponse = ProfileResponse & { definitions?: FirstScreenDefinitions };

export interface ConfigResponse {
  /** Where item icons come from: Bungie.net, or the simulator locally. */
  imageOrigin: string;
  /** The VAPID public key for push notices (base64url); null when this deployment sends none. */
  pushKey: string | null;
}

/** `GET /api/notices/xur`: what this deployment can send, and the player's email wish. */
export interface XurNoticesResponse {
  /** Push notices offered (the deployment has VAPID keys). */
  push: boolean;
  /** Email offered (the deployment has a mail API). */
  mail: boolean;
  email: { address: string; confirmed: boolean } | null;
}

/** `GET /api/vendors/xur`: what Xûr sells this week, or that he is away. */
export type XurResponse = VendorStock;

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

/** One of a character's in-game loadout slots, for Bungie's Loadouts actions. */
export interface LoadoutSlotRequest extends ActionTarget {
  characterId: string;
  loadoutIndex: number;
}

/** A slot saved (or renamed) with identifiers from their tables; one left out keeps the slot's. */
export interface LoadoutIdentifiersRequest extends LoadoutSlotRequest {
  nameHash?: number;
  iconHash?: number;
  colorHash?: number;
}

/** Several items equipped on one character in one call (Bungie's EquipItems). */
export interface EquipItemsRequest extends ActionTarget {
  itemIds: string[];
  characterId: string;
}

/** Each item's own result: equipped, or refused with the code and words of a single action's refusal. */
export interface EquipItemsResponse {
  results: (
    { itemId: string; ok: true } | { itemId: string; ok: false; code: string; message: string }
  )[];
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
