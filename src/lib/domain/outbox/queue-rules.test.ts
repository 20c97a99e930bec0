import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from './entry.ts';
import {
  classifyFailure,
  equipBatch,
  isFinalRefusal,
  nextToRun,
  nextTryAt,
  outcomeMayStillLand,
  readRetryPause,
  spacingWait,
  UNKNOWN_OUTCOME_SETTLE_MS,
  unsettledUntil
} from './queue-rules.ts';

const entry = (seq: number, changes: Partial<OutboxEntry> = {}): OutboxEntry =>
  ({
    id: `i${seq}`,
    seq,
    kind: 'transfer',
    to: 'vault',
    itemId: 'a',
    itemHash: 1,
    from: 'c',
    stackSize: 1,
    createdAt: 0,
    state: 'pending',
    attempts: 0,
    nextTryAt: 0,
    ...changes
  }) as OutboxEntry;

describe('classifyFailure', () => {
  it.each([
    [0, 'offline', 'retry'],
    [429, 'bungie_throttled', 'retry'],
    [503, 'bungie_maintenance', 'retry'],
    [502, 'bungie_unreachable', 'retry'],
    [504, 'bungie_timeout', 'retry'],
    [401, 'signed_out', 'signed-out'],
    [409, 'no_room', 'fail'],
    [409, 'item_not_found', 'fail'],
    [400, 'invalid_input', 'fail'],
    [409, 'in_activity', 'retry']
  ])('%i %s → %s', (status, code, expected) => {
    expect(classifyFailure(status, code)).toBe(expected);
  });
});

describe('nextTryAt', () => {
  it('waits exactly what Retry-After asks, else backs off from 0.1 s doubling, capped at 5 minutes', () => {
    expect(nextTryAt(1000, 1, 7)).toBe(8000);
    expect(nextTryAt(1000, 9, 1)).toBe(2000);
    expect([1, 2, 3, 4, 5].map((n) => nextTryAt(0, n))).toEqual([100, 200, 400, 800, 1600]);
    expect(nextTryAt(0, 0)).toBe(100);
    expect(nextTryAt(0, 12)).toBe(204_800);
    expect(nextTryAt(0, 13)).toBe(300_000);
    expect(nextTryAt(0, 30)).toBe(300_000);
  });
});

describe('readRetryPause', () => {
  it.each([
    ['no answer, first failure', 1, { status: 0, code: 'offline' }, 100],
    ['no answer, second failure', 2, { status: 0, code: 'offline' }, 300],
    ['no answer, third failure: the move waits', 3, { status: 0, code: 'offline' }, undefined],
    ['timeout', 1, { status: 408, code: 'timeout' }, 100],
    ['Bungie error', 1, { status: 502, code: 'bungie_error' }, 100],
    ['Bungie timeout', 2, { status: 504, code: 'bungie_timeout' }, 300],
    ['cut-short answer', 1, { status: 502, code: 'bungie_unavailable' }, 100],
    [
      'maintenance: a moment changes nothing',
      1,
      { status: 503, code: 'bungie_maintenance' },
      undefined
    ],
    ['misconfigured key', 1, { status: 502, code: 'bungie_app_misconfigured' }, undefined],
    [
      'throttled: wait what was asked',
      1,
      { status: 429, code: 'bungie_throttled', retryAfterSeconds: 1 },
      undefined
    ],
    ['over quota', 1, { status: 429, code: 'rate_limited', retryAfterSeconds: 4 }, undefined],
    ['5xx with Retry-After', 1, { status: 503, code: 'x', retryAfterSeconds: 30 }, undefined],
    ['signed out', 1, { status: 401, code: 'signed_out' }, undefined],
    ['refused', 1, { status: 409, code: 'no_room' }, undefined]
  ])('%s', (_what, failedReads, failure, pause) => {
    expect(readRetryPause(failedReads, failure)).toBe(pause);
  });
});

describe('nextToRun', () => {
  it('runs the oldest pending first; it holds the later ones back while it waits; failed ones do not', () => {
    expect(nextToRun([], 0)).toEqual({ idle: true });
    expect(nextToRun([entry(2), entry(1)], 0)).toEqual({ entry: entry(1) });
    expect(nextToRun([entry(1, { nextTryAt: 500 }), entry(2)], 100)).toEqual({ waitUntil: 500 });
    expect(nextToRun([entry(1, { state: 'failed' }), entry(2)], 0)).toEqual({ entry: entry(2) });
  });

  it('lets the moves behind an equip waiting for orbit go on, and wakes for the earliest wait', () => {
    const orbit = entry(1, { nextTryAt: 900, waitsForOrbit: true });
    expect(nextToRun([orbit, entry(2)], 100)).toEqual({ entry: entry(2) });
    expect(nextToRun([orbit, entry(2, { nextTryAt: 500 })], 100)).toEqual({ waitUntil: 500 });
    expect(nextToRun([orbit, entry(2, { nextTryAt: 950 })], 100)).toEqual({ waitUntil: 900 });
    expect(nextToRun([orbit], 100)).toEqual({ waitUntil: 900 });
    expect(nextToRun([orbit], 1000)).toEqual({ entry: orbit });
  });
});

describe('spacingWait', () => {
  it('keeps actions at least 0.1 s apart', () => {
    expect(spacingWait(undefined, 0)).toBe(0);
    expect(spacingWait(1000, 1030)).toBe(70);
    expect(spacingWait(1000, 1200)).toBe(0);
  });
});

describe('isFinalRefusal', () => {
  it.each([
    ['not_transferable', true],
    ['wrong_class', true],
    ['action_forbidden', true],
    ['not_found', true],
    ['no_room', false],
    ['exotic_limit', false],
    ['in_activity', false],
    ['bungie_maintenance', false]
  ])('%s → %s', (code, final) => {
    expect(isFinalRefusal(code)).toBe(final);
  });
});

describe('equipBatch', () => {
  const tag = { applyId: 'a', loadoutId: 'L', name: 'Raid', itemCount: 3, itemIds: [] };
  const equip = (seq: number, changes: Partial<OutboxEntry> = {}) =>
    entry(seq, { kind: 'equip', to: 'hunter', itemId: `item-${seq}`, loadout: tag, ...changes });

  it('takes the due equips of the same application on the same character that follow, in order', () => {
    const entries = [equip(1), equip(2), equip(3)];
    expect(equipBatch(entries, entries[0]!, 0).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('stops at anything else: a transfer, another application or character, a wait, the same item', () => {
    const other = { ...tag, applyId: 'b' };
    for (const breaker of [
      entry(2),
      equip(2, { loadout: other }),
      equip(2, { to: 'warlock' }),
      equip(2, { nextTryAt: 50 }),
      equip(2, { itemId: 'item-1' })
    ])
      expect(equipBatch([equip(1), breaker, equip(3)], equip(1), 0).map((e) => e.seq)).toEqual([1]);
  });

  it('leaves a single move and a move of no application alone', () => {
    const single = entry(1, { kind: 'equip', to: 'hunter' });
    expect(equipBatch([single, equip(2)], single, 0)).toEqual([single]);
    expect(equipBatch([entry(1), equip(2)], entry(1), 0)).toEqual([entry(1)]);
  });

  it('skips failed entries and caps the batch at 20', () => {
    const many = Array.from({ length: 25 }, (_, n) => equip(n + 1));
    expect(equipBatch(many, many[0]!, 0)).toHaveLength(20);
    const withFailed = [equip(1), equip(2, { state: 'failed' }), equip(3)];
    expect(equipBatch(withFailed, withFailed[0]!, 0).map((e) => e.seq)).toEqual([1, 3]);
  });
});

describe('outcomeMayStillLand', () => {
  it.each([
    [0, 'offline', true],
    [504, 'bungie_timeout', true],
    [502, 'bungie_error', false],
    [502, 'bungie_unavailable', false],
    [503, 'bungie_maintenance', false],
    [429, 'bungie_throttled', false],
    [429, 'rate_limited', false],
    [409, 'no_room', false],
    [401, 'signed_out', false]
  ])('%i %s: %s', (status, code, may) => {
    expect(outcomeMayStillLand({ status, code })).toBe(may);
  });
});

describe('unsettledUntil', () => {
  const sent = { step: 'equip 1 2', sentAt: 10_000 };
  const settled = 10_000 + UNKNOWN_OUTCOME_SETTLE_MS;
  it.each([
    ['nothing in flight', undefined, 'equip 1 2', 10_001, undefined],
    ['the same step, just sent', sent, 'equip 1 2', 10_001, settled],
    ['the same step, a moment before it settles', sent, 'equip 1 2', settled - 1, settled],
    ['the same step, once settled', sent, 'equip 1 2', settled, undefined],
    ['another step: the one in flight landed', sent, 'transfer 1 2', 10_001, undefined]
  ])('%s', (_what, inFlight, next, now, until) => {
    expect(unsettledUntil(inFlight, next, now)).toBe(until);
  });

  it('covers two calls at the edge limit (one resent after a token renewal) and a margin', () => {
    expect(UNKNOWN_OUTCOME_SETTLE_MS).toBeGreaterThan(2 * 5_000);
  });
});
