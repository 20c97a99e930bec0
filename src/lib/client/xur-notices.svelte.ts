import type { ConfigResponse } from '$lib/shared/api-shapes';
import { ownedExotics } from '$lib/domain/xur/arrival';
import { ApiCallError, callApi } from './api';
import { vault } from './vault.svelte';

/**
 * This device's Xûr notices: the browser's push subscription (made with the deployment's VAPID
 * key) and its copy at the edge, which the cron Worker pushes to when he arrives. The browser's
 * subscription is the truth on the device: on when it exists. Turning on needs a connection (the
 * push service and the edge both have to hear of it), and says so offline.
 */
export type NoticeState = 'checking' | 'unsupported' | 'blocked' | 'off' | 'on';

const ENDPOINT = '/api/notices/xur/push';

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window;

/** The app's service worker, once active (`ready` would wait forever where none is registered). */
async function activeRegistration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!supported() || !(await navigator.serviceWorker.getRegistration())) return undefined;
  return navigator.serviceWorker.ready;
}

const toBase64Url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The browser's subscription for `pushKey`: the one it has if made for that key, else a new one. */
async function current(
  reg: ServiceWorkerRegistration,
  held: PushSubscription | null,
  pushKey: string
): Promise<PushSubscription> {
  const madeWith = held?.options?.applicationServerKey;
  if (held && madeWith && toBase64Url(madeWith) !== pushKey) await held.unsubscribe();
  else if (held) return held;
  return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: pushKey });
}

const send = (method: 'PUT' | 'DELETE', body: unknown) =>
  callApi(ENDPOINT, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });

function describe(error: unknown): string {
  if (error instanceof ApiCallError) return error.message;
  if (error instanceof DOMException && error.name === 'NotAllowedError')
    return 'Notifications are blocked for this site in the browser’s settings.';
  if (error instanceof DOMException && error.name === 'AbortError')
    return 'This browser’s push service could not be reached. Try again later.';
  return error instanceof Error ? error.message : String(error);
}

/** This device's choice of "only when he sells an exotic I do not own" (not account data). */
const ONLY_LACKING = 'vault-raider:xur-only-lacking';

class XurNotices {
  state = $state<NoticeState>('checking');
  onlyLacking = $state(false);
  busy = $state(false);
  problem = $state<string | null>(null);

  /**
   * Reads the browser's state; when on, renews the edge's copy (it drops one its push service
   * refused), and subscribes again if the deployment's key changed since (the old subscription
   * can no longer be pushed to).
   */
  async load(): Promise<void> {
    this.onlyLacking = localStorage.getItem(ONLY_LACKING) === 'yes';
    if (!supported()) {
      this.state = 'unsupported';
      return;
    }
    if (Notification.permission === 'denied') {
      this.state = 'blocked';
      return;
    }
    const reg = await navigator.serviceWorker.getRegistration();
    const subscription = (await reg?.pushManager.getSubscription()) ?? null;
    this.state = subscription ? 'on' : 'off';
    if (!reg || !subscription || !navigator.onLine) return;
    try {
      const { pushKey } = await callApi<ConfigResponse>('/api/config');
      if (!pushKey) return;
      const renewed = this.withChoice(await current(reg, subscription, pushKey));
      // Without the player's items at hand, the edge keeps the exotics it was last told of.
      if (renewed) await send('PUT', renewed);
    } catch {
      // Renewing is a courtesy: the next visit tries again.
    }
  }

  async start(): Promise<void> {
    await this.act(async () => {
      // Asked first, while the tap still counts as the player's own gesture (Safari insists).
      const permission = await Notification.requestPermission();
      if (permission === 'denied') {
        this.state = 'blocked';
        throw new Error('Notifications are blocked for this site in the browser’s settings.');
      }
      if (permission !== 'granted')
        throw new Error('Notifications were not allowed, so no notice could be shown.');
      const reg = await activeRegistration();
      if (!reg) throw new Error('This browser cannot receive push notices here.');
      const { pushKey } = await callApi<ConfigResponse>('/api/config');
      if (!pushKey) throw new Error('This server does not send push notices.');
      const subscription = await current(reg, await reg.pushManager.getSubscription(), pushKey);
      try {
        await send('PUT', this.withChoice(subscription) ?? subscription.toJSON());
      } catch (error) {
        // The edge never heard of it: a subscription nobody pushes to would only mislead.
        await subscription.unsubscribe();
        throw error;
      }
      this.state = 'on';
    });
  }

  async stop(): Promise<void> {
    await this.act(async () => {
      const subscription = await (
        await navigator.serviceWorker.getRegistration()
      )?.pushManager.getSubscription();
      if (subscription) {
        await send('DELETE', { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      this.state = 'off';
    });
  }

  /**
   * On sign-out this device (perhaps shared) stops hearing of Xûr for that player: the edge is
   * told while the session lasts, and the browser's subscription is dropped either way (a push to
   * it then answers 410, and the cron Worker removes it). Never in the way of signing out.
   */
  async forget(tellEdge: boolean): Promise<void> {
    try {
      const subscription = await (
        await navigator.serviceWorker?.getRegistration()
      )?.pushManager?.getSubscription();
      if (!subscription) return;
      if (tellEdge)
        await send('DELETE', { endpoint: subscription.endpoint }).catch(() => undefined);
      await subscription.unsubscribe();
      this.state = 'off';
    } catch {
      // No push here, or the browser refused: nothing to forget.
    }
  }

  /** "Only when he sells an exotic I do not own": kept on this device, and told to the edge when on. */
  async setOnlyLacking(only: boolean): Promise<void> {
    this.onlyLacking = only;
    localStorage.setItem(ONLY_LACKING, only ? 'yes' : 'no');
    if (this.state !== 'on') return;
    await this.act(async () => {
      const subscription = await (
        await navigator.serviceWorker.getRegistration()
      )?.pushManager.getSubscription();
      if (subscription) await send('PUT', this.withChoice(subscription) ?? subscription.toJSON());
    });
  }

  /**
   * The subscription as the edge takes it: with the exotics the player owns when they asked only
   * about those they lack (undefined while the device has no profile to read them from).
   */
  private withChoice(subscription: PushSubscription): object | undefined {
    if (!this.onlyLacking) return subscription.toJSON();
    if (!vault.profile) return undefined;
    return {
      ...subscription.toJSON(),
      ownedExotics: ownedExotics(vault.profile.items, (hash) => vault.definitions.get(hash))
    };
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.problem = null;
    try {
      if (!navigator.onLine) throw new Error('Xûr notices need a connection to turn on or off.');
      await work();
    } catch (error) {
      this.problem = describe(error);
    } finally {
      this.busy = false;
    }
  }
}

export const xurNotices = new XurNotices();
