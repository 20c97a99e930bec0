import type { ConfigResponse } from '$lib/shared/api-shapes';
import { ApiCallError, callApi } from './api';

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

class XurNotices {
  state = $state<NoticeState>('checking');
  busy = $state(false);
  problem = $state<string | null>(null);

  /** Reads the browser's state; when on, renews the edge's copy (it drops one its push service called gone). */
  async load(): Promise<void> {
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
    if (subscription && navigator.onLine)
      await send('PUT', subscription.toJSON()).catch(() => undefined);
  }

  async start(): Promise<void> {
    await this.act(async () => {
      const reg = await activeRegistration();
      if (!reg) throw new Error('This browser cannot receive push notices here.');
      const { pushKey } = await callApi<ConfigResponse>('/api/config');
      if (!pushKey) throw new Error('This server does not send push notices.');
      if ((await Notification.requestPermission()) !== 'granted') {
        this.state = 'blocked';
        throw new Error('Notifications are blocked for this site in the browser’s settings.');
      }
      const subscription = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: pushKey
      });
      try {
        await send('PUT', subscription.toJSON());
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
