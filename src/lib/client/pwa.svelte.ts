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
    if (!('serviceWorker' in navigator)) return;
    // In `vite dev` the worker is an ES module; in the build a classic script.
    this.workbox = new Workbox('/service-worker.js', { type: dev ? 'module' : 'classic' });
    this.workbox.addEventListener('waiting', () => (this.updateWaiting = true));
    this.workbox.addEventListener('controlling', () => {
      if (this.updateWaiting) location.reload();
    });
    void this.workbox.register();
  }

  /** Lets the waiting version take over; the page reloads when it does. */
  applyUpdate(): void {
    this.workbox?.messageSkipWaiting();
  }
}

export const pwa = new Pwa();
