import * as v from 'valibot';
import type { PlayerDataEdit } from './edits.ts';
import { annotationOf, type PlayerDataView } from './player-data-view.ts';
import { isItemTag, type ItemTag, type Loadout } from './shapes.ts';
import { updateSchema } from './update-schema.ts';

/**
 * DIM's "Export data" file (dim-api `api/shapes/export.ts`) read into this app's edits, and this
 * app's data written back in the same shape, so a player can move either way.
 */

/** What the device knows while importing: whose data it is, and what the account holds now. */
export interface ImportContext {
  membershipId: string;
  /** Instance ids of the items in the account now. */
  instanceIds: ReadonlySet<string>;
  /** The player's data as the device shows it (pending edits applied). */
  view: PlayerDataView;
}

export interface ImportReport {
  tags: number;
  notes: number;
  loadouts: number;
  /** Tags (and notes) of uninstanced items, by item hash. */
  hashTags: number;
  searches: number;
  /** Annotations whose item is no longer in the account: not imported. */
  notInAccount: number;
  /** Records of another membership or of Destiny 1: not imported. */
  otherAccounts: number;
  /** Records the device already holds as they are. */
  unchanged: number;
  /** Records that break a rule (an unknown tag, notes too long…): not imported. */
  invalid: number;
}

export interface ImportPlan {
  edits: PlayerDataEdit[];
  report: ImportReport;
}

/** A report of nothing done yet, for an importer to count into. */
export const emptyReport = (): ImportReport => ({
  tags: 0,
  notes: 0,
  loadouts: 0,
  hashTags: 0,
  searches: 0,
  notInAccount: 0,
  otherAccounts: 0,
  unchanged: 0,
  invalid: 0
});

/** A file that is not a DIM backup, in words for the player. */
export class NotADimBackup extends Error {}

interface DimAnnotation {
  id?: unknown;
  tag?: unknown;
  notes?: unknown;
  craftedDate?: unknown;
}
type Entry = Record<string, unknown>;

const list = (value: unknown): Entry[] =>
  Array.isArray(value) ? value.filter((e): e is Entry => typeof e === 'object' && e !== null) : [];
const tagOf = (value: unknown): ItemTag | undefined => (isItemTag(value) ? value : undefined);
const notesOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;
/** Whether an edit is one the edge takes (the same rules, checked before anything is queued). */
const acceptable = (edit: PlayerDataEdit) =>
  v.safeParse(updateSchema, { ...edit, id: 'import' }).success;

/** The edits that bring a DIM backup's records of this membership onto the device, and what they are. */
export function planDimImport(backup: unknown, context: ImportContext): ImportPlan {
  if (typeof backup !== 'object' || backup === null)
    throw new NotADimBackup('This file is not a DIM backup (it holds no tags or loadouts).');
  const file = backup as Entry;
  if (!Array.isArray(file.tags) && !Array.isArray(file.loadouts))
    throw new NotADimBackup('This file is not a DIM backup (it holds no tags or loadouts).');
  const report = emptyReport();
  const edits: PlayerDataEdit[] = [];
  const ours = (entry: Entry) =>
    entry.platformMembershipId === context.membershipId && (entry.destinyVersion ?? 2) === 2;
  const take = (edit: PlayerDataEdit, counted: () => void) => {
    if (!acceptable(edit)) report.invalid++;
    else {
      edits.push(edit);
      counted();
    }
  };

  for (const entry of list(file.tags)) {
    if (!ours(entry)) {
      report.otherAccounts++;
      continue;
    }
    const annotation = (entry.annotation ?? {}) as DimAnnotation;
    const id = String(annotation.id ?? '');
    const tag = tagOf(annotation.tag);
    const notes = notesOf(annotation.notes);
    if (!context.instanceIds.has(id)) {
      report.notInAccount++;
      continue;
    }
    const current = annotationOf(context.view, { id, hash: 0, instanced: true });
    if ((current?.tag ?? undefined) === tag && (current?.notes ?? undefined) === notes) {
      report.unchanged++;
      continue;
    }
    const craftedDate =
      typeof annotation.craftedDate === 'number' ? annotation.craftedDate : undefined;
    take(
      {
        action: 'annotation',
        itemId: id,
        tag: tag ?? null,
        notes: notes ?? null,
        ...(craftedDate !== undefined && { craftedDate })
      },
      () => {
        if (tag) report.tags++;
        if (notes) report.notes++;
      }
    );
  }

  for (const entry of list(file.itemHashTags)) {
    const hash = Number(entry.hash);
    const tag = tagOf(entry.tag);
    const notes = notesOf(entry.notes);
    const current = context.view.hashAnnotations[String(hash)];
    if ((current?.tag ?? undefined) === tag && (current?.notes ?? undefined) === notes) {
      report.unchanged++;
      continue;
    }
    take(
      { action: 'hash_annotation', itemHash: hash, tag: tag ?? null, notes: notes ?? null },
      () => report.hashTags++
    );
  }

  for (const entry of list(file.loadouts)) {
    if (!ours(entry)) {
      report.otherAccounts++;
      continue;
    }
    const parsed = v.safeParse(updateSchema, {
      id: 'import',
      action: 'loadout',
      loadout: entry.loadout
    });
    if (!parsed.success || parsed.output.action !== 'loadout') {
      report.invalid++;
      continue;
    }
    const loadout: Loadout = parsed.output.loadout;
    if (sameJson(context.view.loadouts[loadout.id], loadout)) {
      report.unchanged++;
      continue;
    }
    edits.push({ action: 'loadout', loadout });
    report.loadouts++;
  }

  for (const entry of list(file.searches)) {
    if ((entry.destinyVersion ?? 2) !== 2) {
      report.otherAccounts++;
      continue;
    }
    const search = (entry.search ?? {}) as Entry;
    const query = typeof search.query === 'string' ? search.query : '';
    const saved = search.saved === true;
    if (context.view.searches[query]) {
      report.unchanged++;
      continue;
    }
    const uses = Number.isInteger(search.usageCount) ? (search.usageCount as number) : 1;
    take({ action: 'search', query, uses, saved }, () => report.searches++);
  }
  return { edits, report };
}

function sameJson(a: unknown, b: unknown): boolean {
  return a !== undefined && JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Entry)[key])])
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What an import did, as the settings page tells it. */
export function describeImport(report: ImportReport): string {
  const parts = [
    `Imported ${plural(report.tags, 'tag')}, ${plural(report.notes, 'note')}, ${plural(report.loadouts, 'loadout')}`
  ];
  if (report.hashTags) parts.push(`${plural(report.hashTags, 'tag')} of uninstanced items`);
  if (report.searches) parts.push(plural(report.searches, 'search', 'searches'));
  const notes = [
    report.notInAccount &&
      `${plural(report.notInAccount, 'tag is', 'tags are')} for items no longer in your account`,
    report.unchanged && `${plural(report.unchanged, 'record was', 'records were')} already here`,
    report.otherAccounts &&
      `${plural(report.otherAccounts, 'record is', 'records are')} for another account or Destiny 1`,
    report.invalid &&
      `${plural(report.invalid, 'record breaks', 'records break')} a rule and was left out`
  ].filter(Boolean);
  return `${parts.join(', ')}${notes.length ? `; ${notes.join('; ')}` : ''}.`;
}

/** The player's data in the shape DIM's "Export data" writes (and imports). */
export function exportDimBackup(view: PlayerDataView, membershipId: string) {
  return {
    settings: {},
    loadouts: Object.values(view.loadouts).map((loadout) => ({
      platformMembershipId: membershipId,
      destinyVersion: 2,
      loadout
    })),
    tags: Object.values(view.annotations).map((annotation) => ({
      platformMembershipId: membershipId,
      destinyVersion: 2,
      annotation
    })),
    itemHashTags: Object.values(view.hashAnnotations),
    triumphs: [],
    searches: Object.values(view.searches).map((search) => ({
      destinyVersion: 2,
      // DIM's search type 1 is the item search.
      search: { ...search, type: 1 }
    }))
  };
}
