import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, toHex } from '@twotier/core';
import { signWebhookPayload, verifyWebhookSignature } from './webhook-signature';

const secret = 'whsec_test';
const body = '{"type":"commission.created","data":{"amount":1760}}';
const now = 1_790_000_000;

describe('verifyWebhookSignature', () => {
  it('accepts a signature made independently with WebCrypto over "t.body"', async () => {
    const mac = toHex(await hmacSha256(secret, `${now}.${body}`));
    await expect(verifyWebhookSignature(body, `t=${now},v1=${mac}`, secret, 300, now)).resolves.toBe(true);
    expect(await signWebhookPayload(body, secret, now)).toBe(`t=${now},v1=${mac}`);
  });

  it('accepts a header made with node:crypto, as the server signs deliveries', async () => {
    const header = `t=${now},v1=${createHmac('sha256', secret).update(`${now}.${body}`).digest('hex')}`;
    await expect(verifyWebhookSignature(body, header, secret, 300, now)).resolves.toBe(true);
  });

  it('accepts raw bytes and any of several v1 signatures (secret rotation)', async () => {
    const good = (await signWebhookPayload(body, secret, now)).split('v1=')[1];
    const header = `t=${now}, v1=${'0'.repeat(64)}, v1=${good}`;
    await expect(verifyWebhookSignature(new TextEncoder().encode(body), header, secret, 300, now)).resolves.toBe(true);
  });

  it('refuses a changed body, a wrong secret and a changed timestamp', async () => {
    const header = await signWebhookPayload(body, secret, now);
    await expect(verifyWebhookSignature(body.replace('1760', '9999'), header, secret, 300, now)).resolves.toBe(false);
    await expect(verifyWebhookSignature(body, header, 'whsec_other', 300, now)).resolves.toBe(false);
    await expect(verifyWebhookSignature(body, header.replace(`t=${now}`, `t=${now + 1}`), secret, 300, now)).resolves.toBe(false);
  });

  it('refuses a genuine signature outside the tolerance (replay)', async () => {
    const header = await signWebhookPayload(body, secret, now - 301);
    await expect(verifyWebhookSignature(body, header, secret, 300, now)).resolves.toBe(false);
    await expect(verifyWebhookSignature(body, header, secret, 301, now)).resolves.toBe(true);
  });

  it('answers false, never throws, for malformed headers', async () => {
    for (const header of [null, undefined, '', 'garbage', `t=${now}`, 'v1=abc', `t=abc,v1=${'a'.repeat(64)}`]) {
      await expect(verifyWebhookSignature(body, header, secret, 300, now)).resolves.toBe(false);
    }
    await expect(verifyWebhookSignature(body, `t=${now},v1=00`, '', 300, now)).resolves.toBe(false);
  });
});
