import type { ApiEnv } from './env';
import type { PlayerSession } from './auth/player-session';

/** What every API handler sees: the Worker's bindings, and the signed-in player where required. */
export type AppEnv = { Bindings: ApiEnv; Variables: { player: PlayerSession } };
