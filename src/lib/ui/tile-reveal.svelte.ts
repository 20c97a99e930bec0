import { flushSync, untrack } from 'svelte';

/** Tile size and gap of a TileGrid (px), to size a section before its tiles are in the page. */
export const TILE_PX = 52;
export const GAP_PX = 6;

/**
 * Real time one pass of tiles may take. A phone several times slower than a laptop then still
 * stays well under the 50 ms after which a task blocks a tap.
 */
const PASS_BUDGET_MS = 3;
const MAX_PASS = 32;

/**
 * The next pass's size in tiles, from how long the last one took: aims at the budget, grows by
 * half at most (the time measured leaves out the style and layout that follow), never below one.
 */
export function nextPassSize(previous: number, elapsedMs: number): number {
  const aimed = elapsedMs > 0 ? Math.round((previous * PASS_BUDGET_MS) / elapsedMs) : MAX_PASS;
  return Math.max(1, Math.min(MAX_PASS, Math.ceil(previous * 1.5), aimed));
}

/** The height (px) `count` tiles take in a grid `width` px wide. */
export function gridHeight(count: number, width: number): number {
  if (count === 0 || width <= 0) return 0;
  const columns = Math.max(1, Math.floor((width + GAP_PX) / (TILE_PX + GAP_PX)));
  return Math.ceil(count / columns) * (TILE_PX + GAP_PX) - GAP_PX;
}

/** One section's share of the page: how many of its tiles are rendered so far. */
export class RevealSlot {
  shown = $state(0);
  /** Whether the section is on screen or about to be. */
  near = false;
  readonly total: () => number;
  constructor(total: () => number, shown = 0) {
    this.total = total;
    this.shown = shown;
  }
  get complete(): boolean {
    return this.shown >= this.total();
  }
}

/**
 * Puts a long page of tiles into the document as the player reaches them, without long tasks: a
 * section's tiles are rendered when it comes within a quarter screen of the viewport, a few per task,
 * each pass sized from how long the last took. Every section has its full height from the start,
 * so nothing on screen moves as tiles arrive and the scroll bar is right at once. Rendering the
 * whole vault up front costs a phone most of a second of ignored taps, for tiles it may never show.
 */
export class TileReveal {
  /** The width of a section (px), shared by all; 0 until measured. */
  width = $state(0);
  private readonly slots: { slot: RevealSlot; node: HTMLElement }[] = [];
  private passSize = 6;
  private created = 0;
  /** The next pass, when one is due. */
  private timer: ReturnType<typeof setTimeout> | undefined;
  private finished = false;
  private intersections: IntersectionObserver | undefined;
  private sizes: ResizeObserver | undefined;
  private readonly first: number;
  private readonly onComplete: () => void;

  constructor(options: { first: number; onComplete?: () => void }) {
    this.first = options.first;
    this.onComplete = options.onComplete ?? (() => {});
  }

  /** A slot for a section: the first starts with a screenful; once every section is whole, new ones come whole. */
  slot(total: () => number): RevealSlot {
    if (this.finished) return new RevealSlot(total, Number.POSITIVE_INFINITY);
    // Sections are created in document order, before any is in the document.
    return new RevealSlot(total, this.created++ === 0 ? this.first : 0);
  }

  /** An attachment for the section's element: tracks how near the screen it is. */
  track(slot: RevealSlot): (node: HTMLElement) => () => void {
    return (node) => {
      const entry = { slot, node };
      // Registration reads the sections' progress: untracked, or every pass would re-run each
      // section's attachment (unobserve, observe again) through the effect it runs in.
      untrack(() => {
        this.observe(node, slot);
        // Document order, so sections fill top to bottom.
        const after = this.slots.findIndex(
          (s) => s.node.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING
        );
        this.slots.splice(after < 0 ? this.slots.length : after, 0, entry);
        this.schedule();
      });
      return () => {
        this.intersections?.unobserve(node);
        this.sizes?.unobserve(node);
        const at = this.slots.indexOf(entry);
        if (at >= 0) this.slots.splice(at, 1);
        // The section that was last to fill may be the one leaving.
        this.recount();
      };
    };
  }

  /**
   * A section's count changed. A refresh can shrink a section to what it already shows, completing
   * it with no pass or scroll to notice; without this the page would never be whole.
   */
  recount(): void {
    if (this.finished || this.timer !== undefined) return;
    // After the flush that changed it, once every section of that flush has registered.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    });
  }

  /** Stops everything (the page is leaving). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.intersections?.disconnect();
    this.sizes?.disconnect();
  }

  private observe(node: HTMLElement, slot: RevealSlot): void {
    if (typeof IntersectionObserver === 'undefined') {
      slot.near = true;
      return;
    }
    this.intersections ??= new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const found = this.slots.find((s) => s.node === e.target);
          if (found) found.slot.near = e.isIntersecting;
        }
        this.schedule();
      },
      { rootMargin: '25% 0px' }
    );
    this.intersections.observe(node);
    // One section's width stands for all (they share the column). Read once at once, before the
    // first paint (a later read would move what is on screen), then kept up to date.
    if (!this.sizes) {
      this.width = node.getBoundingClientRect().width;
      this.sizes = new ResizeObserver((entries) => {
        const width = entries.at(-1)?.contentRect.width ?? 0;
        if (width > 0 && width !== this.width) this.width = width;
      });
      this.sizes.observe(node);
    }
  }

  private next(): RevealSlot | undefined {
    return this.slots.find((s) => !s.slot.complete && s.slot.near)?.slot;
  }

  private schedule(): void {
    const next = this.next();
    if (!next) {
      if (this.slots.every((s) => s.slot.complete)) this.finish();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.reveal();
      this.schedule();
    });
  }

  private reveal(): void {
    const slot = this.next();
    if (!slot) return;
    const started = performance.now();
    const shown = slot.shown + this.passSize;
    slot.shown = shown >= slot.total() ? Number.POSITIVE_INFINITY : shown;
    flushSync();
    this.passSize = nextPassSize(this.passSize, performance.now() - started);
  }

  private finish(): void {
    if (this.finished || this.slots.length === 0) return;
    this.finished = true;
    // What a later refresh adds shows at once.
    for (const { slot } of this.slots) slot.shown = Number.POSITIVE_INFINITY;
    this.onComplete();
  }
}
