import { Workbox } from 'workbox-window';
import { dev } from '$app/environment';

/** The installed app: its service worker, a waiting update, and whether the network is there. */
class Pwa {
  online = $state(true);
  updateWaiting = $state(false);
  private workbox: Workbox | null = null;

  start(): void {
    this.online = navigator.onLine;
    addEventListener('online', () => (this.online = true));
    addEventListener('offline', () => (this.online = false));
    if (!navigator.serviceWorker) return;
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
