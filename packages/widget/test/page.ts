import { Window } from 'happy-dom';
import { tag } from '../src/loader/tag';
import type { ChunkLoader, PanelModule, TwotierCommand } from '../src/loader/types';

export const API = 'https://api.twotier.test';

/** A happy-dom page whose fetch is Node's (so msw sees it), and a recorder of chunk loads. */
export function createPage(url: string, html = '') {
  const w = new Window({ url, settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  (w as unknown as { fetch: typeof fetch }).fetch = (input, init) => globalThis.fetch(input, init);
  w.document.body.innerHTML = html;
  return w as unknown as globalThis.Window & { twotier?: TwotierCommand & { q?: unknown[] } };
}

/** Installs the shop's stub `twotier(...)` before the tag loads, as the docs tell shops to. */
export function installStub(w: { twotier?: unknown }) {
  const stub = ((...args: unknown[]) => {
    (stub.q = stub.q || []).push(args);
  }) as ((...args: unknown[]) => void) & { q?: unknown[] };
  w.twotier = stub;
}

/** Runs the tag on `w` with `data-*` attributes; returns the chunk names it loaded (the panel is a stand-in). */
export function runTag(w: globalThis.Window, data: Record<string, string> = {}, panel?: PanelModule) {
  const script = w.document.createElement('script');
  script.setAttribute('src', `${API}/twotier.js`);
  for (const [k, v] of Object.entries({ key: 'pk_test_12345678', ...data })) script.dataset[k] = v;
  const loaded: string[] = [];
  const load: ChunkLoader = async (name) => {
    loaded.push(name);
    if (name === 'track') return (await import('../src/loader/track')) as never;
    if (name === 'runtime') return (await import('../src/loader/runtime')) as never;
    if (name === 'shopify') return (await import('../src/loader/shopify')) as never;
    return (panel ?? { mount: () => ({ identify() {} }) }) as never;
  };
  const tt = tag(w, script, load);
  return { tt, loaded };
}
