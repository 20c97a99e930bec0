import type { CallFailure } from '$lib/client/moves/runner';

/**
 * One call to the app as the device makes it (GET, or POST with a JSON body, the session's cookie
 * and the app's origin): the JSON answer, or a thrown CallFailure as the runner reads it (status 0
 * with no answer at all; the edge's code and words; Retry-After in seconds).
 */
export async function callApp<T>(
  appUrl: string,
  cookie: string,
  path: string,
  body?: unknown
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${appUrl}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { Cookie: cookie, Origin: appUrl, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined
    });
  } catch {
    throw Object.assign(new Error('No connection.'), { status: 0, code: 'offline' });
  }
  const json = (await response.json().catch(() => ({}))) as T & {
    error?: { code: string; message: string };
  };
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    const failure: CallFailure = {
      status: response.status,
      code: json.error?.code ?? 'http_error',
      message: json.error?.message ?? `HTTP ${response.status}`,
      ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {})
    };
    throw Object.assign(new Error(failure.message), failure);
  }
  return json;
}
