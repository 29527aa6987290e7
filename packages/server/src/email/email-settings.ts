import nodemailer from 'nodemailer';
import type { MailTransport } from './email-worker';

/** How the server sends email; null when it does not (no `TWOTIER_SMTP_URL`). */
export interface EmailSettings {
  /** `smtp://user:pass@host:587` (STARTTLS when the server offers it) or `smtps://…:465`. */
  smtpUrl: string;
  /** The From address (`TWOTIER_EMAIL_FROM`), e.g. `Lanxi Tea <payouts@lanxi.example>`. */
  from: string;
  /** The server's public address for unsubscribe links (`TWOTIER_PUBLIC_URL`); the listening address when not given. */
  publicUrl?: string | undefined;
}

/** Thrown for settings the server cannot start with. */
export class EmailSettingsError extends Error {}

/**
 * Email settings from the environment: none without `TWOTIER_SMTP_URL`
 * (the server then sends nothing); with it, `TWOTIER_EMAIL_FROM` is needed.
 */
export function emailSettingsFromEnv(env: Record<string, string | undefined>): EmailSettings | null {
  const smtpUrl = env.TWOTIER_SMTP_URL?.trim();
  if (!smtpUrl) return null;
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new EmailSettingsError('TWOTIER_SMTP_URL must be a URL such as smtp://user:password@smtp.example.com:587 or smtps://…:465');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new EmailSettingsError(`TWOTIER_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  const from = env.TWOTIER_EMAIL_FROM?.trim();
  if (!from || !/@[^@\s>]+\.?[^@\s>]*>?$/.test(from)) throw new EmailSettingsError('TWOTIER_EMAIL_FROM is required with TWOTIER_SMTP_URL: the address emails come from, e.g. "Lanxi Tea <payouts@lanxi.example>"');
  const publicUrl = env.TWOTIER_PUBLIC_URL?.trim() || undefined;
  if (publicUrl && !/^https?:\/\/[^\s]+$/.test(publicUrl)) throw new EmailSettingsError('TWOTIER_PUBLIC_URL must be the http(s) address distributors reach this server at, e.g. https://twotier.example.com');
  return { smtpUrl, from, publicUrl };
}

/** The SMTP server for logs, without user or password: `smtp://smtp.example.com:587`. */
export function describeSmtp(smtpUrl: string): string {
  const u = new URL(smtpUrl);
  return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
}

/** A nodemailer SMTP transport for the settings (one pooled connection). */
export function createSmtpTransport(settings: EmailSettings): MailTransport {
  const url = new URL(settings.smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  return nodemailer.createTransport(url.toString()) as unknown as MailTransport;
}
