/**
 * The script-tag entry (`dist/twotier.js`, a classic script): finds its own
 * `<script>` element and starts the tag. It never throws into the host page.
 */
import { tag } from './tag';
import type { ChunkModules } from './types';

declare const __CHUNKS__: Record<keyof ChunkModules, string>;

try {
  const script = document.currentScript as HTMLScriptElement | null;
  // Lazy chunks sit next to this file; import() needs no script element (strict CSP, Trusted Types).
  if (script) tag(window, script, (name) => import(new URL(__CHUNKS__[name] + '.js', script.src).href));
} catch {}
