import type { InventoryItem } from './model.ts';
import type { OutboxEntry } from '../outbox/entry.ts';
import { locate, planIntent, type PlanRules } from '../moves/plan.ts';
import { applyStep } from '../moves/steps.ts';

/** An item as the pages show it: where the player's pending moves will put it. */
export type ShownItem = InventoryItem & { pending?: true };

/**
 * The snapshot with every pending intent applied, in order, so a move shows at once at its
 * destination, marked pending. Failed intents are not applied: their item shows where it is.
 */
export function overlayPending(
  items: readonly InventoryItem[],
  entries: readonly OutboxEntry[],
  rules: PlanRules
): ShownItem[] {
  let state: ShownItem[] = [...items];
  // As the runner plans them: no move makes room by moving aside an earlier move's item.
  const keep = new Set(rules.keep);
  for (const entry of entries) {
    if (entry.state !== 'pending') continue;
    const plan = planIntent(entry, state, { ...rules, keep });
    keep.add(entry.itemId);
    if ('refusal' in plan) continue;
    for (const step of plan.steps) state = applyStep(state, step);
    const moved = locate(state, entry);
    if (moved) state = state.map((i) => (i === moved ? { ...i, pending: true } : i));
  }
  return state;
}
