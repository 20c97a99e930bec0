/**
 * What the edge accepts, with DIM's limits (dim-api `routes/update.ts`): tags from the fixed set,
 * notes under 1,024 characters, loadout names and ids under 120. The schemas that apply them are in
 * `update-schema.ts`; the numbers live here, with no validation library, because the device needs
 * a few of them (a batch's size, a note's length) and not the schemas, whose library would
 * otherwise come with its first screen.
 */
export const LIMITS = {
  notes: 1024,
  loadoutName: 120,
  loadoutId: 120,
  loadoutNotes: 2048,
  /** Items in one loadout, equipped and not (DIM's largest real ones hold about 90). */
  loadoutItems: 150,
  query: 2048,
  /** Updates in one request. */
  batch: 100,
  /**
   * Bytes of one update as JSON. Not 1 KB: DIM allows notes of 1,024 characters (up to 4 bytes
   * each in UTF-8) and searches of well over 1,000 (a real saved one is 1,604); a loadout takes
   * more again (its items and their sockets; DIM's largest real ones are under 5 KB).
   */
  updateBytes: 5 * 1024,
  loadoutUpdateBytes: 16 * 1024
} as const;

/** The largest request body; a device sends its batches well under it (see the edit queue). */
export const MAX_BATCH_BYTES = 512 * 1024;
