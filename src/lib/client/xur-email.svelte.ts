import type { XurNoticesResponse } from '$lib/shared/api-shapes';
import { callApi } from './api';

/**
 * The player's wish for Xûr's stock by email, as the edge keeps it (one address a player, mailed
 * once confirmed from the email sent to it). Read and changed online only: the confirmation is
 * an email, so nothing here can wait for a connection.
 */
class XurEmail {
  /** Whether this deployment sends email; unknown until read. */
  offered = $state<boolean | null>(null);
  email = $state<XurNoticesResponse['email']>(null);
  busy = $state(false);
  problem = $state<string | null>(null);

  async load(): Promise<void> {
    await this.act(async () => {
      const answer = await callApi<XurNoticesResponse>('/api/notices/xur');
      this.offered = answer.mail;
      this.email = answer.email;
    });
  }

  async ask(address: string): Promise<void> {
    await this.act(async () => {
      this.email = await callApi<XurNoticesResponse['email']>('/api/notices/xur/email', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ address })
      });
    });
  }

  async stop(): Promise<void> {
    await this.act(async () => {
      await callApi('/api/notices/xur/email', { method: 'DELETE' });
      this.email = null;
    });
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.problem = null;
    try {
      await work();
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }
}

export const xurEmail = new XurEmail();
