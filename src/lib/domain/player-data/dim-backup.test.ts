import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeImport, exportDimBackup, NotADimBackup, planDimImport } from './dim-backup.ts';
import { planCsvImport, parseCsv } from './dim-csv.ts';
import { applyEdit, emptyView, type PlayerDataView } from './player-data-view.ts';
import type { PlayerDataEdit } from './edits.ts';

const backup = JSON.parse(
  readFileSync(
    new URL('../../../../test/fixtures/dim-api/dim-data.dim-api-export.json', import.meta.url),
    'utf8'
  )
) as { tags: { annotation: { id: string } }[] };
const profile = JSON.parse(
  readFileSync(
    new URL('../../../../test/fixtures/bungie/GetProfile.dim-2021-05-28.json', import.meta.url),
    'utf8'
  )
) as {
  Response: {
    profileInventory: { data: { items: { itemInstanceId?: string }[] } };
    characterInventories: { data: Record<string, { items: { itemInstanceId?: string }[] }> };
    characterEquipment: { data: Record<string, { items: { itemInstanceId?: string }[] }> };
  };
};
const r = profile.Response;
const instanceIds = new Set(
  [
    ...r.profileInventory.data.items,
    ...Object.values(r.characterInventories.data).flatMap((c) => c.items),
    ...Object.values(r.characterEquipment.data).flatMap((c) => c.items)
  ].flatMap((i) => (i.itemInstanceId ? [i.itemInstanceId] : []))
);
const MEMBERSHIP = '4611686018433092312';
const applyAll = (view: PlayerDataView, edits: PlayerDataEdit[]) =>
  edits.reduce((v, e) => applyEdit(v, e, 0), view);

describe('importing the real DIM backup', () => {
  const context = { membershipId: MEMBERSHIP, instanceIds, view: emptyView() };
  const { edits, report } = planDimImport(backup, context);

  it("takes this membership's Destiny 2 records, for the items still in the account", () => {
    expect(report).toEqual({
      tags: 92,
      notes: 13,
      loadouts: 19,
      hashTags: 71,
      searches: 205,
      notInAccount: 500,
      // The 18 Destiny 1 loadouts.
      otherAccounts: 18,
      unchanged: 0,
      invalid: 0
    });
    expect(edits).toHaveLength(92 + 71 + 19 + 205);
    expect(describeImport(report)).toBe(
      'Imported 92 tags, 13 notes, 19 loadouts, 71 tags of uninstanced items, 205 searches; 500 tags are for items no longer in your account; 18 records are for another account or Destiny 1.'
    );
  });

  it('changes nothing when the same file is imported again', () => {
    const again = planDimImport(backup, { ...context, view: applyAll(emptyView(), edits) });
    expect(again.edits).toEqual([]);
    expect(again.report.unchanged).toBe(92 + 71 + 19 + 205);
  });

  it('keeps the loadouts whole, items and socket overrides included', () => {
    const grapple = edits.find(
      (e) => e.action === 'loadout' && e.loadout.id === '72363fbc-e9a2-4345-a57d-69fdfda2617a'
    );
    expect(grapple).toMatchObject({
      loadout: {
        classType: 1,
        equipped: expect.arrayContaining([expect.objectContaining({ hash: 3785442599 })])
      }
    });
  });

  it('imports nothing of another membership', () => {
    const other = planDimImport(backup, { ...context, membershipId: '4611686018400000001' });
    expect(other.report).toMatchObject({ tags: 0, loadouts: 0, otherAccounts: 592 + 37 });
  });

  it('refuses a file that is not a DIM backup, in words', () => {
    expect(() => planDimImport({ hello: 1 }, context)).toThrow(NotADimBackup);
    expect(() => planDimImport('tags', context)).toThrow(/not a DIM backup/);
  });

  it('exports the same shape, which imports back unchanged', () => {
    const view = applyAll(emptyView(), edits);
    const exported = JSON.parse(JSON.stringify(exportDimBackup(view, MEMBERSHIP)));
    expect(exported.tags).toHaveLength(92);
    expect(exported.tags[0]).toMatchObject({ platformMembershipId: MEMBERSHIP, destinyVersion: 2 });
    const back = planDimImport(exported, { ...context, view: emptyView() });
    expect(applyAll(emptyView(), back.edits)).toEqual(view);
  });
});

describe("DIM's CSV of tags and notes", () => {
  const [id1, id2, id3] = [...instanceIds];
  const csv = [
    'Name,Hash,Id,Tag,Tier,Notes',
    `"Ace of Spades",347366834,"${id1}",keep,Exotic,"great, ""really"" great"`,
    `Gjallarhorn,1363886209,"${id2}",Junk,Exotic,`,
    `Other,1,"${id3}",,Legendary,`,
    `Gone,2,"6917529999999999999",favorite,Legendary,`
  ].join('\r\n');

  it('parses quoted fields with commas and doubled quotes', () => {
    expect(parseCsv('a,"b,c","d""e"\n1,2,3')).toEqual([
      ['a', 'b,c', 'd"e'],
      ['1', '2', '3']
    ]);
  });

  it('takes the Id, Tag and Notes columns of items in the account', () => {
    const { edits, report } = planCsvImport(csv, {
      membershipId: MEMBERSHIP,
      instanceIds,
      view: emptyView()
    });
    expect(edits).toEqual([
      { action: 'annotation', itemId: id1, tag: 'keep', notes: 'great, "really" great' },
      { action: 'annotation', itemId: id2, tag: 'junk', notes: null }
    ]);
    expect(report).toMatchObject({ tags: 2, notes: 1, notInAccount: 1 });
  });

  it('refuses a CSV without the columns', () => {
    expect(() =>
      planCsvImport('Name,Hash\nA,1', { membershipId: MEMBERSHIP, instanceIds, view: emptyView() })
    ).toThrow(/Id and Tag or Notes/);
  });
});
