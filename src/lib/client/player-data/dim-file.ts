import {
  exportDimBackup,
  planDimImport,
  type ImportPlan
} from '$lib/domain/player-data/dim-backup';
import { NotADimBackup } from '$lib/domain/player-data/dim-backup';
import { planCsvImport } from '$lib/domain/player-data/dim-csv';
import type { PlayerDataView } from '$lib/domain/player-data/player-data-view';
import type { ProfileResponse } from '$lib/shared/api-shapes';

/** The largest file read: DIM's backups are a few hundred KB; a bigger one is not one of them. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Plans the import of a file the player picked: DIM's JSON backup, or its CSV of tags and notes. */
export async function planFileImport(
  file: File,
  profile: ProfileResponse,
  view: PlayerDataView
): Promise<ImportPlan> {
  if (file.size > MAX_FILE_BYTES)
    throw new NotADimBackup('This file is too large to be a DIM backup.');
  const text = await file.text();
  const context = {
    membershipId: profile.membershipId,
    instanceIds: new Set(profile.items.filter((i) => i.instanced).map((i) => i.id)),
    view
  };
  if (/\.csv$/i.test(file.name) || file.type === 'text/csv') return planCsvImport(text, context);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NotADimBackup('This file is not a DIM backup (it is not JSON or CSV).');
  }
  return planDimImport(json, context);
}

/** Saves the player's data as a file, in the shape DIM's "Export data" writes. */
export function downloadExport(view: PlayerDataView, membershipId: string): void {
  const body = JSON.stringify(exportDimBackup(view, membershipId), null, 1);
  const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `vault-raider-data-${new Date().toISOString().slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
