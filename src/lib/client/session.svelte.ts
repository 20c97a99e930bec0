import { xurNotices } from './xur-notices.svelte';
import { resolve } from '$app/paths';
import type { MeResponse } from '$lib/shared/api-shapes';
import { ApiCallError, callApi, postApi, requestApi } from './api';
import { database } from './db/database';
import { forgetPlayerData } from './db/forget-player';
import { afterMovesLock } from './moves/coordination';
import { openTabChannel } from './tab-channel';

export type SessionStatus = 'checking' | 'signed-in' | 'signed-out' | 'offline' | 'error';

/** Who is signed in, as the app knows it; pages read it and call `refresh` and `signOut`. */
class Session {
  status = $state<SessionStatus>('checking');
  me = $state<MeResponse | null>(null);
  /** Why the last check failed, in words for the player. */
  problem = $state<string | null>(null);

  /** Whether a player has signed in on this device before: a sign-in ended says "again", a first one does not. */
  get signedInBefore(): boolean {
    return readFlag();
  }

  async refresh(): Promise<void> {
    try {
      this.me = await callApi<MeResponse>('/api/me');
      this.status = 'signed-in';
      this.problem = null;
      writeFlag();
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

  /**
   * A deliberate sign-out: ends the session at the edge (so it needs the network: the cookie is out
   * of the page's reach), then deletes the player's data from this device, which may be shared,
   * once no move is being carried out; the other tabs leave what they show. The caller then loads
   * the signed-out page, which drops what this tab holds in memory.
   */
  async signOut(): Promise<void> {
    await xurNotices.forget(true);
    await postApi('/api/auth/logout');
    await this.forgetHere();
  }

  /**
   * Deletes the account from this device as a sign-out does, without waiting for the edge: for a
   * sign-in that ended by itself, where the device still shows what it last saw.
   */
  async forgetDevice(): Promise<void> {
    // The session is over already. Telling the edge clears the cookie that marks this browser as
    // one that had its first visit, so the next sign-in here is served as one. Not waited for (the
    // device forgets at once, offline too), and kept alive through the page's leaving.
    void requestApi('/api/auth/logout', { method: 'POST', keepalive: true }).catch(() => undefined);
    await this.forgetHere();
  }

  private async forgetHere(): Promise<void> {
    await xurNotices.forget(false);
    await forgetThisDevice();
    markJustSignedOut();
    const channel = openTabChannel();
    channel?.tell('signed-out');
    channel?.close();
  }

  /** Another tab signed out: this one goes to the signed-out page too, dropping what it shows. */
  followOtherTabs(): void {
    openTabChannel((news) => {
      if (news === 'signed-out') location.replace(SIGNED_OUT_PAGE);
    });
  }
}

const JUST_SIGNED_OUT = 'vault-raider:just-signed-out';

/** This tab's sign-out, told to the page it lands on (and only that page, once). */
function markJustSignedOut(): void {
  try {
    sessionStorage.setItem(JUST_SIGNED_OUT, '1');
  } catch {
    // Without it the landing page skips its second pass; the first one already ran.
  }
}

/**
 * Whether this tab has just signed out (true once): only then does the signed-out page delete
 * again. Opening that address any other way (a reload, a link, another tab) deletes nothing.
 */
export function takeJustSignedOut(): boolean {
  try {
    const was = sessionStorage.getItem(JUST_SIGNED_OUT) === '1';
    sessionStorage.removeItem(JUST_SIGNED_OUT);
    return was;
  } catch {
    return false;
  }
}

/** Where a deliberate sign-out lands. */
export const SIGNED_OUT_PAGE = `${resolve('/')}?signedOut`;

/**
 * Deletes the player's data from the device and forgets that anyone signed in here (the next
 * visitor is asked to "Sign in", not "Sign in again"). Run again by the signed-out page: a write a
 * request in flight made after the first run goes too.
 */
export async function forgetThisDevice(): Promise<void> {
  await afterMovesLock(() => forgetPlayerData(database()));
  try {
    globalThis.localStorage?.removeItem(SIGNED_IN_BEFORE);
  } catch {
    // Storage refused: nothing was kept there either.
  }
}

const SIGNED_IN_BEFORE = 'vault-raider:signed-in-before';

function readFlag(): boolean {
  try {
    return globalThis.localStorage?.getItem(SIGNED_IN_BEFORE) === '1';
  } catch {
    return false; // storage refused (a private window's, say): a first sign-in's words
  }
}

function writeFlag(): void {
  try {
    globalThis.localStorage?.setItem(SIGNED_IN_BEFORE, '1');
  } catch {
    // Only the words of a later sign-in prompt depend on it.
  }
}

export const session = new Session();

/** What a page says to a device where nobody has signed in yet. */
export const FIRST_SIGN_IN = 'Sign in with Bungie.net to see your vault and characters.';

/** A sign-in prompt's title and words: "again" only where a player has signed in before. */
export function signInWords(): { title: string; message: string } {
  return session.signedInBefore
    ? { title: 'Sign in again', message: session.problem ?? 'Your sign-in has ended.' }
    : { title: 'Sign in', message: FIRST_SIGN_IN };
}

export function signInUrl(returnTo = '/vault'): string {
  return resolve(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
}
