import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setSignedOutHandler } from './api';
import { Shell } from './components/shell';
import { useLang } from './i18n';
import { SignIn } from './pages/sign-in';
import { BASE, navigate } from './router';
import { SessionContext, type AdminSession } from './session';

function App() {
  useLang();
  const [session, setSession] = useState<AdminSession | null | undefined>(undefined);
  const refresh = () =>
    api('GET', '/v1/admin/session').then(
      (s) => setSession(s),
      () => setSession(null),
    );
  useEffect(() => {
    setSignedOutHandler(() => setSession(null));
    void refresh();
  }, []);
  if (session === undefined) return <div class="boot" aria-busy="true" />;
  if (session === null)
    return (
      <SignIn
        onSignedIn={(s) => {
          setSession(s);
          if (location.pathname === `${BASE}/sign-in`) navigate('/');
        }}
      />
    );
  return (
    <SessionContext.Provider value={{ session, refresh: () => void refresh() }}>
      <Shell onSignOut={() => setSession(null)} />
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
