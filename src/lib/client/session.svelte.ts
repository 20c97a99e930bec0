import { resolve } from '$app/paths';
import type { MeResponse } from '$lib/shared/api-shapes';
import { ApiCallError, callApi, postApi } from './api';

export type SessionStatus = 'checking' | 'signed-in' | 'signed-out' | 'offline' | 'error';

/** Who is signed in, as the app knows it; pages read it and call `refresh` and `signOut`. */
class Session {
  status = $state<SessionStatus>('checking');
  me = $state<MeResponse | null>(null);
  /** Why the last check failed, in words for the player. */
  problem = $state<string | null>(null);

  async refresh(): Promise<void> {
    try {
      this.me = await callApi<MeResponse>('/api/me');
      this.status = 'signed-in';
      this.problem = null;
    } catch (error) {
      if (!(error instanceof ApiCallError)) throw error;
      if (error.code === 'signed_out') {
        this.me = null;
        this.status = 'signed-out';
      } else {
        this.status = error.code === 'offline' ? 'offline' : 'error';
      }
      this.problem = error.message;
    }
  }

  async signOut(): Promise<void> {
    await postApi('/api/auth/logout');
    this.me = null;
    this.status = 'signed-out';
    this.problem = null;
  }
}

export const session = new Session();

export function signInUrl(returnTo = '/vault'): string {
  return resolve(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
}
