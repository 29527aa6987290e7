import { formatMoney as coreFormatMoney } from '@twotier/core';
import type { EmailPayload } from './queue-emails';

/** The languages emails are written in. */
export type EmailLocale = 'en' | 'zh-CN';

/** `zh-CN`, `zh`, `zh-Hans…` → `zh-CN`; anything else English. */
export const emailLocale = (locale: string | null | undefined): EmailLocale => (locale && /^zh\b/i.test(locale) ? 'zh-CN' : 'en');

/** What a message is written from. */
export interface MessageInput {
  payload: EmailPayload;
  locale: EmailLocale;
  shopName: string;
  distributorName: string;
  /** Level 2: the recruit whose sale it was. */
  recruitName?: string | null | undefined;
  /** Where the share panel is (the shop's first allowed origin), if known. */
  shopUrl?: string | null | undefined;
  unsubscribeUrl: string;
}

/** A message ready for nodemailer. */
export interface Message {
  subject: string;
  text: string;
  html: string;
}

/**
 * Money as the locale writes it, from minor units without floating point:
 * core's formatMoney (the one formatter of the panel, the dashboard and the
 * emails), `¥12.34` in zh-CN, `CN¥12.34` in English, `$5.00`, `¥1,990` for
 * JPY, always with the currency's ISO 4217 digits.
 */
export function formatMoney(minorUnits: number, currency: string, locale: EmailLocale): string {
  return coreFormatMoney(minorUnits, currency, locale);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

interface Copy {
  subject: string;
  lines: string[];
}

function copyOf(m: MessageInput): Copy {
  const p = m.payload;
  const zh = m.locale === 'zh-CN';
  const money = (n: number) => formatMoney(n, p.currency, m.locale);
  const day = (iso: string) => iso.slice(0, 10);
  switch (p.kind) {
    case 'commission':
      return zh
        ? { subject: `您获得一笔佣金 ${money(p.amount)}`, lines: [`您分享的商品成交了：订单 ${p.orderId} 为您带来 ${money(p.amount)} 佣金。`, `佣金在结算期后（约 ${day(p.availableAt)}）可提现；订单退款时佣金会相应扣回。`] }
        : { subject: `You earned a commission of ${money(p.amount)}`, lines: [`A sale you referred (order ${p.orderId}) earned you ${money(p.amount)}.`, `It can be withdrawn after the hold period (around ${day(p.availableAt)}); a refund of the order reverses it.`] };
    case 'downline': {
      const who = m.recruitName || (zh ? '您邀请的分销员' : 'a distributor you recruited');
      return zh
        ? { subject: `您的下级成交一笔订单：二级佣金 ${money(p.amount)}`, lines: [`${who} 分享的商品成交了（订单 ${p.orderId}），您获得二级佣金 ${money(p.amount)}。`, `佣金在结算期后（约 ${day(p.availableAt)}）可提现。`] }
        : { subject: `Your recruit made a sale: ${money(p.amount)} level-2 commission`, lines: [`${who} referred a sale (order ${p.orderId}), and you earned a level-2 commission of ${money(p.amount)}.`, `It can be withdrawn after the hold period (around ${day(p.availableAt)}).`] };
    }
    case 'available': {
      const n = p.commissionIds.length;
      return zh
        ? { subject: `${money(p.amount)} 佣金已可提现`, lines: [`${n} 笔佣金已过结算期，共 ${money(p.amount)} 现在可以提现。`] }
        : { subject: `${money(p.amount)} is now available to withdraw`, lines: [`${n} ${n === 1 ? 'commission has' : 'commissions have'} passed the hold period: ${money(p.amount)} is now available to withdraw.`] };
    }
    case 'withdrawal_paid': {
      const fee = p.fee > 0 ? (zh ? `（提现 ${money(p.amount)}，手续费 ${money(p.fee)}）` : ` (${money(p.amount)} withdrawn, ${money(p.fee)} fee)`) : '';
      const ref = p.reference ? (zh ? `付款单号：${p.reference}` : `Payment reference: ${p.reference}`) : '';
      return zh
        ? { subject: `提现已打款 ${money(p.net)}`, lines: [`您的提现 ${p.withdrawalId} 已打款 ${money(p.net)}${fee}。`, ref].filter(Boolean) }
        : { subject: `Your withdrawal of ${money(p.net)} has been paid`, lines: [`Your withdrawal ${p.withdrawalId} has been paid: ${money(p.net)}${fee}.`, ref].filter(Boolean) };
    }
    case 'withdrawal_rejected':
      return zh
        ? { subject: `提现申请未通过：${money(p.amount)} 已退回可提现余额`, lines: [`您的提现 ${p.withdrawalId}（${money(p.amount)}）未通过。`, p.reason ? `原因：${p.reason}` : '', `这笔钱已退回您的可提现余额。`].filter(Boolean) }
        : { subject: `Your withdrawal was declined: ${money(p.amount)} is back in your balance`, lines: [`Your withdrawal ${p.withdrawalId} (${money(p.amount)}) was declined.`, p.reason ? `Reason: ${p.reason}` : '', `The money is back in your available balance.`].filter(Boolean) };
  }
}

/**
 * A distributor's email about money, in their language (English or
 * Simplified Chinese): a text part and an HTML part, each with the
 * unsubscribe link. Names, reasons and references are escaped in the HTML.
 */
export function composeMessage(m: MessageInput): Message {
  const zh = m.locale === 'zh-CN';
  const { subject, lines } = copyOf(m);
  const greeting = zh ? `${m.distributorName}，您好：` : `Hello ${m.distributorName},`;
  const panel = m.shopUrl ? (zh ? `查看收益与提现：${m.shopUrl}` : `See your earnings and withdrawals: ${m.shopUrl}`) : '';
  const why = zh ? `您收到这封邮件，是因为您是 ${m.shopName} 的分销员。` : `You receive this email because you are a distributor of ${m.shopName}.`;
  const stop = zh ? '不再接收此类邮件' : 'Unsubscribe from these emails';
  const text = [greeting, '', ...lines, ...(panel ? ['', panel] : []), '', '—', why, `${stop}: ${m.unsubscribeUrl}`, ''].join('\n');
  const html = [
    `<!doctype html><html lang="${m.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,\'PingFang SC\',\'Microsoft YaHei\',sans-serif;line-height:1.6;color:#1f2328">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    m.shopUrl ? `<p><a href="${escapeHtml(m.shopUrl)}">${escapeHtml(zh ? '查看收益与提现' : 'See your earnings and withdrawals')}</a></p>` : '',
    `<hr><p style="font-size:12px;color:#59636e">${escapeHtml(why)} <a href="${escapeHtml(m.unsubscribeUrl)}">${escapeHtml(stop)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: `${subject} · ${m.shopName}`, text, html };
}
