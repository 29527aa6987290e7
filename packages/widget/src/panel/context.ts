import type { MeResponse } from '@twotier/core/schema';
import type { PanelApi } from './api';
import type { Translate } from './i18n';

/** What every view gets. */
export interface ViewProps {
  t: Translate;
  /** Formats minor units in the shop's currency. */
  money: (minor: number) => string;
  api: PanelApi;
  win: Window;
  me: MeResponse;
  /** Reloads the distributor's data after a change. */
  reload: () => void;
}
