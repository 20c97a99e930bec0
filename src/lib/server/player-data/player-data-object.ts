import type { DurableObjectNamespace } from '@cloudflare/workers-types/index.ts';
import type {
  PlayerDataChanges,
  PlayerDataUpdate,
  UpdateResult
} from '../../domain/player-data/shapes.ts';

/** What the player-data object answers over RPC (workers/player-data). */
export interface PlayerDataObject {
  changes(since?: number): Promise<PlayerDataChanges>;
  apply(updates: PlayerDataUpdate[]): Promise<UpdateResult[]>;
}

/**
 * The object of one Destiny membership. Its class lives in another Worker, so the binding comes
 * untyped; this is the one place that says what it answers.
 */
export function playerDataOf(
  namespace: DurableObjectNamespace,
  membershipId: string
): PlayerDataObject {
  return namespace.get(namespace.idFromName(membershipId)) as unknown as PlayerDataObject;
}
