import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** `__Host-`: Secure, Path=/ and no Domain, so no subdomain or plain-HTTP page can plant or read it. */
export const SESSION_COOKIE = '__Host-vr_session';
export const STATE_COOKIE = 'vr_oauth_state';
const STATE_PATH = '/api/auth';

export function setSessionCookie(c: Context, id: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: Math.floor(maxAgeSeconds)
  });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
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
