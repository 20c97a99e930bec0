// Over 200 lines: the game's item rules (transfer, equip, pull, lock) share their checks.
import type { DestinyItemComponent } from 'bungie-api-ts/destiny2';
import {
  findCharacter,
  findInstancedItem,
  isOnCharacter,
  moveToEnd,
  type Owner,
  type SimAccount,
  type SimItem
} from './account.ts';
import { characterCapacity, type BucketTable } from './buckets.ts';
import { SimError } from './errors.ts';
import { POSTMASTER_BUCKET, VAULT_BUCKET, type ItemRules } from './item-rules.ts';

/** What the rules read besides the account: the item and bucket definitions. */
export interface RuleBook {
  itemRules(hash: number): ItemRules | undefined;
  buckets: BucketTable;
}

// DestinyItemState and TransferStatuses are bit flags (Bungie's enums).
const STATE_LOCKED = 1;
const TRANSFER_ITEM_IS_EQUIPPED = 1;
const TRANSFER_NOT_TRANSFERRABLE = 2;
const LOCATION_INVENTORY = 1;
const LOCATION_VAULT = 2;

export interface TransferRequest {
  itemReferenceHash: number;
  stackSize: number;
  transferToVault: boolean;
  itemId: string;
  characterId: string;
}

export interface ItemActionRequest {
  itemId: string;
  characterId: string;
}

export interface PullRequest extends ItemActionRequest {
  itemReferenceHash: number;
  stackSize: number;
}

function requireCharacter(account: SimAccount, characterId: string) {
  const character = findCharacter(account, characterId);
  if (!character) throw new SimError(1620);
  return character;
}

/** Instanced items by id; stacks (itemId "0" or absent) by hash at the given owner. */
function findSourceItem(
  account: SimAccount,
  request: { itemId: string; itemReferenceHash: number },
  at: (item: SimItem) => boolean
) {
  const byId =
    request.itemId && request.itemId !== '0'
      ? findInstancedItem(account, request.itemId)
      : undefined;
  if (byId) return at(byId) ? byId : undefined;
  if (request.itemId && request.itemId !== '0') return undefined;
  return account.items.find(
    (i) =>
      !i.component.itemInstanceId && i.component.itemHash === request.itemReferenceHash && at(i)
  );
}

function requireRules(book: RuleBook, item: SimItem): ItemRules {
  const rules = book.itemRules(item.component.itemHash);
  // The bundled data lacks some definitions; without one the slot is unknown, so it stays put.
  if (!rules) throw new SimError(1660);
  return rules;
}

function isTransferrable(item: SimItem, rules: ItemRules): boolean {
  return (
    !rules.nonTransferrable && (item.component.transferStatus & TRANSFER_NOT_TRANSFERRABLE) === 0
  );
}

function countInBucket(account: SimAccount, owner: Owner, bucketHash: number): number {
  return account.items.filter(
    (i) => !i.equipped && sameOwner(i.owner, owner) && i.component.bucketHash === bucketHash
  ).length;
}

function sameOwner(a: Owner, b: Owner): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'character' || (b.kind === 'character' && a.characterId === b.characterId);
}

function capacityAt(book: RuleBook, owner: Owner, bucketHash: number): number {
  const bucket = book.buckets.get(bucketHash);
  if (!bucket) return 0;
  return owner.kind === 'character' ? characterCapacity(bucket) : bucket.itemCount;
}

/**
 * Puts `stackSize` of `item` at `owner`/`bucketHash`: merges into a stack of the same item there
 * when it has room, else takes a free slot (1642 when there is none). Partial stacks split.
 */
function place(
  account: SimAccount,
  book: RuleBook,
  item: SimItem,
  rules: ItemRules,
  stackSize: number,
  owner: Owner,
  bucketHash: number,
  location: number
): void {
  const isStack = !item.component.itemInstanceId;
  const amount = isStack ? Math.min(Math.max(stackSize, 1), item.component.quantity) : 1;
  const merge = isStack
    ? account.items.find(
        (i) =>
          i !== item &&
          !i.component.itemInstanceId &&
          i.component.itemHash === item.component.itemHash &&
          sameOwner(i.owner, owner) &&
          i.component.bucketHash === bucketHash &&
          i.component.quantity + amount <= rules.maxStackSize
      )
    : undefined;
  if (!merge && countInBucket(account, owner, bucketHash) >= capacityAt(book, owner, bucketHash)) {
    throw new SimError(1642);
  }
  const whole = amount >= item.component.quantity;
  if (merge) {
    merge.component.quantity += amount;
    if (whole) account.items.splice(account.items.indexOf(item), 1);
    else item.component.quantity -= amount;
    return;
  }
  let moving = item;
  if (!whole) {
    item.component.quantity -= amount;
    const component: DestinyItemComponent = { ...item.component, quantity: amount };
    moving = { component, instance: undefined, owner, equipped: false };
    account.items.push(moving);
  }
  moving.owner = owner;
  moving.component.bucketHash = bucketHash;
  moving.component.location = location;
  moveToEnd(account, moving);
}

export function transferItem(account: SimAccount, book: RuleBook, request: TransferRequest): void {
  const character = requireCharacter(account, request.characterId);
  if (request.transferToVault) {
    // Only from this character's inventory: the postmaster needs PullFromPostmaster first.
    const item = findSourceItem(
      account,
      request,
      (i) => isOnCharacter(i, character.characterId) && i.component.bucketHash !== POSTMASTER_BUCKET
    );
    if (!item) throw new SimError(1623);
    if (item.equipped) throw new SimError(1656);
    const rules = requireRules(book, item);
    if (!isTransferrable(item, rules)) throw new SimError(1660);
    place(
      account,
      book,
      item,
      rules,
      request.stackSize,
      { kind: 'vault' },
      VAULT_BUCKET,
      LOCATION_VAULT
    );
    return;
  }
  // From the vault only: Bungie has no character-to-character transfer and answers "not found".
  const item = findSourceItem(account, request, (i) => i.owner.kind === 'vault');
  if (!item) throw new SimError(1623);
  const rules = requireRules(book, item);
  if (!isTransferrable(item, rules)) throw new SimError(1660);
  place(
    account,
    book,
    item,
    rules,
    request.stackSize,
    { kind: 'character', characterId: character.characterId },
    rules.bucketHash,
    LOCATION_INVENTORY
  );
}

export function pullFromPostmaster(
  account: SimAccount,
  book: RuleBook,
  request: PullRequest
): void {
  const character = requireCharacter(account, request.characterId);
  const item = findSourceItem(
    account,
    request,
    (i) => isOnCharacter(i, character.characterId) && i.component.bucketHash === POSTMASTER_BUCKET
  );
  if (!item) throw new SimError(1623);
  const rules = requireRules(book, item);
  const bucket = book.buckets.get(rules.bucketHash);
  const owner: Owner =
    bucket?.scope === 1
      ? { kind: 'account' }
      : { kind: 'character', characterId: character.characterId };
  place(account, book, item, rules, request.stackSize, owner, rules.bucketHash, LOCATION_INVENTORY);
}

export interface EquipOptions {
  /** Characters in an activity can't change gear (1671). */
  inActivity: boolean;
}

export function equipItem(
  account: SimAccount,
  book: RuleBook,
  request: ItemActionRequest,
  options: EquipOptions
): void {
  const character = requireCharacter(account, request.characterId);
  const item = findInstancedItem(account, request.itemId);
  if (
    !item ||
    !isOnCharacter(item, character.characterId) ||
    item.component.bucketHash === POSTMASTER_BUCKET
  ) {
    throw new SimError(1623);
  }
  if (options.inActivity) throw new SimError(1671);
  if (item.equipped) return;
  const rules = requireRules(book, item);
  if (!rules.equippable) throw new SimError(1640);
  if (rules.classType !== 3 && rules.classType !== character.classType) throw new SimError(1640);
  const onCharacter = account.items.filter(
    (i) => i.equipped && isOnCharacter(i, character.characterId)
  );
  if (rules.uniqueLabel) {
    const clash = onCharacter.find(
      (i) =>
        i.component.bucketHash !== rules.bucketHash &&
        book.itemRules(i.component.itemHash)?.uniqueLabel === rules.uniqueLabel
    );
    if (clash) throw new SimError(1641);
  }
  const previous = onCharacter.find((i) => i.component.bucketHash === rules.bucketHash);
  if (previous) setEquipped(previous, false);
  setEquipped(item, true);
}

function setEquipped(item: SimItem, equipped: boolean): void {
  item.equipped = equipped;
  item.component.transferStatus = equipped
    ? item.component.transferStatus | TRANSFER_ITEM_IS_EQUIPPED
    : item.component.transferStatus & ~TRANSFER_ITEM_IS_EQUIPPED;
  if (item.instance) item.instance.isEquipped = equipped;
}

export function setLockState(
  account: SimAccount,
  request: ItemActionRequest & { state: boolean }
): void {
  requireCharacter(account, request.characterId);
  const item = findInstancedItem(account, request.itemId);
  if (!item) throw new SimError(1623);
  if (!item.component.lockable) throw new SimError(1663);
  item.component.state = request.state
    ? item.component.state | STATE_LOCKED
    : item.component.state & ~STATE_LOCKED;
}
