import type { PlayerDataUpdate } from './shapes.ts';

/** An update without its id: what a player's edit says, before it is given one to send. */
export type PlayerDataEdit = PlayerDataUpdate extends infer U
  ? U extends PlayerDataUpdate
    ? Omit<U, 'id'>
    : never
  : never;

/**
 * What an edit is to: two edits with the same key are to the same thing, and only the result of
 * both needs sending. A loadout and its removal share a key, as do a search and its removal.
 */
export function editKey(edit: PlayerDataEdit): string {
  switch (edit.action) {
    case 'annotation':
      return `item:${edit.itemId}`;
    case 'hash_annotation':
      return `hash:${edit.itemHash}`;
    case 'loadout':
      return `loadout:${edit.loadout.id}`;
    case 'delete_loadout':
      return `loadout:${edit.loadoutId}`;
    case 'search':
    case 'delete_search':
      return `search:${edit.query}`;
  }
}

/**
 * One edit that does what `earlier` then `later` do (both with the same key): tag twice sends the
 * second tag; tag then notes sends both fields; a loadout then its removal sends the removal, and
 * the other way round the loadout. Search uses add up.
 */
export function coalesceEdits(earlier: PlayerDataEdit, later: PlayerDataEdit): PlayerDataEdit {
  if (later.action === 'annotation' && earlier.action === 'annotation') {
    return {
      ...earlier,
      ...later,
      ...(later.craftedDate === undefined &&
        earlier.craftedDate !== undefined && { craftedDate: earlier.craftedDate })
    };
  }
  if (later.action === 'hash_annotation' && earlier.action === 'hash_annotation')
    return { ...earlier, ...later };
  if (later.action === 'search' && earlier.action === 'search') {
    const uses = (earlier.uses ?? 0) + (later.uses ?? 0);
    const saved = later.saved ?? earlier.saved;
    return {
      action: 'search',
      query: later.query,
      ...(uses > 0 && { uses }),
      ...(saved !== undefined && { saved })
    };
  }
  // A removal after anything replaces it; anything after a removal replaces the removal.
  return later;
}
