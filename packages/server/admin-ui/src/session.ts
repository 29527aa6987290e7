import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** The shop as `GET /v1/shop` shows it. */
export interface Shop {
  id: string;
  name: string;
  currency: string;
  allowedOrigins: string[];
  publishableKey: string;
}

/** Who is signed in, and for which shop. */
export interface AdminSession {
  user: { id: string; email: string; shopId: string };
  shop: Shop;
  csrfToken: string;
}

export const SessionContext = createContext<{ session: AdminSession; refresh: () => void } | null>(null);

/** The signed-in session (pages render only inside it). */
export function useSession(): { session: AdminSession; refresh: () => void } {
  const s = useContext(SessionContext);
  if (!s) throw new Error('no admin session');
  return s;
}
