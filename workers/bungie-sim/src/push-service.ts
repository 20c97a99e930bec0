/**
 * A stand-in for a browser's push service (RFC 8030), so the whole Web Push path runs here with
 * real cryptography: it issues subscriptions the way a browser's `pushManager.subscribe()` would
 * (a P-256 key pair and an auth secret it keeps, under an https endpoint it pretends to own),
 * checks each push's VAPID JWT (RFC 8292) and decrypts its `aes128gcm` body (RFC 8291) with the
 * subscription's private key, as the browser would on delivery.
 */

/** The origin the simulated push service's endpoints name; the publisher is told where it really is. */
export const SIM_PUSH_ORIGIN = 'https://push.simulator.invalid';

export interface PushSubscriptionJson {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface DeliveredPush {
  subscription: string;
  receivedAt: string;
  ttl: number;
  urgency?: string;
  topic?: string;
  /** The JWT's subject: who sent it. */
  sender: string;
  /** The decrypted payload. */
  payload: string;
}

interface Subscription {
  id: string;
  keys: CryptoKeyPair;
  publicRaw: Bytes;
  auth: Bytes;
  /** The VAPID public key the subscription was made for; pushes signed by another are refused. */
  applicationServerKey?: string;
  gone: boolean;
}

/** Why a push was refused, with the status a real push service answers. */
export class PushRefusal extends Error {
  readonly status: 400 | 401 | 403 | 404 | 410 | 413;

  constructor(status: PushRefusal['status'], message: string) {
    super(message);
    this.status = status;
  }
}

/** WebCrypto takes bytes backed by a plain ArrayBuffer. */
type Bytes = Uint8Array<ArrayBuffer>;

const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

export function fromBase64Url(text: string): Bytes {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

export class PushService {
  private readonly subscriptions = new Map<string, Subscription>();
  readonly delivered: DeliveredPush[] = [];
  private next = 1;

  /** What `pushManager.subscribe({applicationServerKey})` gives a page, as `subscription.toJSON()`. */
  async subscribe(applicationServerKey?: string): Promise<PushSubscriptionJson> {
    const keys = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
      'deriveBits'
    ])) as CryptoKeyPair;
    const publicRaw = new Uint8Array(await subtle.exportKey('raw', keys.publicKey));
    const auth = globalThis.crypto.getRandomValues(new Uint8Array(16));
    const id = `sub-${this.next++}-${toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(6)))}`;
    this.subscriptions.set(id, {
      id,
      keys,
      publicRaw,
      auth,
      ...(applicationServerKey && { applicationServerKey }),
      gone: false
    });
    return {
      endpoint: `${SIM_PUSH_ORIGIN}/push/${id}`,
      expirationTime: null,
      keys: { p256dh: toBase64Url(publicRaw), auth: toBase64Url(auth) }
    };
  }

  /** The browser unsubscribed or was reset: the push service answers 410 Gone from now on. */
  expire(id: string): boolean {
    const subscription = this.subscriptions.get(id);
    if (subscription) subscription.gone = true;
    return subscription !== undefined;
  }

  /** Checks and decrypts one push, as a push service and then the browser would. */
  async receive(
    id: string,
    headers: {
      authorization?: string;
      encoding?: string;
      ttl?: string;
      urgency?: string;
      topic?: string;
    },
    body: Bytes
  ): Promise<DeliveredPush> {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw new PushRefusal(404, 'No such subscription.');
    if (subscription.gone) throw new PushRefusal(410, 'The subscription has expired.');
    const sender = await verifyVapid(headers.authorization, subscription.applicationServerKey);
    if (headers.encoding !== 'aes128gcm')
      throw new PushRefusal(400, 'Content-Encoding must be aes128gcm.');
    const ttl = Number(headers.ttl);
    if (headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0)
      throw new PushRefusal(400, 'A TTL header is required.');
    // RFC 8030 §7.2: a push service must accept 4096 octets of payload; more may be refused.
    if (body.byteLength > 4096) throw new PushRefusal(413, 'The payload is over 4096 octets.');
    const payload = await decrypt(subscription, body);
    const delivered: DeliveredPush = {
      subscription: id,
      receivedAt: new Date().toISOString(),
      ttl,
      ...(headers.urgency && { urgency: headers.urgency }),
      ...(headers.topic && { topic: headers.topic }),
      sender,
      payload
    };
    this.delivered.push(delivered);
    return delivered;
  }
}

/** RFC 8292: `vapid t=<JWT>, k=<public key>`, an ES256 JWT for this origin, not expired, with a contact. */
async function verifyVapid(
  authorization: string | undefined,
  expectedKey: string | undefined
): Promise<string> {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(authorization ?? '');
  if (!match) throw new PushRefusal(401, 'A VAPID Authorization header is required.');
  const [, token, key] = match as unknown as [string, string, string];
  if (expectedKey && key !== expectedKey)
    throw new PushRefusal(403, 'The VAPID key is not the one this subscription was made for.');
  const [header, claims, signature] = token.split('.') as [string, string, string];
  let publicKey: CryptoKey;
  try {
    publicKey = await subtle.importKey(
      'raw',
      fromBase64Url(key),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify']
    );
  } catch {
    throw new PushRefusal(401, 'The VAPID key is not a P-256 public key.');
  }
  const valid = await subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    publicKey,
    fromBase64Url(signature),
    encoder.encode(`${header}.${claims}`)
  );
  if (!valid) throw new PushRefusal(403, 'The VAPID signature does not verify.');
  const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
  const { aud, exp, sub } = JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
    aud?: string;
    exp?: number;
    sub?: string;
  };
  const now = Date.now() / 1000;
  if (alg !== 'ES256') throw new PushRefusal(403, 'The VAPID JWT must be ES256.');
  if (aud !== SIM_PUSH_ORIGIN)
    throw new PushRefusal(403, `The JWT's audience must be ${SIM_PUSH_ORIGIN}.`);
  if (typeof exp !== 'number' || exp <= now || exp > now + 24 * 3600)
    throw new PushRefusal(403, 'The JWT must expire within 24 hours.');
  if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub))
    throw new PushRefusal(403, 'The JWT must name a contact (mailto: or https:).');
  return sub;
}

async function hkdf(salt: Bytes, ikm: Bytes, info: Bytes, bytes: number) {
  const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(
    await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, key, bytes * 8)
  );
}

const concat = (...parts: Bytes[]): Bytes => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
};

/** RFC 8291 §3 and RFC 8188: one aes128gcm record, keyed by ECDH with the sender's key in the header. */
async function decrypt(subscription: Subscription, body: Bytes): Promise<string> {
  if (body.byteLength < 21) throw new PushRefusal(400, 'The body has no aes128gcm header.');
  const salt = body.slice(0, 16);
  const recordSize = new DataView(body.buffer, body.byteOffset).getUint32(16);
  const idLength = body[20]!;
  const senderRaw = body.slice(21, 21 + idLength);
  const ciphertext = body.slice(21 + idLength);
  if (idLength !== 65 || ciphertext.byteLength > recordSize)
    throw new PushRefusal(400, 'The aes128gcm header must carry the sender key in one record.');
  const sender = await subtle
    .importKey('raw', senderRaw, { name: 'ECDH', namedCurve: 'P-256' }, false, [])
    .catch(() => {
      throw new PushRefusal(400, "The header's key is not a P-256 public key.");
    });
  const shared = new Uint8Array(
    await subtle.deriveBits({ name: 'ECDH', public: sender }, subscription.keys.privateKey, 256)
  );
  const keyInfo = concat(encoder.encode('WebPush: info\0'), subscription.publicRaw, senderRaw);
  const ikm = await hkdf(subscription.auth, shared, keyInfo, 32);
  const cek = await hkdf(salt, ikm, encoder.encode('Content-Encoding: aes128gcm\0'), 16);
  const nonce = await hkdf(salt, ikm, encoder.encode('Content-Encoding: nonce\0'), 12);
  const aes = await subtle.importKey('raw', cek, 'AES-GCM', false, ['decrypt']);
  let plain: Bytes;
  try {
    plain = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: nonce }, aes, ciphertext));
  } catch {
    throw new PushRefusal(400, 'The payload does not decrypt with this subscription’s keys.');
  }
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = plain.byteLength - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new PushRefusal(400, 'The record has no last-record delimiter.');
  return new TextDecoder().decode(plain.slice(0, end));
}
