/**
 * What the panel's lazy chunks take from its first paint, in one place: every
 * lazy chunk imports this module, so what they share with the first paint is
 * one shared file (esbuild splits by the set of chunks that reach a module;
 * imported piecemeal, each subset would be a file of its own).
 */
export { h } from 'preact';
export { useEffect, useMemo, useRef, useState } from 'preact/hooks';
export { html } from './html';
export { strings } from './i18n';
export type { Locale, PanelTranslate, Translate } from './i18n';
export { isWeChat, withReferral } from './share-targets';
export { CopyRow } from './views/share';
export { Lazy } from './lazy';
export type { ViewProps } from './context';
