/**
 * A double tap on a sheet's button (or on a tile) is two taps: the first acts and closes (or opens)
 * the sheet, and the second lands on whatever is underneath — a character's page, the sheet's own
 * backdrop. For a moment after the sheet opens or closes, the second tap of a double tap (a click
 * whose `detail` counts 2 or more) does nothing. Single taps, however quick, are never held back.
 */
const SHIELD_MS = 600;
let until = 0;
let installed = false;

export function shieldDoubleTap(now = performance.now()): void {
  until = now + SHIELD_MS;
  if (installed) return;
  installed = true;
  addEventListener(
    'click',
    (event: Event) => {
      if ((event as MouseEvent).detail >= 2 && performance.now() < until) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    { capture: true }
  );
}

/**
 * After the sheet closes, focus goes back to the tile of the item it showed (wherever that tile is
 * now, the item may have moved), else to the page's main region: never to the document's body.
 */
export function focusTileOf(itemId: string | null): void {
  const tile = itemId
    ? document.querySelector<HTMLElement>(`main [data-item-id="${CSS.escape(itemId)}"]`)
    : null;
  (tile ?? document.getElementById('main'))?.focus({ preventScroll: tile === null });
}
