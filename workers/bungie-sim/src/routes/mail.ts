import * as v from 'valibot';
import type { RouteModule } from './context.ts';

/** Resend's request shape (`POST /emails`), which the app's mail channel speaks. */
const emailBody = v.strictObject({
  from: v.pipe(v.string(), v.minLength(3)),
  to: v.pipe(v.array(v.pipe(v.string(), v.email())), v.minLength(1), v.maxLength(50)),
  subject: v.pipe(v.string(), v.minLength(1), v.maxLength(998)),
  html: v.optional(v.string()),
  text: v.optional(v.string()),
  headers: v.optional(v.record(v.string(), v.string()))
});

export interface SentMail extends v.InferOutput<typeof emailBody> {
  id: string;
  at: string;
}

/**
 * A stand-in for a transactional mail API (Resend's shape), so the email channel can be tested
 * end to end: `POST /__sim/mail` takes a message with a bearer key as the API would, and
 * `GET /__sim/mail` shows what was sent. Like the push service, a reset of Bungie's side keeps it.
 */
export const mailRoutes: RouteModule = (app, world) => {
  app.post('/__sim/mail', async (c) => {
    if (!/^Bearer \S+$/.test(c.req.header('authorization') ?? ''))
      return c.json({ name: 'missing_api_key', message: 'Missing API key' }, 401);
    const parsed = v.safeParse(emailBody, await c.req.json().catch(() => null));
    if (!parsed.success)
      return c.json(
        {
          name: 'validation_error',
          message: parsed.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`).join('; ')
        },
        422
      );
    const id = `mail-${world.mailbox.length + 1}`;
    world.mailbox.push({ ...parsed.output, id, at: new Date().toISOString() });
    return c.json({ id });
  });
  app.get('/__sim/mail', (c) => c.json(world.mailbox));
};
