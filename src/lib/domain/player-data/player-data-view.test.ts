import { describe, expect, it } from 'vitest';
import {
  annotationOf,
  applyEdit,
  emptyView,
  loadoutNamesByItem,
  mergeChanges,
  tagsByItem
} from './player-data-view.ts';
import type { PlayerDataChanges } from './shapes.ts';

const none = { annotations: [], hashAnnotations: [], loadouts: [], searches: [] };
const changes = (partial: Partial<PlayerDataChanges>): PlayerDataChanges => ({
  cursor: '1',
  full: false,
  ...none,
  deleted: { ...none },
  ...partial
});

describe('mergeChanges', () => {
  it('replaces everything with a full answer', () => {
    const view = applyEdit(emptyView(), { action: 'annotation', itemId: '1', tag: 'keep' }, 0);
    const merged = mergeChanges(
      view,
      changes({ full: true, annotations: [{ id: '2', tag: 'junk' }] })
    );
    expect(merged.annotations).toEqual({ '2': { id: '2', tag: 'junk' } });
  });

  it('merges changes since a cursor, and drops what was removed', () => {
    let view = mergeChanges(
      emptyView(),
      changes({
        full: true,
        annotations: [
          { id: '1', tag: 'keep' },
          { id: '2', tag: 'junk' }
        ]
      })
    );
    view = mergeChanges(
      view,
      changes({
        annotations: [{ id: '3', notes: 'new' }],
        deleted: { ...none, annotations: ['2'] }
      })
    );
    expect(Object.keys(view.annotations).sort()).toEqual(['1', '3']);
  });
});

describe('applyEdit', () => {
  it('sets, keeps and clears annotation fields as the edge does', () => {
    let view = applyEdit(emptyView(), { action: 'annotation', itemId: '1', tag: 'keep' }, 0);
    view = applyEdit(view, { action: 'annotation', itemId: '1', notes: '#pvp' }, 0);
    expect(view.annotations['1']).toEqual({ id: '1', tag: 'keep', notes: '#pvp' });
    view = applyEdit(view, { action: 'annotation', itemId: '1', tag: null }, 0);
    expect(view.annotations['1']).toEqual({ id: '1', notes: '#pvp' });
    view = applyEdit(view, { action: 'annotation', itemId: '1', notes: '' }, 0);
    expect(view.annotations).toEqual({});
  });

  it('counts uses of a search and keeps whether it is saved', () => {
    let view = applyEdit(emptyView(), { action: 'search', query: 'is:dupe', uses: 1 }, 10);
    view = applyEdit(view, { action: 'search', query: 'is:dupe', saved: true }, 20);
    expect(view.searches['is:dupe']).toEqual({
      query: 'is:dupe',
      saved: true,
      usageCount: 1,
      lastUsage: 10
    });
    view = applyEdit(view, { action: 'delete_search', query: 'is:dupe' }, 30);
    expect(view.searches).toEqual({});
  });
});

describe('annotations of items', () => {
  const view = mergeChanges(
    emptyView(),
    changes({
      full: true,
      annotations: [{ id: '100', tag: 'favorite', notes: 'keeper' }],
      hashAnnotations: [{ hash: 7, tag: 'junk' }]
    })
  );
  const weapon = { id: '100', hash: 1, instanced: true };
  const shader = { id: '7-vault', hash: 7, instanced: false };
  const other = { id: '101', hash: 7, instanced: true };

  it('reads an instanced item by its id and an uninstanced one by its hash', () => {
    expect(annotationOf(view, weapon)).toMatchObject({ tag: 'favorite', notes: 'keeper' });
    expect(annotationOf(view, shader)).toMatchObject({ tag: 'junk' });
    // A hash tag is for uninstanced copies only: an instance has its own.
    expect(annotationOf(view, other)).toBeUndefined();
  });

  it('maps the tagged items shown to their tags', () => {
    expect(tagsByItem(view, [weapon, shader, other])).toEqual(
      new Map([
        ['100', 'favorite'],
        ['7-vault', 'junk']
      ])
    );
  });
});

describe('loadoutNamesByItem', () => {
  it('names the loadouts that hold each instanced item', () => {
    const item = (id: string) => ({ id, hash: 1 });
    let view = applyEdit(
      emptyView(),
      {
        action: 'loadout',
        loadout: {
          id: 'a',
          name: 'Raid',
          classType: 1,
          equipped: [item('10'), item('0')],
          unequipped: [item('11')]
        }
      },
      0
    );
    view = applyEdit(
      view,
      {
        action: 'loadout',
        loadout: { id: 'b', name: 'Trials', classType: 1, equipped: [item('10')], unequipped: [] }
      },
      0
    );
    expect(loadoutNamesByItem(view)).toEqual(
      new Map([
        ['10', ['Raid', 'Trials']],
        ['11', ['Raid']]
      ])
    );
  });
});
