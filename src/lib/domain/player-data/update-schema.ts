// What the edge accepts, as schemas over the limits in `limits.ts` (kept apart, without valibot,
// for the device, which needs the numbers and not the schemas). A DIM import on the device is
// checked with the same schema, so an update it queues is one the edge takes.
import * as v from 'valibot';
import { LIMITS } from './limits.ts';
import { ITEM_TAGS } from './shapes.ts';

const INT64_MAX = '9223372036854775807';
const instanceId = v.pipe(
  v.string(),
  v.regex(/^\d{1,19}$/, 'must be a numeric item id'),
  v.check((id) => id.length < INT64_MAX.length || id <= INT64_MAX, 'is out of range for an item id')
);
/** A loadout's uninstanced items carry "0" (DIM's shape). */
const loadoutItemId = v.union([instanceId, v.literal('0')]);
const uint32 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff));
const epoch = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));
const updateId = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, - or _')
);
const tag = v.nullable(v.picklist(ITEM_TAGS));
const notes = v.nullable(v.pipe(v.string(), v.maxLength(LIMITS.notes)));
const query = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.query));

const loadoutItem = v.object({
  id: loadoutItemId,
  hash: uint32,
  amount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9999))),
  socketOverrides: v.optional(v.record(v.pipe(v.string(), v.regex(/^\d{1,3}$/)), uint32)),
  craftedDate: v.optional(epoch)
});

export const loadoutSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.loadoutId)),
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.loadoutName)),
    classType: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3)),
    equipped: v.array(loadoutItem),
    unequipped: v.array(loadoutItem),
    notes: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.loadoutNotes))),
    clearSpace: v.optional(v.boolean()),
    parameters: v.optional(v.record(v.string(), v.unknown())),
    createdAt: v.optional(epoch),
    lastUpdatedAt: v.optional(epoch)
  }),
  v.check(
    (l) => l.equipped.length + l.unequipped.length <= LIMITS.loadoutItems,
    `holds more than ${LIMITS.loadoutItems} items`
  )
);

const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

export const updateSchema = v.pipe(
  v.variant('action', [
    v.strictObject({
      id: updateId,
      action: v.literal('annotation'),
      itemId: instanceId,
      tag: v.optional(tag),
      notes: v.optional(notes),
      craftedDate: v.optional(epoch)
    }),
    v.strictObject({
      id: updateId,
      action: v.literal('hash_annotation'),
      itemHash: uint32,
      tag: v.optional(tag),
      notes: v.optional(notes)
    }),
    v.strictObject({ id: updateId, action: v.literal('loadout'), loadout: loadoutSchema }),
    v.strictObject({
      id: updateId,
      action: v.literal('delete_loadout'),
      loadoutId: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.loadoutId))
    }),
    v.strictObject({
      id: updateId,
      action: v.literal('search'),
      query,
      uses: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))),
      saved: v.optional(v.boolean())
    }),
    v.strictObject({ id: updateId, action: v.literal('delete_search'), query })
  ]),
  v.check(
    (u) => bytesOf(u) <= (u.action === 'loadout' ? LIMITS.loadoutUpdateBytes : LIMITS.updateBytes),
    'is too large'
  )
);

export const batchSchema = v.pipe(
  v.strictObject({
    updates: v.pipe(v.array(updateSchema), v.minLength(1), v.maxLength(LIMITS.batch))
  }),
  v.check(
    (b) => new Set(b.updates.map((u) => u.id)).size === b.updates.length,
    'update ids must differ within a batch'
  )
);

/** A cursor from an earlier answer: the edge's change counter, as digits. */
export const cursorSchema = v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'must be a cursor'));
