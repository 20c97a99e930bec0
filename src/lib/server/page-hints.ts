import { FIRST_VISIT_PROFILE_PATH } from '../shared/api-shapes.ts';

/**
 * What a page's answer asks the browser to start before the page's code has loaded (`Link`
 * headers): the connection to Bungie's images for a signed-in page, and a first visit's profile.
 */

/** What of the page request the hints depend on. */
export interface PageRequest {
  pathname: string;
  /** `Sec-Fetch-Mode`: `navigate` for the browser's own page load, not a service worker's fetch. */
  fetchMode: string | null;
  /** A session cookie came with it. */
  signedIn: boolean;
  /** The browser has been sent a first visit's profile before (the `__Host-vr_primed` cookie). */
  primed: boolean;
}

/** The pages whose first screen is drawn from the profile: the vault and a character's. */
const PROFILE_PAGES = /^\/(?:vault|characters\/[^/]+)$/;

/**
 * A first visit's page load: the browser's own navigation (a service worker's copy of the page,
 * made for later starts, must not carry it), signed in, to a page drawn from the profile, by a
 * browser that has not been sent a first visit's profile. Its answer then asks the browser to
 * fetch that profile beside the page's code, and the page's own request for it takes that
 * answer: on a phone network the profile no longer waits for the code to arrive and run. Later
 * starts are answered by the service worker, which never reaches the edge; so is a first visit
 * whose worker installed before the sign-in (a player who stayed on the welcome page), which asks
 * once its code has run: code the worker already holds, so the wait this saves is not there.
 */
export function isFirstVisit(page: PageRequest): boolean {
  return (
    page.signedIn &&
    !page.primed &&
    page.fetchMode === 'navigate' &&
    PROFILE_PAGES.test(page.pathname)
  );
}

/** The `Link` values for a page's answer (none for a signed-out page: it shows nothing of Bungie's). */
export function pageHints(page: PageRequest, bungieOrigin: string | undefined): string[] {
  const hints: string[] = [];
  // A signed-in page's pictures (icons, the characters' emblems, its largest paint) come from
  // Bungie's origin: opening that connection while the page's code loads takes its handshake off
  // the first screen (DNS, TCP and TLS: several round trips on a phone network).
  if (page.signedIn && bungieOrigin) hints.push(`<${bungieOrigin}>; rel=preconnect`);
  if (isFirstVisit(page))
    hints.push(`<${FIRST_VISIT_PROFILE_PATH}>; rel=preload; as=fetch; crossorigin`);
  return hints;
}
