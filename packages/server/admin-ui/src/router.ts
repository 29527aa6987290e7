import { useEffect, useState } from 'preact/hooks';

/** The dashboard lives under this path; client-side routes follow it. */
export const BASE = '/admin';

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

/** Goes to a dashboard path (`/distributors/…`) without reloading. */
export function navigate(path: string): void {
  const url = `${BASE}${path}`;
  if (`${location.pathname}${location.search}` === url) return;
  history.pushState(null, '', url);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

/** The current dashboard path (without `/admin`) and query; re-renders on navigation. */
export function useRoute(): { path: string; query: URLSearchParams } {
  const [, bump] = useState(0);
  useEffect(() => {
    const l = () => bump((n) => n + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) || '/' : '/';
  return { path, query: new URLSearchParams(location.search) };
}

/** Click handler for links: plain clicks navigate in the app, modified clicks open normally. */
export const onLink = (path: string) => (e: MouseEvent) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(path);
};
