import { Navigate } from 'react-router-dom';
import { useSession } from '../../auth/SessionProvider';
import { HomePage } from '../home/HomePage';

/** '/': staff who may read data land on 数据概况; the others keep the 今日 home. */
export function LandingPage() {
  const { can } = useSession();
  if (can('reports:read')) return <Navigate to="/dashboard" replace />;
  return <HomePage />;
}
