/** Only one tab or the service worker carries out moves at a time (Web Locks). */
export const MOVES_LOCK = 'vault-raider-moves';
/** The Background Sync tag: the browser wakes the service worker with it when the network returns. */
export const MOVES_SYNC_TAG = 'vault-raider-moves';

/** Runs `work` holding the moves lock, or returns undefined at once if another holds it. */
export async function withMovesLock<T>(work: () => Promise<T>): Promise<T | undefined> {
  // A page's navigator or a worker's: both have Web Locks where the browser does.
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return work();
  return locks.request(MOVES_LOCK, { ifAvailable: true }, async (lock) =>
    lock ? work() : undefined
  );
}

/**
 * Runs `work` holding the moves lock, waiting for whoever holds it (a page or the worker carrying
 * out moves) to finish first: for work no drain may overlap, such as deleting the outbox.
 */
export async function afterMovesLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return work();
  return locks.request(MOVES_LOCK, () => work());
}
