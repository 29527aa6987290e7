/**
 * @twotier/widget — the script tag. Serve the `dist/` folder (the server does,
 * at `/twotier.js`) and paste
 * `<script async src="https://YOUR-SERVER/twotier.js" data-key="pk_…"></script>`.
 * Bundlers and SSR shops use `createTwotier` from `@twotier/sdk` instead.
 */
import budgets from '../budgets.json';

export type { TwotierCommand, PanelContext, PanelController, PanelModule, ChunkModules, Tracker, Runtime, ShopData, ShopProduct } from './loader/types';

/**
 * Size budgets in bytes, minified and gzipped, that the build enforces: `loader` is `twotier.js`,
 * `landing` the loader with the tracking chunk (what a visitor arriving through a referral link
 * downloads), each other name a lazy chunk with the shared files it imports.
 */
export const BUDGETS: Readonly<Record<keyof typeof budgets, number>> = budgets;

/** The file name of the loader inside `dist/`. */
export const LOADER_FILE = 'twotier.js';
