/**
 * Why a sign-in did not finish, in a player's words, by the edge's error code (the sign-in routes
 * send a browser to the sign-in page with it). Unknown codes get the general words.
 */
export interface SignInProblem {
  title: string;
  message: string;
  /** Whether starting again can help (a refusal that will not change offers no "Try again"). */
  retry: boolean;
}

const PROBLEMS: Record<string, SignInProblem> = {
  invalid_state: {
    title: 'That sign-in had already ended',
    message:
      'The sign-in page was used already, ran out of time, or was opened from somewhere else. Start a new sign-in.',
    retry: true
  },
  sign_in_declined: {
    title: 'Sign-in cancelled',
    message: 'The sign-in was cancelled on Bungie.net. Nothing was shared with Vault Raider.',
    retry: true
  },
  sign_in_failed: {
    title: 'Bungie.net did not accept the sign-in',
    message: 'Bungie.net turned this sign-in down. Starting again usually works.',
    retry: true
  },
  no_destiny_account: {
    title: 'No Destiny 2 characters',
    message:
      'This Bungie.net account has no Destiny 2 characters. Sign in with the account you play on.',
    retry: true
  },
  bungie_maintenance: {
    title: 'Bungie.net is down for maintenance',
    message: 'The sign-in could not finish while Bungie.net is down. Try again once it is back.',
    retry: true
  },
  bungie_throttled: {
    title: 'Bungie.net is busy',
    message: 'Bungie.net asked us to slow down. Try again in a minute.',
    retry: true
  },
  bungie_app_misconfigured: {
    title: 'Sign-in is not available',
    message:
      'This Vault Raider server is not set up correctly for Bungie.net, so nobody can sign in here right now.',
    retry: false
  }
};

const UNREACHABLE: SignInProblem = {
  title: 'Bungie.net did not answer',
  message: 'Bungie.net could not finish the sign-in just now. Try again in a moment.',
  retry: true
};

const GENERAL: SignInProblem = {
  title: 'The sign-in did not finish',
  message: 'Something went wrong during the sign-in. Try again.',
  retry: true
};

export function signInProblem(code: string | null): SignInProblem {
  if (!code) return GENERAL;
  if (PROBLEMS[code]) return PROBLEMS[code];
  if (['bungie_timeout', 'bungie_unreachable', 'bungie_unavailable', 'bungie_error'].includes(code))
    return UNREACHABLE;
  return GENERAL;
}

/** A path on this site to come back to, or the vault: never somewhere else. */
export function safeReturnTo(value: string | null): string {
  return value && /^\/(?![/\\])[^\s\\]*$/.test(value) && value.length <= 512 ? value : '/vault';
}
