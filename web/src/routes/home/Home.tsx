import { lazy, Suspense, type ComponentType } from 'react';
import type { Role, User } from '../../api/types';
import { Loading } from '../../components/Status';
import { ru } from '../../i18n/ru';
import { useUser } from '../SessionLayout';

// Each role's workspace is its own chunk: the login page and other roles never
// download it.
const homes: Record<Role, ComponentType<{ user: User }>> = {
  service_center: lazy(() => import('./ServiceCenterHome')),
  manager: lazy(() => import('./ManagerHome')),
  key_user: lazy(() => import('./KeyUserHome')),
  admin: lazy(() => import('./AdminHome')),
};

/** `/`: the signed-in user's workspace, chosen by role. */
export function Home() {
  const user = useUser();
  const Page = homes[user.role];
  if (!Page) {
    return (
      <div className="page">
        <p className="alert alert--error" role="alert">
          {ru.home.unknownRole}
        </p>
      </div>
    );
  }
  return (
    <Suspense fallback={<Loading />}>
      <Page user={user} />
    </Suspense>
  );
}
