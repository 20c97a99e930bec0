import type { Action } from 'svelte/action';

export interface DragToOwnerOptions {
  /** An item tile (`data-item-id`) was dropped on an owner (`data-drop-owner`: "vault" or a character id). */
  onDrop: (itemId: string, owner: string) => void;
}

/** How long a touch must rest on a tile before it picks the tile up (a shorter touch scrolls or taps). */
const TOUCH_HOLD_MS = 350;
/** How far a mouse moves with the button down before that is a drag, not a click. */
const MOUSE_SLOP_PX = 6;

/** How near the window's top or bottom edge a drag scrolls the page, and how fast at most. */
const EDGE_PX = 72;
const MAX_SCROLL_PX = 18;

/**
 * Pixels to scroll this frame for a drag at `y` in a window `height` tall: nothing away from the
 * edges, faster the deeper into an edge band (negative: up). A long vault scrolls under the tile
 * towards a column's cell far above or below.
 */
export function edgeScrollSpeed(y: number, height: number): number {
  if (y < EDGE_PX) return -Math.ceil(((EDGE_PX - Math.max(0, y)) / EDGE_PX) * MAX_SCROLL_PX);
  const fromBottom = height - y;
  if (fromBottom < EDGE_PX)
    return Math.ceil(((EDGE_PX - Math.max(0, fromBottom)) / EDGE_PX) * MAX_SCROLL_PX);
  return 0;
}

/**
 * Drag an item tile onto an owner (a character banner, the vault heading) to move it there; with a
 * mouse, pen or finger alike (pointer events: a finger holds first, so a swipe still scrolls).
 * Listens on one container, so tiles rendered later are draggable too.
 */
export const dragToOwner: Action<HTMLElement, DragToOwnerOptions> = (container, initial) => {
  let options = initial;
  let pressed: {
    tile: HTMLElement;
    pointerId: number;
    x: number;
    y: number;
    touch: boolean;
    held: boolean;
    timer?: ReturnType<typeof setTimeout>;
  } | null = null;
  let ghost: HTMLElement | null = null;
  let target: HTMLElement | null = null;
  let suppressClick = false;
  /** Where the pointer is while dragging, and the frame that scrolls the page near an edge. */
  let at = { x: 0, y: 0 };
  let scrollFrame = 0;

  function scrollNearEdges() {
    const speed = edgeScrollSpeed(at.y, innerHeight);
    if (speed) {
      scrollBy(0, speed);
      moveDrag(at.x, at.y); // what is under the pointer changed with the page
    }
    scrollFrame = requestAnimationFrame(scrollNearEdges);
  }

  const ownerAt = (x: number, y: number) =>
    (document.elementFromPoint(x, y)?.closest('[data-drop-owner]') as HTMLElement | null) ?? null;

  function startDrag(x: number, y: number) {
    if (!pressed) return;
    ghost = pressed.tile.cloneNode(true) as HTMLElement;
    ghost.removeAttribute('data-item-id');
    Object.assign(ghost.style, {
      position: 'fixed',
      left: `${x - 26}px`,
      top: `${y - 26}px`,
      pointerEvents: 'none',
      zIndex: '50',
      opacity: '0.85'
    });
    ghost.setAttribute('aria-hidden', 'true');
    document.body.append(ghost);
    document.documentElement.classList.add('dragging-item');
    at = { x, y };
    cancelAnimationFrame(scrollFrame);
    scrollFrame = requestAnimationFrame(scrollNearEdges);
  }

  function moveDrag(x: number, y: number) {
    if (!ghost) return;
    at = { x, y };
    ghost.style.left = `${x - 26}px`;
    ghost.style.top = `${y - 26}px`;
    const over = ownerAt(x, y);
    if (over !== target) {
      target?.classList.remove('drop-target');
      over?.classList.add('drop-target');
      target = over;
    }
  }

  function end(drop: boolean) {
    if (pressed?.timer) clearTimeout(pressed.timer);
    cancelAnimationFrame(scrollFrame);
    if (ghost && drop && target && pressed) {
      options.onDrop(pressed.tile.dataset.itemId ?? '', target.dataset.dropOwner ?? '');
    }
    if (ghost) suppressClick = true;
    ghost?.remove();
    ghost = null;
    target?.classList.remove('drop-target');
    target = null;
    pressed = null;
    document.documentElement.classList.remove('dragging-item');
  }

  function onPointerDown(event: PointerEvent) {
    // One drag at a time: a second finger does not take over the tile the first one holds.
    if (pressed || ghost) return;
    const tile = (event.target as Element | null)?.closest('[data-item-id]') as HTMLElement | null;
    if (!tile || event.button !== 0) return;
    const touch = event.pointerType === 'touch';
    pressed = {
      tile,
      pointerId: event.pointerId,
      x: event.clientX,
      y: event.clientY,
      touch,
      held: !touch
    };
    if (touch) {
      pressed.timer = setTimeout(() => {
        if (!pressed) return;
        pressed.held = true;
        startDrag(pressed.x, pressed.y);
      }, TOUCH_HOLD_MS);
    }
  }

  function onPointerMove(event: PointerEvent) {
    if (!pressed || event.pointerId !== pressed.pointerId) return;
    const moved = Math.hypot(event.clientX - pressed.x, event.clientY - pressed.y);
    if (!ghost) {
      // A finger that moves before the hold is scrolling; a mouse that moves far enough is dragging.
      if (pressed.touch && !pressed.held) {
        if (moved > MOUSE_SLOP_PX) end(false);
        return;
      }
      if (moved < MOUSE_SLOP_PX) return;
      startDrag(event.clientX, event.clientY);
    }
    moveDrag(event.clientX, event.clientY);
  }

  // While a finger drags, the page must not scroll under it.
  function onTouchMove(event: TouchEvent) {
    if (ghost) event.preventDefault();
  }

  function onClick(event: MouseEvent) {
    if (!suppressClick) return;
    suppressClick = false;
    event.preventDefault();
    event.stopPropagation();
  }

  const onUp = (event: PointerEvent) =>
    pressed && event.pointerId === pressed.pointerId && end(true);
  const onCancel = () => end(false);
  const onKey = (event: KeyboardEvent) => event.key === 'Escape' && end(false);
  container.addEventListener('pointerdown', onPointerDown);
  addEventListener('pointermove', onPointerMove);
  addEventListener('pointerup', onUp);
  addEventListener('pointercancel', onCancel);
  addEventListener('keydown', onKey);
  addEventListener('touchmove', onTouchMove, { passive: false });
  container.addEventListener('click', onClick, true);
  // A held touch would open the browser's context menu over the tile.
  const onContextMenu = (event: Event) => pressed?.touch && event.preventDefault();
  container.addEventListener('contextmenu', onContextMenu);

  return {
    update(next: DragToOwnerOptions) {
      options = next;
    },
    destroy() {
      end(false);
      container.removeEventListener('pointerdown', onPointerDown);
      removeEventListener('pointermove', onPointerMove);
      removeEventListener('pointerup', onUp);
      removeEventListener('pointercancel', onCancel);
      removeEventListener('keydown', onKey);
      removeEventListener('touchmove', onTouchMove);
      container.removeEventListener('click', onClick, true);
      container.removeEventListener('contextmenu', onContextMenu);
    }
  };
};
