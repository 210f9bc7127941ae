import { ru } from '../../i18n/ru';
import { ActsList } from '../acts/ActsList';

/** The manager's workspace: the review queue. */
export default function ManagerHome() {
  return <ActsList role="manager" view="queue" title={ru.home.byRole.manager.title} testId="home-manager" />;
}
