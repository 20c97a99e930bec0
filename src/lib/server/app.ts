import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './context';
import { describeFailure } from './describe-failure';
import { errorBody } from './errors';
import { apiHeaders, requireSameOrigin } from './middleware';
import { actionRoutes } from './routes/actions';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { configRoutes } from './routes/config';
import { meRoutes } from './routes/me';
import { profileRoutes } from './routes/profile';
import { shardRoutes } from './routes/shards';
import { vendorRoutes } from './routes/vendors';

export type ApiApp = Hono<AppEnv>;

/** The edge API under /api: one Hono app, one error translation, routes grouped by resource. */
export function createApi(): ApiApp {
  const app: ApiApp = new Hono<AppEnv>().basePath('/api');
  app.use('*', apiHeaders());
  app.use('*', requireSameOrigin());
  app.route('/health', healthRoutes());
  app.route('/config', configRoutes());
  app.route('/auth', authRoutes());
  app.route('/me', meRoutes());
  app.route('/shards', shardRoutes());
  app.route('/profile', profileRoutes());
  app.route('/vendors', vendorRoutes());
  app.route('/actions', actionRoutes());

  app.notFound((c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404));
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
