import { ru } from '../../i18n/ru';
import { ActsList } from '../acts/ActsList';

/** The service centre's workspace: its acts. */
export default function ServiceCenterHome() {
  return <ActsList role="service_center" title={ru.home.byRole.service_center.title} testId="home-service_center" />;
}
