import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** One AES-256 key and the id stored beside what it encrypted. */
export interface PayoutKey {
  id: string;
  key: Buffer;
}

/**
 * The keys payout accounts are encrypted with: `current` encrypts, every key
 * (current and old) decrypts. Rotation: start the server with the new key as
 * `TWOTIER_PAYOUT_KEY` and the previous one in `TWOTIER_PAYOUT_KEYS_OLD`,
 * run `twotier payout-keys rotate`, then drop the old key.
 */
export interface PayoutKeyring {
  current: PayoutKey;
  byId: Map<string, PayoutKey>;
}

/** Thrown for a key that is not 32 bytes of base64 or hex. */
export class PayoutKeyError extends Error {}

/**
 * A 32-byte key from its text: 64 hex digits, or base64 / base64url of 32
 * bytes (44 characters with padding).
 */
export function parsePayoutKey(text: string): PayoutKey {
  const t = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== 32) throw new PayoutKeyError('a payout key is 32 random bytes, written as 64 hex digits or 44 base64 characters (openssl rand -base64 32)');
  // the id names the key without revealing it: a hash of it, under a label of its own
  const id = `k${createHash('sha256').update('twotier payout key id\0').update(key).digest('hex').slice(0, 12)}`;
  return { id, key };
}

/** A keyring from the current key and older ones kept for reading (comma- or space-separated); null without a current key. */
export function createPayoutKeyring(current: string | null | undefined, old: string | null | undefined = null): PayoutKeyring | null {
  if (!current) return null;
  const cur = parsePayoutKey(current);
  const byId = new Map<string, PayoutKey>([[cur.id, cur]]);
  for (const part of (old ?? '').split(/[\s,]+/).filter(Boolean)) {
    const k = parsePayoutKey(part);
    if (!byId.has(k.id)) byId.set(k.id, k);
  }
  return { current: cur, byId };
}

const b64u = (b: Buffer) => b.toString('base64url');

/**
 * Encrypts `plaintext` with the current key (AES-256-GCM, a random 96-bit
 * IV, the 128-bit tag appended). `aad` binds the ciphertext to its row
 * (shop, distributor, account, kind): copied onto another row, it no longer
 * decrypts.
 */
export function sealPayout(keyring: PayoutKeyring, plaintext: string, aad: string): { keyId: string; ciphertext: string } {
  const { id, key } = keyring.current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { keyId: id, ciphertext: `v1.${id}.${b64u(iv)}.${b64u(body)}` };
}

/** Thrown when a ciphertext's key is not in the keyring, or it was altered or moved. */
export class PayoutDecryptError extends Error {}

/** Decrypts what {@link sealPayout} wrote, with whichever key of the ring it names. */
export function openPayout(keyring: PayoutKeyring, ciphertext: string, aad: string): string {
  const [version, keyId, iv, body] = ciphertext.split('.');
  if (version !== 'v1' || !keyId || !iv || !body) throw new PayoutDecryptError('not a payout ciphertext');
  const k = keyring.byId.get(keyId);
  if (!k) throw new PayoutDecryptError(`payout key ${keyId} is not configured (give it in TWOTIER_PAYOUT_KEYS_OLD until rotation has run)`);
  const data = Buffer.from(body, 'base64url');
  if (data.length < 16) throw new PayoutDecryptError('payout ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', k.key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  try {
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new PayoutDecryptError('payout ciphertext does not authenticate (altered, or moved from another row)');
  }
}

/** What binds an account's ciphertext to its row. */
export const payoutAad = (shopId: string, distributorId: string, accountId: string, kind: string): string => `twotier:payout:v1:${shopId}:${distributorId}:${accountId}:${kind}`;
