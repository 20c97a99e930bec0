import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * What a `__Host-` cookie must be (Secure, Path=/, no Domain: no subdomain or plain-HTTP page can
 * plant or read it), kept from scripts and sent on links from other sites (Lax).
 */
const HOST_COOKIE = { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' } as const;

export const SESSION_COOKIE = '__Host-vr_session';
export const STATE_COOKIE = 'vr_oauth_state';
const STATE_PATH = '/api/auth';

export function setSessionCookie(c: Context, id: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, id, { ...HOST_COOKIE, maxAge: Math.floor(maxAgeSeconds) });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, HOST_COOKIE);
}

/**
 * Set on a first visit's profile answer: this browser has been sent its first screen, so a later
 * page load that reaches the edge (one its service worker did not answer: a reload that bypasses
 * it, a browser without one) is not sent that profile ahead of its code. It says nothing about who
 * the player is. Cleared with the session by a sign-out, which deletes the device's data, and when
 * a device forgets an account whose sign-in ended by itself.
 */
export const PRIMED_COOKIE = '__Host-vr_primed';
const PRIMED_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function setPrimedCookie(c: Context): void {
  setCookie(c, PRIMED_COOKIE, '1', { ...HOST_COOKIE, maxAge: PRIMED_MAX_AGE_SECONDS });
}

export function clearPrimedCookie(c: Context): void {
  deleteCookie(c, PRIMED_COOKIE, HOST_COOKIE);
}

/** Binds a sign-in in progress to this browser for as long as the state lives in KV. */
export function setStateCookie(c: Context, state: string, maxAgeSeconds: number): void {
  setCookie(c, STATE_COOKIE, state, {
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: STATE_PATH,
    maxAge: maxAgeSeconds
  });
}

export function readStateCookie(c: Context): string | undefined {
  return getCookie(c, STATE_COOKIE);
}

export function clearStateCookie(c: Context): void {
  deleteCookie(c, STATE_COOKIE, {
    path: STATE_PATH,
    secure: true,
    httpOnly: true,
    sameSite: 'Lax'
  });
}
