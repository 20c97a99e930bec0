import type { Step } from '$lib/domain/moves/steps';
import type { ActionResponse, EquipRequest, LockRequest, PullRequest, TransferRequest } from '$lib/shared/api-shapes';
import { postApi } from '../api';

/** Carries out one planned step through the edge's /api/actions. Throws ApiCallError when it did not happen. */
export async function performStep(step: Step): Promise<void> {
  switch (step.action) {
    case 'transfer': {
      const body: TransferRequest = { itemId: step.instanced ? step.itemId : '0', itemHash: step.itemHash, stackSize: step.stackSize, characterId: step.characterId, toVault: step.toVault };
      await postApi<ActionResponse>('/api/actions/transfer', body);
      return;
    }
    case 'pull': {
      const body: PullRequest = { itemId: step.instanced ? step.itemId : '0', itemHash: step.itemHash, stackSize: step.stackSize, characterId: step.characterId };
      await postApi<ActionResponse>('/api/actions/pull', body);
      return;
    }
    case 'equip': {
      const body: EquipRequest = { itemId: step.itemId, characterId: step.characterId };
      await postApi<ActionResponse>('/api/actions/equip', body);
      return;
    }
    case 'lock': {
      const body: LockRequest = { itemId: step.itemId, characterId: step.characterId, locked: step.locked };
      await postApi<ActionResponse>('/api/actions/lock', body);
      return;
    }
  }
}
