import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { NAV_ITEMS } from '../layout/nav';
import { NotFoundPage } from '../pages/errors/NotFoundPage';
import { useSession } from './SessionProvider';

/** Signed-in pages: without a session, to the login page (and back here afterwards). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { staff } = useSession();
  const location = useLocation();
  if (!staff) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return children;
}

/** `/`: the first page of the menu this role can use. */
export function HomeRedirect() {
  const { can } = useSession();
  const first = NAV_ITEMS.find((item) => can(item.permission));
  return first ? <Navigate to={first.path} replace /> : <NotFoundPage />;
}
