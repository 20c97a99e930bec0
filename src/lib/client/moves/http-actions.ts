import type { Step } from '$lib/domain/moves/steps';
import type {
  ActionResponse,
  EquipItemsRequest,
  EquipItemsResponse,
  EquipRequest,
  LoadoutSlotRequest,
  LockRequest,
  PullRequest,
  TransferRequest
} from '$lib/shared/api-shapes';
import { postApi } from '../api';

/** The /api/actions call that carries out one planned step, for the account it was made for. */
export function actionRequest(
  step: Step,
  membershipId?: string
): {
  path: string;
  body: TransferRequest | PullRequest | EquipRequest | LockRequest | LoadoutSlotRequest;
} {
  const { path, body } = requestFor(step);
  return { path, body: membershipId ? { ...body, membershipId } : body };
}

function requestFor(step: Step): {
  path: string;
  body: TransferRequest | PullRequest | EquipRequest | LockRequest | LoadoutSlotRequest;
} {
  switch (step.action) {
    case 'transfer':
      return {
        path: '/api/actions/transfer',
        body: {
          itemId: step.instanced ? step.itemId : '0',
          itemHash: step.itemHash,
          stackSize: step.stackSize,
          characterId: step.characterId,
          toVault: step.toVault
        }
      };
    case 'pull':
      return {
        path: '/api/actions/pull',
        body: {
          itemId: step.instanced ? step.itemId : '0',
          itemHash: step.itemHash,
          stackSize: step.stackSize,
          characterId: step.characterId
        }
      };
    case 'equip':
      return {
        path: '/api/actions/equip',
        body: { itemId: step.itemId, characterId: step.characterId }
      };
    case 'equip-loadout':
      return {
        path: '/api/actions/loadouts/equip',
        body: { characterId: step.characterId, loadoutIndex: step.loadoutIndex }
      };
    case 'lock':
      return {
        path: '/api/actions/lock',
        body: { itemId: step.itemId, characterId: step.characterId, locked: step.locked }
      };
  }
}

/** Carries out one planned step through the edge. Throws ApiCallError when it did not happen. */
export async function performStep(step: Step, membershipId?: string): Promise<void> {
  const { path, body } = actionRequest(step, membershipId);
  await postApi<ActionResponse>(path, body);
}

/** Equips several items on one character in one call; each item's own result. */
export async function performEquipBatch(
  characterId: string,
  itemIds: string[],
  membershipId?: string
): Promise<EquipItemsResponse['results']> {
  const body: EquipItemsRequest = { itemIds, characterId, ...(membershipId && { membershipId }) };
  return (await postApi<EquipItemsResponse>('/api/actions/equip-items', body)).results;
}
