import { html } from 'hono/html';
import type { RouteModule, SimContext } from './context.ts';

function page(c: SimContext, status: 200 | 400, title: string, body: ReturnType<typeof html>) {
  return c.html(
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${title}</title>
          <style>
            body {
              font:
                16px system-ui,
                sans-serif;
              background: #101218;
              color: #eee;
              display: grid;
              place-items: center;
              min-height: 100vh;
              margin: 0;
            }
            main {
              max-width: 26rem;
              padding: 2rem;
              background: #1b1e27;
              border-radius: 12px;
            }
            button {
              font: inherit;
              padding: 0.7rem 1.4rem;
              border: 0;
              border-radius: 8px;
              background: #3d7eff;
              color: #fff;
              cursor: pointer;
            }
          </style>
        </head>
        <body>
          <main>${body}</main>
        </body>
      </html>`,
    status
  );
}

/** Basic auth (`client_id:client_secret`) or form fields, as Bungie accepts for confidential clients. */
function clientCredentials(c: SimContext, form: Record<string, unknown>) {
  const basic = /^Basic (.+)$/.exec(c.req.header('Authorization') ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    return { id, secret };
  }
  return { id: String(form.client_id ?? ''), secret: String(form.client_secret ?? '') };
}

export const oauthRoutes: RouteModule = (app, world) => {
  app.get('/en/OAuth/Authorize', (c) => {
    const clientId = c.req.query('client_id');
    const state = c.req.query('state') ?? '';
    if (clientId !== world.options.clientId || c.req.query('response_type') !== 'code') {
      return page(
        c,
        400,
        'Authorization error',
        html`<h1>Authorization error</h1>
          <p>The application is not registered or the request is malformed.</p>`
      );
    }
    const name = world.account.memberships.bungieNetUser.uniqueName;
    return page(
      c,
      200,
      'Authorize Vault Raider',
      html`<h1>Authorize application</h1>
        <p>
          Vault Raider wants to access your Destiny characters and inventory, and move and equip
          items for <strong>${name}</strong>.
        </p>
        <form method="post" action="/en/OAuth/Authorize">
          <input type="hidden" name="client_id" value="${clientId}" /><input
            type="hidden"
            name="state"
            value="${state}"
          /><button type="submit">Approve</button>
        </form>`
    );
  });

  app.post('/en/OAuth/Authorize', async (c) => {
    const form = await c.req.parseBody();
    if (form.client_id !== world.options.clientId) {
      return page(
        c,
        400,
        'Authorization error',
        html`<h1>Authorization error</h1>
          <p>Unknown application.</p>`
      );
    }
    const code = world.oauth.issueCode(world.account.memberships.bungieNetUser.membershipId);
    const target = new URL(world.options.redirectUrl);
    target.searchParams.set('code', code);
    target.searchParams.set('state', String(form.state ?? ''));
    return c.redirect(target.toString(), 302);
  });

  const token = async (c: SimContext) => {
    const form = await c.req.parseBody();
    const client = clientCredentials(c, form);
    if (!world.oauth.checkClient(client.id, client.secret)) {
      return c.json(
        { error: 'invalid_client', error_description: 'ClientAuthenticationFailed' },
        401
      );
    }
    const result = world.oauth.exchange(form.grant_type?.toString(), {
      code: form.code?.toString(),
      refreshToken: form.refresh_token?.toString()
    });
    if (!result.ok)
      return c.json({ error: result.error, error_description: result.description }, result.status);
    return c.json(result.body);
  };
  app.post('/Platform/App/OAuth/token', token);
  app.post('/Platform/App/OAuth/Token', token);
};
