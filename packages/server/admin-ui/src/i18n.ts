import { useEffect, useState } from 'preact/hooks';
import { en } from './messages-en';
import { zh } from './messages-zh';

/** The dashboard's languages. */
export type Lang = 'en' | 'zh-CN';
export type MessageKey = keyof typeof en;

const STORAGE_KEY = 'twotier.admin.lang';
const initial = (): Lang => {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage blocked: fall back to the browser's language
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
};

/** The current language (read it in render through {@link useLang}). */
export const lang: { value: Lang } = { value: initial() };
const listeners = new Set<() => void>();
document.documentElement.lang = lang.value;

/** Switches language, remembers it, re-renders subscribers. */
export function setLang(next: Lang): void {
  lang.value = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered; still switched
  }
  for (const l of listeners) l();
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [, bump] = useState(0);
  useEffect(() => {
    const l = () => bump((n) => n + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return lang.value;
}

/** A message in the current language, `{name}` placeholders filled. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let text: string = (lang.value === 'zh-CN' ? zh[key] : undefined) ?? en[key];
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/**
 * A counted message in the current language: `{key}_one` or `{key}_other` as the language's
 * plural rules choose for `n` (Chinese has one form: always `_other`), `{n}` filled with the
 * grouped count, e.g. `tn('recruitCount', 1)` → "1 recruit", in Chinese "1 位下级".
 */
export function tn(key: 'recruitCount' | 'distributorCount' | 'clickCount' | 'ordersReplayed', n: number, vars?: Record<string, string | number>): string {
  const form = new Intl.PluralRules(lang.value).select(n) === 'one' ? 'one' : 'other';
  return t(`${key}_${form}` as MessageKey, { n: new Intl.NumberFormat(lang.value).format(n), ...vars });
}
