import { callApi } from './api';

/** What a link from a Xûr email asks: to confirm the address it was sent to, or to stop the emails. */
export interface EmailLink {
  do: 'confirm' | 'stop';
  player: string;
  token: string;
}

export function emailLinkOf(params: URLSearchParams): EmailLink | undefined {
  const action = params.get('do');
  const player = params.get('player');
  const token = params.get('token');
  if ((action !== 'confirm' && action !== 'stop') || !player || !token) return undefined;
  return { do: action, player, token };
}

/** Carries out a link from a Xûr email once the reader clicked (never on opening it). */
class EmailLinkAction {
  outcome = $state<string | null>(null);
  problem = $state<string | null>(null);
  busy = $state(false);

  async run(link: EmailLink): Promise<void> {
    this.busy = true;
    this.problem = null;
    try {
      const body = JSON.stringify({ player: link.player, token: link.token });
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
      if (link.do === 'confirm') {
        const { address } = await callApi<{ address: string }>('/api/xur-emails/confirm', init);
        this.outcome = `Confirmed: Xûr’s stock will be emailed to ${address} each week he arrives.`;
      } else {
        await callApi('/api/xur-emails/stop', init);
        this.outcome = 'Xûr emails stopped. Nothing more is sent to that address.';
      }
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }
}

export const emailLinkAction = new EmailLinkAction();
