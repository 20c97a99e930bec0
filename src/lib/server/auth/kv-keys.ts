/**
 * Every key this app writes to the SESSIONS KV namespace is built here. The schema — prefixes,
 * values, TTLs, what is encrypted — is written down in KV-SCHEMA.md beside this file.
 */
const VERSION = 'v1';

/** A pending sign-in, keyed by its OAuth `state`; single use. */
export const oauthStateKey = (state: string) => `${VERSION}:oauth-state:${state}`;

/** A session, keyed by the SHA-256 of its cookie value, so a leaked KV listing reveals no cookie. */
export const sessionKey = (sessionIdHash: string) => `${VERSION}:session:${sessionIdHash}`;

/** Seconds a pending sign-in may take (KV's minimum TTL is 60). */
export const OAUTH_STATE_TTL_SECONDS = 600;

/** KV refuses TTLs under 60 s. */
export const kvTtl = (seconds: number) => Math.max(60, Math.ceil(seconds));
