import { describe, expect, it } from 'vitest';
import { coalesceEdits, editKey, type PlayerDataEdit } from './edits.ts';

const loadout = { id: 'L1', name: 'Raid', classType: 1, equipped: [], unequipped: [] };

describe('editKey', () => {
  it.each<[PlayerDataEdit, string]>([
    [{ action: 'annotation', itemId: '69', tag: 'keep' }, 'item:69'],
    [{ action: 'annotation', itemId: '69', notes: 'x' }, 'item:69'],
    [{ action: 'hash_annotation', itemHash: 1051938199, tag: 'junk' }, 'hash:1051938199'],
    [{ action: 'loadout', loadout }, 'loadout:L1'],
    [{ action: 'delete_loadout', loadoutId: 'L1' }, 'loadout:L1'],
    [{ action: 'search', query: 'is:dupe', uses: 1 }, 'search:is:dupe'],
    [{ action: 'delete_search', query: 'is:dupe' }, 'search:is:dupe']
  ])('%j → %s', (edit, key) => {
    expect(editKey(edit)).toBe(key);
  });
});

describe('coalesceEdits', () => {
  it.each<[string, PlayerDataEdit, PlayerDataEdit, PlayerDataEdit]>([
    [
      'tag twice: the second tag',
      { action: 'annotation', itemId: '1', tag: 'keep' },
      { action: 'annotation', itemId: '1', tag: 'junk' },
      { action: 'annotation', itemId: '1', tag: 'junk' }
    ],
    [
      'tag then notes: both fields',
      { action: 'annotation', itemId: '1', tag: 'keep' },
      { action: 'annotation', itemId: '1', notes: '#pvp' },
      { action: 'annotation', itemId: '1', tag: 'keep', notes: '#pvp' }
    ],
    [
      'tag then no tag: the clearing wins',
      { action: 'annotation', itemId: '1', tag: 'keep', notes: 'x' },
      { action: 'annotation', itemId: '1', tag: null },
      { action: 'annotation', itemId: '1', tag: null, notes: 'x' }
    ],
    [
      'a crafted date stays with the item',
      { action: 'annotation', itemId: '1', tag: 'keep', craftedDate: 1650000000 },
      { action: 'annotation', itemId: '1', tag: 'favorite' },
      { action: 'annotation', itemId: '1', tag: 'favorite', craftedDate: 1650000000 }
    ],
    [
      'hash tags like item tags',
      { action: 'hash_annotation', itemHash: 7, tag: 'junk' },
      { action: 'hash_annotation', itemHash: 7, notes: 'shiny' },
      { action: 'hash_annotation', itemHash: 7, tag: 'junk', notes: 'shiny' }
    ],
    [
      'edit then delete: the delete',
      { action: 'loadout', loadout },
      { action: 'delete_loadout', loadoutId: 'L1' },
      { action: 'delete_loadout', loadoutId: 'L1' }
    ],
    [
      'delete then save again: the loadout',
      { action: 'delete_loadout', loadoutId: 'L1' },
      { action: 'loadout', loadout: { ...loadout, name: 'Raid 2' } },
      { action: 'loadout', loadout: { ...loadout, name: 'Raid 2' } }
    ],
    [
      'a loadout saved twice: the later one',
      { action: 'loadout', loadout },
      { action: 'loadout', loadout: { ...loadout, name: 'Trials' } },
      { action: 'loadout', loadout: { ...loadout, name: 'Trials' } }
    ],
    [
      'a search used twice: the uses add up',
      { action: 'search', query: 'q', uses: 1 },
      { action: 'search', query: 'q', uses: 1 },
      { action: 'search', query: 'q', uses: 2 }
    ],
    [
      'used then saved: both',
      { action: 'search', query: 'q', uses: 3 },
      { action: 'search', query: 'q', saved: true },
      { action: 'search', query: 'q', uses: 3, saved: true }
    ],
    [
      'saved then deleted: the delete',
      { action: 'search', query: 'q', saved: true },
      { action: 'delete_search', query: 'q' },
      { action: 'delete_search', query: 'q' }
    ]
  ])('%s', (_, earlier, later, expected) => {
    expect(coalesceEdits(earlier, later)).toEqual(expected);
  });

  it('folds a run of edits into one, whatever their number', () => {
    const tags = ['keep', 'junk', 'favorite', 'infuse', 'archive'] as const;
    const edits: PlayerDataEdit[] = Array.from({ length: 200 }, (_, i) => ({
      action: 'annotation',
      itemId: '5',
      tag: tags[i % tags.length]!
    }));
    expect(edits.reduce(coalesceEdits)).toEqual({
      action: 'annotation',
      itemId: '5',
      tag: 'archive'
    });
  });
});
