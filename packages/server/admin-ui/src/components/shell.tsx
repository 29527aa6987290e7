import { api } from '../api';
import { setLang, t, useLang, type MessageKey } from '../i18n';
import { Analytics } from '../pages/analytics';
import { Compliance } from '../pages/compliance';
import { DistributorPage } from '../pages/distributor';
import { Integrations } from '../pages/integrations';
import { Distributors } from '../pages/distributors';
import { Orders } from '../pages/orders';
import { Overview } from '../pages/overview';
import { ProgramPage } from '../pages/program';
import { Simulator } from '../pages/simulator';
import { Withdrawals } from '../pages/withdrawals';
import { BASE, onLink, useRoute } from '../router';
import { useSession } from '../session';

const NAV: [string, MessageKey][] = [
  ['/', 'overview'],
  ['/distributors', 'distributors'],
  ['/orders', 'orders'],
  ['/withdrawals', 'withdrawals'],
  ['/program', 'program'],
  ['/integrations', 'integrations'],
  ['/simulator', 'simulator'],
  ['/analytics', 'analytics'],
  ['/compliance', 'compliance'],
];

function Page({ path }: { path: string }) {
  const m = /^\/distributors\/([^/]+)$/.exec(path);
  if (m) return <DistributorPage id={decodeURIComponent(m[1]!)} />;
  switch (path) {
    case '/distributors': return <Distributors />;
    case '/orders': return <Orders />;
    case '/withdrawals': return <Withdrawals />;
    case '/program': return <ProgramPage />;
    case '/integrations': return <Integrations />;
    case '/simulator': return <Simulator />;
    case '/analytics': return <Analytics />;
    case '/compliance': return <Compliance />;
    default: return <Overview />;
  }
}

/** The signed-in layout: navigation, language switch, the current page. */
export function Shell({ onSignOut }: { onSignOut: () => void }) {
  const lang = useLang();
  const { path } = useRoute();
  const { session } = useSession();
  const current = NAV.filter(([p]) => (p === '/' ? path === '/' : path.startsWith(p))).pop()?.[0];
  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <div class="brand">
          <strong>twotier</strong>
          <span class="shop-name">{session.shop.name}</span>
        </div>
        <div class="top-tools">
          <label class="lang">
            <span class="sr-only">{t('language')}</span>
            <select value={lang} onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as never)} aria-label={t('language')}>
              <option value="en">English</option>
              <option value="zh-CN">简体中文</option>
            </select>
          </label>
          <span class="muted user-email">{session.user.email}</span>
          <button type="button" class="ghost" onClick={() => api('DELETE', '/v1/admin/session').finally(onSignOut)}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <nav class="sidenav" aria-label="main">
        {NAV.map(([p, key]) => (
          <a key={p} href={`${BASE}${p === '/' ? '' : p}`} onClick={onLink(p)} aria-current={current === p ? 'page' : undefined}>
            {t(key)}
          </a>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <Page path={path} />
      </main>
    </div>
  );
}
