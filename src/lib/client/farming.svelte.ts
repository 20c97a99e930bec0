import { planFarming } from '$lib/domain/loadouts/farming';
import { database } from './db/database';
import { moves } from './moves/moves.svelte';
import { outbox } from './outbox/outbox-state.svelte';
import { readPlaced } from './outbox/repository';
import { vault } from './vault.svelte';

/** How often farming reads the account for new drops while it is on (ms). */
const FARMING_EVERY_MS = 30_000;

/**
 * Farming mode: while on, a character keeps `freeSlots` free slots in each weapon and armor bucket
 * for the drops to come, its least valuable items sent to the vault through the outbox like any
 * move. It reads the account every 30 s; it stops when the player stops it or applies a loadout,
 * and does not outlive the page.
 */
class Farming {
  characterId = $state<string | null>(null);
  freeSlots = $state(1);
  /** Items sent to the vault since it started. */
  moved = $state(0);
  private timer: ReturnType<typeof setInterval> | undefined;

  start(characterId: string, freeSlots = 1): void {
    this.stop();
    this.characterId = characterId;
    this.freeSlots = freeSlots;
    this.moved = 0;
    void this.makeRoom();
    this.timer = setInterval(() => void this.refreshAndMakeRoom(), FARMING_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.characterId = null;
  }

  private async refreshAndMakeRoom(): Promise<void> {
    await vault.refresh(database()).catch(() => undefined);
    await this.makeRoom();
  }

  /** Queues what frees the slots now; items with a move queued are left to it. */
  private async makeRoom(): Promise<void> {
    const characterId = this.characterId;
    const profile = vault.profile;
    if (!characterId || !profile) return;
    const queued = new Set(
      outbox.entries.filter((e) => e.state === 'pending').map((e) => e.itemId)
    );
    const rules = {
      ...vault.planRules(profile),
      // What the player's own recent moves put on the character stays there.
      keep: await readPlaced(database(), Date.now())
    };
    const planned = planFarming(characterId, vault.items, rules, this.freeSlots, queued);
    if (!planned.length || this.characterId !== characterId) return;
    await moves.queueMany(planned);
    this.moved += planned.length;
  }
}

export const farming = new Farming();
