import type { PlayerDataEdit } from './edits.ts';
import type {
  HashAnnotation,
  ItemAnnotation,
  ItemTag,
  Loadout,
  PlayerDataChanges,
  SavedSearch
} from './shapes.ts';

/** The device's copy of a player's data, keyed for lookups (hashes as strings: it is stored as JSON). */
export interface PlayerDataView {
  annotations: Record<string, ItemAnnotation>;
  hashAnnotations: Record<string, HashAnnotation>;
  loadouts: Record<string, Loadout>;
  searches: Record<string, SavedSearch>;
}

export const emptyView = (): PlayerDataView => ({
  annotations: {},
  hashAnnotations: {},
  loadouts: {},
  searches: {}
});

const byKey = <T>(rows: readonly T[], key: (row: T) => string | number): Record<string, T> =>
  Object.fromEntries(rows.map((row) => [String(key(row)), row]));

const without = <T>(record: Record<string, T>, keys: readonly (string | number)[]) => {
  const copy = { ...record };
  for (const key of keys) delete copy[String(key)];
  return copy;
};

/** The view after the edge's answer: everything replaced when it is full, else merged in. */
export function mergeChanges(view: PlayerDataView, changes: PlayerDataChanges): PlayerDataView {
  const base = changes.full ? emptyView() : view;
  const { deleted } = changes;
  return {
    annotations: {
      ...without(base.annotations, deleted.annotations),
      ...byKey(changes.annotations, (a) => a.id)
    },
    hashAnnotations: {
      ...without(base.hashAnnotations, deleted.hashAnnotations),
      ...byKey(changes.hashAnnotations, (a) => a.hash)
    },
    loadouts: {
      ...without(base.loadouts, deleted.loadouts),
      ...byKey(changes.loadouts, (l) => l.id)
    },
    searches: {
      ...without(base.searches, deleted.searches),
      ...byKey(changes.searches, (s) => s.query)
    }
  };
}

/** Sets the fields an edit names (null clears one); nothing left removes the annotation. */
function annotate<T extends { tag?: ItemTag; notes?: string }>(
  current: T | undefined,
  base: T,
  edit: { tag?: ItemTag | null; notes?: string | null }
): T | undefined {
  const tag = edit.tag === undefined ? current?.tag : (edit.tag ?? undefined);
  const notes = edit.notes === undefined ? current?.notes : edit.notes || undefined;
  if (!tag && !notes) return undefined;
  const next = { ...current, ...base };
  delete next.tag;
  delete next.notes;
  return { ...next, ...(tag && { tag }), ...(notes && { notes }) };
}

const put = <T>(record: Record<string, T>, key: string, value: T | undefined) =>
  value === undefined ? without(record, [key]) : { ...record, [key]: value };

/** The view with an edit applied, as the edge will apply it: what the player sees at once. */
export function applyEdit(view: PlayerDataView, edit: PlayerDataEdit, now: number): PlayerDataView {
  switch (edit.action) {
    case 'annotation': {
      const base: ItemAnnotation = {
        id: edit.itemId,
        ...(edit.craftedDate !== undefined && { craftedDate: edit.craftedDate })
      };
      const next = annotate(view.annotations[edit.itemId], base, edit);
      return { ...view, annotations: put(view.annotations, edit.itemId, next) };
    }
    case 'hash_annotation': {
      const key = String(edit.itemHash);
      const next = annotate(view.hashAnnotations[key], { hash: edit.itemHash }, edit);
      return { ...view, hashAnnotations: put(view.hashAnnotations, key, next) };
    }
    case 'loadout':
      return { ...view, loadouts: { ...view.loadouts, [edit.loadout.id]: edit.loadout } };
    case 'delete_loadout':
      return { ...view, loadouts: without(view.loadouts, [edit.loadoutId]) };
    case 'search': {
      const current = view.searches[edit.query];
      const uses = edit.uses ?? 0;
      const search: SavedSearch = {
        query: edit.query,
        saved: edit.saved ?? current?.saved ?? false,
        usageCount: (current?.usageCount ?? 0) + uses,
        lastUsage: uses > 0 ? now : (current?.lastUsage ?? now)
      };
      return { ...view, searches: { ...view.searches, [edit.query]: search } };
    }
    case 'delete_search':
      return { ...view, searches: without(view.searches, [edit.query]) };
  }
}

/** The tag and notes of an item: its own when it is instanced, else those of its hash. */
export function annotationOf(
  view: PlayerDataView,
  item: { id: string; hash: number; instanced: boolean }
): { tag?: ItemTag; notes?: string } | undefined {
  return item.instanced ? view.annotations[item.id] : view.hashAnnotations[String(item.hash)];
}

/** The tag of each tagged item among `items`, by item id. */
export function tagsByItem(
  view: PlayerDataView,
  items: readonly { id: string; hash: number; instanced: boolean }[]
): Map<string, ItemTag> {
  const tags = new Map<string, ItemTag>();
  for (const item of items) {
    const tag = annotationOf(view, item)?.tag;
    if (tag) tags.set(item.id, tag);
  }
  return tags;
}

/** The names of the loadouts that hold each item, by instance id. */
export function loadoutNamesByItem(view: PlayerDataView): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const loadout of Object.values(view.loadouts)) {
    for (const { id } of [...loadout.equipped, ...loadout.unequipped]) {
      if (id === '0') continue;
      const list = names.get(id) ?? [];
      if (!list.includes(loadout.name)) list.push(loadout.name);
      names.set(id, list);
    }
  }
  return names;
}
