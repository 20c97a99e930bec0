import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './context';
import { describeFailure } from './describe-failure';
import { errorBody } from './errors';
import { apiHeaders, requireSameOrigin } from './middleware';
import { actionRoutes } from './routes/actions';
import { loadoutActionRoutes } from './routes/loadout-actions';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { configRoutes } from './routes/config';
import { meRoutes } from './routes/me';
import { noticeRoutes, XUR_EMAIL_UNSUBSCRIBE_PATH, xurEmailLinkRoutes } from './routes/notices';
import { playerDataRoutes } from './routes/player-data';
import { profileRoutes } from './routes/profile';
import { shardRoutes } from './routes/shards';
import { vendorRoutes } from './routes/vendors';

export type ApiApp = Hono<AppEnv>;

/** The methods the app's routes (not its middleware) answer at `path`; HEAD goes with GET. */
function allowedMethods(app: ApiApp, path: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const pattern = new RegExp(
      `^${route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+')}/?$`
    );
    if (pattern.test(path)) methods.add(route.method);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}

/** The edge API under /api: one Hono app, one error translation, routes grouped by resource. */
export function createApi(): ApiApp {
  const app: ApiApp = new Hono<AppEnv>().basePath('/api');
  app.use('*', apiHeaders());
  app.use('*', requireSameOrigin([XUR_EMAIL_UNSUBSCRIBE_PATH]));
  app.route('/health', healthRoutes());
  app.route('/config', configRoutes());
  app.route('/auth', authRoutes());
  app.route('/me', meRoutes());
  app.route('/shards', shardRoutes());
  app.route('/profile', profileRoutes());
  app.route('/vendors', vendorRoutes());
  app.route('/actions/loadouts', loadoutActionRoutes());
  app.route('/actions', actionRoutes());
  app.route('/player-data', playerDataRoutes());
  app.route('/notices', noticeRoutes());
  app.route('/xur-emails', xurEmailLinkRoutes());

  app.notFound((c) => {
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length) {
      c.header('Allow', allowed.join(', '));
      return c.json(
        errorBody(
          'method_not_allowed',
          `${c.req.path} takes ${allowed.join(' or ')}, not ${c.req.method}.`
        ),
        405
      );
    }
    return c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404);
  });
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      return c.json(errorBody('bad_request', error.message || 'Bad request'), error.status);
    }
    const failure = describeFailure(error);
    if (failure.retryAfterSeconds) c.header('Retry-After', String(failure.retryAfterSeconds));
    if (failure.status >= 500 && failure.code === 'internal') console.error(error);
    return c.json(errorBody(failure.code, failure.message), failure.status);
  });
  return app;
}
