import type { TestProject } from 'vitest/node';
import { startSimServer } from '../../workers/bungie-sim/src/serve.ts';

/** One Bungie.net simulator over HTTP (127.0.0.1, a free port) for every Workers test; stopped at the end. */
export default async function setup(project: TestProject) {
  const server = await startSimServer({ redirectUrl: 'http://127.0.0.1/api/auth/callback' });
  project.provide('simOrigin', server.url);
  return async () => {
    await server.close();
  };
}
