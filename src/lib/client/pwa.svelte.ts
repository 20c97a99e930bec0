import { Workbox } from 'workbox-window';
import { dev } from '$app/environment';
import { onReachability, serverReachable } from './api';

/** A first visit installs the service worker after its first screen, or after this long at the latest. */
const INSTALL_AT_LATEST_MS = 10_000;

/** The installed app: its service worker, a waiting update, and whether the network is there. */
class Pwa {
  /** The browser says a network is connected. */
  private connected = $state(true);
  /** The app's last call reached its server. */
  private reachable = $state(true);
  updateWaiting = $state(false);
  private workbox: Workbox | null = null;
  private installTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether the app can reach its server: the browser says so, and the last call did. */
  get online(): boolean {
    return this.connected && this.reachable;
  }

  start(): void {
    this.connected = navigator.onLine;
    this.reachable = serverReachable();
    addEventListener('online', () => (this.connected = true));
    addEventListener('offline', () => (this.connected = false));
    onReachability((reachable) => (this.reachable = reachable));
    if (!navigator.serviceWorker) return;
    // A returning player's worker checks for an update at once. A first visit installs it once
    // the first screen is up: its precache (the whole app) would otherwise share a slow network
    // with the profile and definitions the vault is waiting for.
    if (navigator.serviceWorker.controller) void this.register();
    else this.installTimer = setTimeout(() => this.firstScreenShown(), INSTALL_AT_LATEST_MS);
  }

  /** The page shows what it was opened for: a first visit's worker may install now. */
  firstScreenShown(): void {
    if (this.installTimer === undefined) return;
    clearTimeout(this.installTimer);
    this.installTimer = undefined;
    void this.register();
  }

  private async register(): Promise<void> {
    // In `vite dev` the worker is an ES module; in the build a classic script.
    const workbox = new Workbox('/service-worker.js', { type: dev ? 'module' : 'classic' });
    workbox.addEventListener('waiting', () => (this.updateWaiting = true));
    workbox.addEventListener('controlling', () => {
      if (this.updateWaiting) location.reload();
    });
    try {
      if (await workbox.register()) this.workbox = workbox;
    } catch {
      // The browser refused a service worker (a policy, a private window): the app still works
      // while online, it only cannot start offline. Nothing for the player to act on.
    }
  }

  /** Lets the waiting version take over; the page reloads when it does. */
  applyUpdate(): void {
    this.workbox?.messageSkipWaiting();
  }
}

export const pwa = new Pwa();
