import type {
  DestinyItemPlugBase,
  DestinyItemSocketState,
  DestinyObjectiveProgress
} from 'bungie-api-ts/destiny2';

/**
 * What an item sheet shows of one instance beyond what the vault needs: its sockets and the
 * progress its plugs track. Compact on purpose: it comes along with every profile, for hundreds of
 * items.
 */
export interface ItemDetail {
  /**
   * By socket index, as the item's definition numbers its sockets: null for a socket the game
   * hides; else the plugged plug's hash (0 when the socket is empty) followed by the other plugs
   * the player can select there (component 310), in Bungie's order. Trailing hidden sockets are
   * left out.
   */
  sockets: (number[] | null)[];
  /**
   * What plugs track (kill trackers, crafted level, catalysts), by plug hash: each objective as
   * `[objectiveHash, progress, completionValue]`.
   */
  plugObjectives?: Record<string, ObjectiveProgress[]>;
}

export type ObjectiveProgress = [objectiveHash: number, progress: number, completionValue: number];

/** Item details by instance id. */
export type ItemDetails = Record<string, ItemDetail>;

/** The parts of GetProfile's item components read here (305, 309, 310). */
export interface ItemDetailInput {
  sockets?: { data?: Record<string, { sockets: readonly SocketState[] }> };
  reusablePlugs?: {
    data?: Record<
      string,
      { plugs: Record<string, readonly Pick<DestinyItemPlugBase, 'plugItemHash'>[]> }
    >;
  };
  plugObjectives?: {
    data?: Record<string, { objectivesPerPlug: Record<string, readonly ObjectiveInput[]> }>;
  };
}

type SocketState = Pick<DestinyItemSocketState, 'plugHash' | 'isVisible'>;
type ObjectiveInput = Pick<
  DestinyObjectiveProgress,
  'objectiveHash' | 'progress' | 'completionValue'
>;

/** Every instance's sockets, selectable plugs and plug objectives, slimmed to `ItemDetail`. */
export function slimItemDetails(input: ItemDetailInput | undefined): ItemDetails {
  const sockets = input?.sockets?.data ?? {};
  const reusable = input?.reusablePlugs?.data ?? {};
  const objectives = input?.plugObjectives?.data ?? {};
  const details: ItemDetails = {};
  for (const id of new Set([...Object.keys(sockets), ...Object.keys(objectives)])) {
    const detail: ItemDetail = {
      sockets: slimSockets(sockets[id]?.sockets ?? [], reusable[id]?.plugs ?? {})
    };
    const tracked = slimObjectives(objectives[id]?.objectivesPerPlug ?? {});
    if (tracked) detail.plugObjectives = tracked;
    if (detail.sockets.length || detail.plugObjectives) details[id] = detail;
  }
  return details;
}

function slimSockets(
  states: readonly SocketState[],
  selectable: Record<string, readonly Pick<DestinyItemPlugBase, 'plugItemHash'>[]>
): (number[] | null)[] {
  const slim = states.map((state, index) => {
    if (!state.isVisible) return null;
    const plugged = state.plugHash ?? 0;
    const others = (selectable[index] ?? [])
      .map((plug) => plug.plugItemHash)
      .filter((hash) => hash !== plugged);
    return [plugged, ...new Set(others)];
  });
  while (slim.length && slim.at(-1) === null) slim.pop();
  return slim;
}

function slimObjectives(
  perPlug: Record<string, readonly ObjectiveInput[]>
): Record<string, ObjectiveProgress[]> | undefined {
  const entries = Object.entries(perPlug)
    .map(([plugHash, list]): [string, ObjectiveProgress[]] => [
      plugHash,
      list.map((o) => [o.objectiveHash, o.progress ?? 0, o.completionValue])
    ])
    .filter(([, list]) => list.length > 0);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
