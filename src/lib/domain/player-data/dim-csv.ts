import type { ImportContext, ImportPlan } from './dim-backup.ts';
import { emptyReport, NotADimBackup } from './dim-backup.ts';
import type { PlayerDataEdit } from './edits.ts';
import { LIMITS } from './limits.ts';
import { isItemTag } from './shapes.ts';

/** Rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f !== ''));
}

/**
 * The tags and notes of DIM's CSV export (its Weapons and Armor files): the `Id`, `Tag` and `Notes`
 * columns, for the items in the account. Other columns are DIM's view of the item, not the player's.
 */
export function planCsvImport(text: string, context: ImportContext): ImportPlan {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const column = (name: string) =>
    header ? header.findIndex((h) => h.trim().toLowerCase() === name) : -1;
  const id = column('id');
  const tag = column('tag');
  const notes = column('notes');
  if (id < 0 || (tag < 0 && notes < 0))
    throw new NotADimBackup('This CSV has no Id and Tag or Notes columns (DIM writes them).');
  const report = emptyReport();
  const edits: PlayerDataEdit[] = [];
  for (const row of rows) {
    // DIM writes ids as `"id"` with a leading quote mark in some versions, so a sheet keeps its digits.
    const itemId = (row[id] ?? '').replace(/\D/g, '');
    const rowTag = (row[tag] ?? '').trim().toLowerCase();
    const rowNotes = notes < 0 ? undefined : (row[notes] ?? '').trim() || undefined;
    if (!rowTag && !rowNotes) continue;
    if (!context.instanceIds.has(itemId)) {
      report.notInAccount++;
      continue;
    }
    if ((rowTag && !isItemTag(rowTag)) || (rowNotes?.length ?? 0) > LIMITS.notes) {
      report.invalid++;
      continue;
    }
    const current = context.view.annotations[itemId];
    const nextTag = isItemTag(rowTag) ? rowTag : undefined;
    if (current?.tag === nextTag && current?.notes === rowNotes) {
      report.unchanged++;
      continue;
    }
    edits.push({
      action: 'annotation',
      itemId,
      ...(tag >= 0 && { tag: nextTag ?? null }),
      ...(notes >= 0 && { notes: rowNotes ?? null })
    });
    if (nextTag) report.tags++;
    if (rowNotes) report.notes++;
  }
  return { edits, report };
}
