import { DurableObject } from 'cloudflare:workers';
import type {
  PlayerDataChanges,
  PlayerDataUpdate,
  UpdateResult
} from '../../../src/lib/domain/player-data/shapes.ts';
import { migrate, PlayerDataStore } from './player-data-store.ts';

/**
 * One Destiny membership's data (`idFromName(membershipId)`): strongly consistent for that player,
 * no query ever spans players. The app Worker calls it over RPC after checking the session, so the
 * object trusts its caller and validates nothing itself.
 */
/** The object's Worker has no bindings of its own. */
type NoBindings = Record<string, never>;

export class PlayerData extends DurableObject<NoBindings> {
  private readonly store: PlayerDataStore;

  constructor(ctx: DurableObjectState, env: NoBindings) {
    super(ctx, env);
    this.store = new PlayerDataStore(ctx.storage.sql);
    migrate(ctx.storage.sql);
  }

  changes(since?: number): PlayerDataChanges {
    return this.store.changes(since);
  }

  /** Applies a batch all or nothing; the edge's clock orders writes, so the later write wins. */
  apply(updates: PlayerDataUpdate[]): UpdateResult[] {
    return this.ctx.storage.transactionSync(() => this.store.apply(updates, Date.now()));
  }
}

/** The Worker itself answers nothing: the object is reached only through the app's binding. */
export default {
  fetch(): Response {
    return Response.json(
      { error: { code: 'not_found', message: 'Player data is reached through the app.' } },
      { status: 404 }
    );
  }
};
