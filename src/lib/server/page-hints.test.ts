import { describe, expect, it } from 'vitest';
import { FIRST_VISIT_PROFILE_PATH } from '../shared/api-shapes.ts';
import { isFirstVisit, pageHints, type PageRequest } from './page-hints';

const firstVisit: PageRequest = {
  pathname: '/vault',
  fetchMode: 'navigate',
  signedIn: true,
  primed: false
};
const BUNGIE = 'https://www.bungie.net';

describe('isFirstVisit', () => {
  it.each([
    { name: 'the vault, navigated to, signed in, never primed', page: firstVisit, first: true },
    {
      name: "a character's page",
      page: { ...firstVisit, pathname: '/characters/2305843009260802821' },
      first: true
    },
    {
      name: 'a browser already sent its first profile',
      page: { ...firstVisit, primed: true },
      first: false
    },
    { name: 'signed out', page: { ...firstVisit, signedIn: false }, first: false },
    {
      name: "a service worker's fetch of the page (its copy for later starts)",
      page: { ...firstVisit, fetchMode: 'cors' },
      first: false
    },
    { name: 'no Sec-Fetch-Mode at all', page: { ...firstVisit, fetchMode: null }, first: false },
    {
      name: 'a page not drawn from the profile',
      page: { ...firstVisit, pathname: '/search' },
      first: false
    },
    { name: 'the welcome page', page: { ...firstVisit, pathname: '/' }, first: false },
    // SvelteKit redirects these to the path without the slash; a hint on a redirect is ignored.
    { name: 'a trailing slash', page: { ...firstVisit, pathname: '/vault/' }, first: false },
    {
      name: 'deeper under a character',
      page: { ...firstVisit, pathname: '/characters/1/more' },
      first: false
    },
    {
      name: 'a path that only starts the same',
      page: { ...firstVisit, pathname: '/vaults' },
      first: false
    }
  ])('$name: $first', ({ page, first }) => {
    expect(isFirstVisit(page)).toBe(first);
  });
});

describe('pageHints', () => {
  it("asks a first visit for the connection to Bungie's images and for its profile", () => {
    expect(pageHints(firstVisit, BUNGIE)).toEqual([
      `<${BUNGIE}>; rel=preconnect`,
      `<${FIRST_VISIT_PROFILE_PATH}>; rel=preload; as=fetch; crossorigin`
    ]);
  });

  it('asks a later signed-in load for the connection only', () => {
    expect(pageHints({ ...firstVisit, primed: true }, BUNGIE)).toEqual([
      `<${BUNGIE}>; rel=preconnect`
    ]);
  });

  it('asks nothing for a signed-out page', () => {
    expect(pageHints({ ...firstVisit, signedIn: false }, BUNGIE)).toEqual([]);
  });

  it('leaves the connection out where no Bungie origin is configured', () => {
    expect(pageHints(firstVisit, undefined)).toEqual([
      `<${FIRST_VISIT_PROFILE_PATH}>; rel=preload; as=fetch; crossorigin`
    ]);
  });
});
