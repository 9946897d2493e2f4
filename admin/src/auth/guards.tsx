import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from './SessionProvider';

/** Signed-in pages: without a session, to the login page (and back here afterwards). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { staff } = useSession();
  const location = useLocation();
  if (!staff) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return children;
}
