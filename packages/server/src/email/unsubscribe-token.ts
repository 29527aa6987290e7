import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../util/crypto';

const mac = (identityKey: string, shopId: string, distributorId: string) =>
  createHmac('sha256', identityKey).update(`twotier:unsubscribe:v1:${shopId}:${distributorId}`).digest('base64url');

/**
 * The token of a distributor's unsubscribe link: who it is for, signed with
 * the shop's identity key (HMAC-SHA256), so it cannot be made for anyone
 * else and needs no storage. A shop that rolls its secret key also rolls
 * this key, and links in older emails stop working (they answer 400).
 */
export function unsubscribeToken(identityKey: string, shopId: string, distributorId: string): string {
  return `${Buffer.from(shopId).toString('base64url')}.${Buffer.from(distributorId).toString('base64url')}.${mac(identityKey, shopId, distributorId)}`;
}

/** The shop and distributor a token names, before its signature is checked; null when it is not a token's shape. */
export function readUnsubscribeToken(token: string): { shopId: string; distributorId: string; signature: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]{1,200}$/.test(p))) return null;
  return { shopId: Buffer.from(parts[0]!, 'base64url').toString('utf8'), distributorId: Buffer.from(parts[1]!, 'base64url').toString('utf8'), signature: parts[2]! };
}

/** Whether `signature` is the shop's for this distributor (constant time). */
export const unsubscribeSignatureValid = (identityKey: string, shopId: string, distributorId: string, signature: string): boolean =>
  constantTimeEqual(signature, mac(identityKey, shopId, distributorId));
