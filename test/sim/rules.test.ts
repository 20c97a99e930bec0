// Over 200 lines: the simulator's game rules, one case each, on the real account and the generated one.
import { beforeEach, describe, expect, it } from 'vitest';
import type { SimItem } from '../../workers/bungie-sim/src/account.ts';
import { harness, locate, REAL, type Harness } from './harness.ts';

const KINETIC = 1498876634;
const ENERGY = 2465295065;
const HELMET = 3448274439;
const GAUNTLETS = 3551918588;
const CHEST = 14239492;
const VAULT = 138197802;
const POSTMASTER = 215593132;

/** Every game rule the simulator enforces, each shown failing the way Bungie fails it. */
describe('game rules on the real 2021 account', () => {
  let h: Harness;
  let token: string;
  const rulesOf = (item: SimItem) => h.world.dataset.itemRules(item.component.itemHash);
  const find = (pick: (item: SimItem) => boolean | undefined) => {
    const item = h.world.account.items.find((i) => pick(i) === true);
    if (!item) throw new Error('no such item in the data set');
    return item;
  };
  const idOf = (item: SimItem) => item.component.itemInstanceId!;
  const transfer = (
    item: SimItem,
    characterId: string,
    toVault: boolean,
    extra: Record<string, unknown> = {}
  ) =>
    h.action('TransferItem', token, {
      itemReferenceHash: item.component.itemHash,
      stackSize: 1,
      transferToVault: toVault,
      itemId: idOf(item),
      characterId,
      membershipType: 2,
      ...extra
    });
  const equip = (item: SimItem, characterId: string) =>
    h.action('EquipItem', token, { itemId: idOf(item), characterId, membershipType: 2 });

  beforeEach(async () => {
    h = harness();
    token = (await h.signIn()).access_token;
  });

  it('moves an item vault → character into its slot bucket, and back into the vault', async () => {
    const item = find(
      (i) =>
        i.owner.kind === 'vault' &&
        rulesOf(i)?.bucketHash === ENERGY &&
        i.component.transferStatus === 0
    );
    expect((await transfer(item, REAL.titan, false)).body.ErrorCode).toBe(1);
    expect(locate(h, idOf(item))).toMatchObject({
      owner: REAL.titan,
      bucketHash: ENERGY,
      location: 1,
      equipped: false
    });
    expect((await transfer(item, REAL.titan, true)).body.ErrorCode).toBe(1);
    expect(locate(h, idOf(item))).toMatchObject({ owner: 'vault', bucketHash: VAULT, location: 2 });
    expect(h.world.actionLog.map((a) => [a.action, a.errorCode])).toEqual([
      ['TransferItem', 1],
      ['TransferItem', 1]
    ]);
  });

  it('refuses a full character bucket with 1642 (9 unequipped + 1 equipped)', async () => {
    const unequippedKinetic = h.world.account.items.filter(
      (i) =>
        !i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === REAL.hunter &&
        i.component.bucketHash === KINETIC
    );
    expect(unequippedKinetic).toHaveLength(9);
    const item = find((i) => i.owner.kind === 'vault' && rulesOf(i)?.bucketHash === KINETIC);
    const { status, body } = await transfer(item, REAL.hunter, false);
    expect(body).toMatchObject({
      ErrorCode: 1642,
      ErrorStatus: 'DestinyNoRoomInDestination',
      Message: 'There are no item slots available to transfer this item.',
      Response: 0
    });
    expect(status).toBe(500);
    expect(locate(h, idOf(item))?.owner).toBe('vault');
  });

  it('refuses transferring an equipped item with 1656', async () => {
    const item = find(
      (i) =>
        i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === REAL.titan &&
        i.component.bucketHash === ENERGY
    );
    const { body } = await transfer(item, REAL.titan, true);
    expect(body).toMatchObject({
      ErrorCode: 1656,
      ErrorStatus: 'DestinyCannotPerformActionOnEquippedItem'
    });
    expect(locate(h, idOf(item))?.equipped).toBe(true);
  });

  it('refuses character → character (Bungie answers 1623: go through the vault)', async () => {
    const item = find(
      (i) =>
        !i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === REAL.titan &&
        i.component.bucketHash === ENERGY
    );
    const { body } = await transfer(item, REAL.warlock, false);
    expect(body).toMatchObject({ ErrorCode: 1623, ErrorStatus: 'DestinyItemNotFound' });
    expect(locate(h, idOf(item))?.owner).toBe(REAL.titan);
  });

  it('answers 1623 for an item that does not exist', async () => {
    const { body } = await h.action('TransferItem', token, {
      itemReferenceHash: 1,
      stackSize: 1,
      transferToVault: true,
      itemId: '6917529999999999999',
      characterId: REAL.hunter,
      membershipType: 2
    });
    expect(body.ErrorCode).toBe(1623);
  });

  it('refuses non-transferrable items with 1660', async () => {
    const item = find(
      (i) =>
        i.owner.kind === 'character' &&
        !i.equipped &&
        (i.component.transferStatus & 2) === 2 &&
        i.component.itemInstanceId !== undefined &&
        i.component.bucketHash !== POSTMASTER
    );
    const owner = item.owner.kind === 'character' ? item.owner.characterId : '';
    const { body } = await transfer(item, owner, true);
    expect(body).toMatchObject({ ErrorCode: 1660, ErrorStatus: 'DestinyItemNotTransferrable' });
  });

  it('equips an item on its character, swapping the equipped one into the inventory', async () => {
    const item = find(
      (i) =>
        !i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === REAL.titan &&
        i.component.bucketHash === ENERGY &&
        rulesOf(i)?.tierType !== 6
    );
    const before = find(
      (i) =>
        i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === REAL.titan &&
        i.component.bucketHash === ENERGY
    );
    expect((await equip(item, REAL.titan)).body.ErrorCode).toBe(1);
    expect(locate(h, idOf(item))).toMatchObject({
      equipped: true,
      transferStatus: item.component.transferStatus | 1
    });
    expect(item.instance?.isEquipped).toBe(true);
    expect(locate(h, idOf(before))?.equipped).toBe(false);
    expect(before.component.transferStatus & 1).toBe(0);
  });

  it('refuses equipping an item that is not on that character with 1623', async () => {
    const item = find((i) => i.owner.kind === 'vault' && rulesOf(i)?.bucketHash === ENERGY);
    expect((await equip(item, REAL.titan)).body.ErrorCode).toBe(1623);
  });

  /** Empties slots on a character down to `keep` spare items, so the next transfer has room. */
  async function makeRoom(characterId: string, bucketHash: number, keep = 8) {
    const spares = h.world.account.items.filter(
      (i) =>
        !i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === characterId &&
        i.component.bucketHash === bucketHash
    );
    for (const spare of spares.slice(0, Math.max(0, spares.length - keep)))
      expect((await transfer(spare, characterId, true)).body.ErrorCode).toBe(1);
  }

  it('refuses armor of another class with 1640', async () => {
    // The Hunter gets Titan gauntlets from the vault: it may hold them, not wear them.
    const gauntlets = find(
      (i) =>
        i.owner.kind === 'vault' &&
        rulesOf(i)?.bucketHash === GAUNTLETS &&
        rulesOf(i)?.classType === 0
    );
    await makeRoom(REAL.hunter, GAUNTLETS);
    expect((await transfer(gauntlets, REAL.hunter, false)).body.ErrorCode).toBe(1);
    const { body } = await equip(gauntlets, REAL.hunter);
    expect(body).toMatchObject({ ErrorCode: 1640, ErrorStatus: 'DestinyItemUnequippable' });
    expect(locate(h, idOf(gauntlets))?.equipped).toBe(false);
  });

  it('refuses a second exotic armor piece with 1641', async () => {
    // The Titan wears an exotic chest piece; the vault holds exotic Titan gauntlets.
    const worn = h.world.account.items.filter(
      (i) => i.equipped && i.owner.kind === 'character' && i.owner.characterId === REAL.titan
    );
    expect(worn.find((i) => rulesOf(i)?.uniqueLabel === 'exotic_armor')?.component.bucketHash).toBe(
      CHEST
    );
    const exotic = find(
      (i) =>
        i.owner.kind === 'vault' &&
        rulesOf(i)?.bucketHash === GAUNTLETS &&
        rulesOf(i)?.uniqueLabel === 'exotic_armor' &&
        rulesOf(i)?.classType === 0
    );
    await makeRoom(REAL.titan, GAUNTLETS);
    expect((await transfer(exotic, REAL.titan, false)).body.ErrorCode).toBe(1);
    const { body } = await equip(exotic, REAL.titan);
    expect(body).toMatchObject({
      ErrorCode: 1641,
      ErrorStatus: 'DestinyItemUniqueEquipRestricted'
    });
    expect(locate(h, idOf(exotic))?.equipped).toBe(false);
  });

  it('refuses equipping in an activity with 1671', async () => {
    const item = find(
      (i) =>
        !i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === REAL.titan &&
        i.component.bucketHash === ENERGY
    );
    h.world.inActivity.add(REAL.titan);
    expect((await equip(item, REAL.titan)).body).toMatchObject({
      ErrorCode: 1671,
      ErrorStatus: 'DestinyCannotPerformActionAtThisLocation'
    });
  });

  it('pulls from the postmaster into the slot bucket; a postmaster item cannot be transferred directly', async () => {
    const lost = find(
      (i) =>
        i.component.bucketHash === POSTMASTER &&
        i.component.itemInstanceId !== undefined &&
        rulesOf(i) !== undefined &&
        rulesOf(i)?.equippable === true
    );
    const owner = lost.owner.kind === 'character' ? lost.owner.characterId : '';
    expect((await transfer(lost, owner, true)).body.ErrorCode).toBe(1623);
    const slot = rulesOf(lost)!.bucketHash;
    await makeRoom(owner, slot);
    const { body } = await h.action('PullFromPostmaster', token, {
      itemReferenceHash: lost.component.itemHash,
      stackSize: 1,
      itemId: idOf(lost),
      characterId: owner,
      membershipType: 2
    });
    expect(body.ErrorCode).toBe(1);
    expect(locate(h, idOf(lost))).toMatchObject({ owner, bucketHash: slot, location: 1 });
  });

  it('sets and clears the lock, and refuses non-lockable items with 1663', async () => {
    const item = find(
      (i) =>
        i.owner.kind === 'vault' &&
        i.component.lockable &&
        (i.component.state & 1) === 0 &&
        i.component.itemInstanceId !== undefined
    );
    expect(
      (
        await h.action('SetLockState', token, {
          state: true,
          itemId: idOf(item),
          characterId: REAL.hunter,
          membershipType: 2
        })
      ).body.ErrorCode
    ).toBe(1);
    expect(locate(h, idOf(item))!.state & 1).toBe(1);
    expect(
      (
        await h.action('SetLockState', token, {
          state: false,
          itemId: idOf(item),
          characterId: REAL.hunter,
          membershipType: 2
        })
      ).body.ErrorCode
    ).toBe(1);
    expect(locate(h, idOf(item))!.state & 1).toBe(0);
    const unlockable = find(
      (i) => !i.component.lockable && i.component.itemInstanceId !== undefined
    );
    expect(
      (
        await h.action('SetLockState', token, {
          state: true,
          itemId: idOf(unlockable),
          characterId: REAL.hunter,
          membershipType: 2
        })
      ).body.ErrorCode
    ).toBe(1663);
  });

  it('throttles actions closer than 0.1 s apart (1672 with ThrottleSeconds)', async () => {
    const item = find(
      (i) =>
        i.owner.kind === 'vault' && i.component.lockable && i.component.itemInstanceId !== undefined
    );
    const lock = { state: true, itemId: idOf(item), characterId: REAL.hunter, membershipType: 2 };
    expect((await h.action('SetLockState', token, lock)).body.ErrorCode).toBe(1);
    h.advance(50);
    const { status, body } = await h.action('SetLockState', token, lock, { keepClock: true });
    expect(status).toBe(429);
    expect(body).toMatchObject({ ErrorCode: 1672, ErrorStatus: 'DestinyThrottledByGameServer' });
    expect(body.ThrottleSeconds).toBeGreaterThanOrEqual(1);
    h.advance(100);
    expect((await h.action('SetLockState', token, lock, { keepClock: true })).body.ErrorCode).toBe(
      1
    );
  });

  it('EquipItems reports each item on its own', async () => {
    const good = find(
      (i) =>
        !i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === REAL.titan &&
        i.component.bucketHash === ENERGY &&
        rulesOf(i)?.tierType !== 6
    );
    const { body } = await h.action('EquipItems', token, {
      itemIds: [idOf(good), '6917529999999999999'],
      characterId: REAL.titan,
      membershipType: 2
    });
    expect(body.ErrorCode).toBe(1);
    expect(body.Response).toEqual({
      equipResults: [
        { itemInstanceId: idOf(good), equipStatus: 1 },
        { itemInstanceId: '6917529999999999999', equipStatus: 1623 }
      ]
    });
  });

  it("refuses acting on another player's account and malformed bodies", async () => {
    const item = find((i) => i.owner.kind === 'vault' && i.component.itemInstanceId !== undefined);
    expect((await transfer(item, REAL.hunter, false, { membershipType: 3 })).body.ErrorCode).toBe(
      18
    );
    expect((await transfer(item, '2305843009999999999', false)).body.ErrorCode).toBe(1620);
    expect((await h.action('TransferItem', token, { itemId: 'abc' })).body.ErrorCode).toBe(18);
  });
});

describe('stacks (generated account)', () => {
  it('moves part of a stack and merges it into a stack already there', async () => {
    const h = harness({ dataset: 'generated' });
    const token = (await h.signIn()).access_token;
    const stack = h.world.account.items.find(
      (i) => i.owner.kind === 'vault' && !i.component.itemInstanceId && i.component.quantity >= 4
    )!;
    const total = stack.component.quantity;
    const characterId = h.world.account.characters[0]!.characterId;
    const move = (stackSize: number) =>
      h.action('TransferItem', token, {
        itemReferenceHash: stack.component.itemHash,
        stackSize,
        transferToVault: false,
        itemId: '0',
        characterId,
        membershipType: 3
      });
    expect((await move(2)).body.ErrorCode).toBe(1);
    expect((await move(1)).body.ErrorCode).toBe(1);
    const onCharacter = h.world.account.items.filter(
      (i) => i.owner.kind === 'character' && i.component.itemHash === stack.component.itemHash
    );
    expect(onCharacter.map((i) => i.component.quantity)).toEqual([3]);
    expect(stack.component.quantity).toBe(total - 3);
  });

  it('refuses a full vault with 1642', async () => {
    const h = harness({
      dataset: 'generated',
      generated: { seed: 1, itemCount: 30_000, vaultFill: 600 }
    });
    const token = (await h.signIn()).access_token;
    const characterId = h.world.account.characters[0]!.characterId;
    const item = h.world.account.items.find(
      (i) =>
        !i.equipped &&
        i.owner.kind === 'character' &&
        i.owner.characterId === characterId &&
        i.component.itemInstanceId &&
        i.component.bucketHash === KINETIC
    )!;
    expect(h.world.account.items.filter((i) => i.owner.kind === 'vault')).toHaveLength(600);
    const { body } = await h.action('TransferItem', token, {
      itemReferenceHash: item.component.itemHash,
      stackSize: 1,
      transferToVault: true,
      itemId: item.component.itemInstanceId,
      characterId,
      membershipType: 3
    });
    expect(body.ErrorCode).toBe(1642);
  });

  it('lets exotics be equipped one weapon and one armor piece at a time', async () => {
    const h = harness({ dataset: 'generated' });
    const token = (await h.signIn()).access_token;
    const character = h.world.account.characters[0]!;
    const rules = (i: SimItem) => h.world.dataset.itemRules(i.component.itemHash)!;
    const exoticIn = (bucket: number) =>
      h.world.account.items.find(
        (i) =>
          i.owner.kind === 'vault' &&
          i.component.itemInstanceId &&
          rules(i).bucketHash === bucket &&
          rules(i).tierType === 6 &&
          (rules(i).classType === 3 || rules(i).classType === character.classType)
      )!;
    const bring = async (item: SimItem) => {
      expect(
        (
          await h.action('TransferItem', token, {
            itemReferenceHash: item.component.itemHash,
            stackSize: 1,
            transferToVault: false,
            itemId: item.component.itemInstanceId,
            characterId: character.characterId,
            membershipType: 3
          })
        ).body.ErrorCode
      ).toBe(1);
      return h.action('EquipItem', token, {
        itemId: item.component.itemInstanceId,
        characterId: character.characterId,
        membershipType: 3
      });
    };
    // Make room first: the generated characters carry up to 6 spare items per slot.
    expect((await bring(exoticIn(KINETIC))).body.ErrorCode).toBe(1);
    expect((await bring(exoticIn(ENERGY))).body.ErrorCode).toBe(1641);
    expect((await bring(exoticIn(HELMET))).body.ErrorCode).toBe(1);
    expect((await bring(exoticIn(CHEST))).body.ErrorCode).toBe(1641);
  });
});
