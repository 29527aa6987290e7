import type { MeResponse } from '@twotier/core/schema';
import type { PanelContext } from '../loader/types';
import type { PanelApi } from './api';
import type { Locale, PanelTranslate } from './i18n';

/** What every view gets. */
export interface ViewProps {
  /** The first paint's words; lazy views bring their own dictionaries. */
  t: PanelTranslate;
  locale: Locale;
  api: PanelApi;
  win: Window;
  me: MeResponse;
  /** Reloads the distributor's data after a change. */
  reload: () => void;
  /** The tag's state: the script's `data-*`, what the shop told it (`product`, `products`). */
  ctx: PanelContext;
}
