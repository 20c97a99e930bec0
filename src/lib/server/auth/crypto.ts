import { ApiError } from '../errors';

/** AES-GCM sealing of JSON values for KV. The KV key is bound as additional data. */
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const keys = new Map<string, Promise<CryptoKey>>();

/** The AES-256 key from `TOKEN_ENCRYPTION_KEY` (32 bytes, base64); imported once per isolate. */
export function importSealingKey(base64: string | undefined): Promise<CryptoKey> {
  if (!base64) throw new ApiError(500, 'misconfigured', 'This server has no TOKEN_ENCRYPTION_KEY.');
  let key = keys.get(base64);
  if (!key) {
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    } catch {
      throw new ApiError(500, 'misconfigured', 'TOKEN_ENCRYPTION_KEY is not base64.');
    }
    if (raw.length !== 32)
      throw new ApiError(500, 'misconfigured', 'TOKEN_ENCRYPTION_KEY must be 32 bytes.');
    key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    keys.set(base64, key);
  }
  return key;
}

export async function sealJson(key: CryptoKey, value: unknown, boundTo: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(boundTo) },
    key,
    encoder.encode(JSON.stringify(value))
  );
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return toBase64Url(out);
}

/** The value, or undefined when it was sealed with another key, for another KV key, or tampered with. */
export async function openJson<T>(
  key: CryptoKey,
  sealed: string,
  boundTo: string
): Promise<T | undefined> {
  try {
    const bytes = fromBase64Url(sealed);
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: encoder.encode(boundTo) },
      key,
      bytes.slice(IV_BYTES)
    );
    return JSON.parse(decoder.decode(plain)) as T;
  } catch {
    return undefined;
  }
}
