import { ru } from '../../i18n/ru';
import { ActsList } from '../acts/ActsList';
import { CompensationStatement } from './CompensationStatement';

/** The service centre's workspace: its acts, and its monthly compensation statement. */
export default function ServiceCenterHome() {
  return (
    <>
      <ActsList role="service_center" title={ru.home.byRole.service_center.title} testId="home-service_center" />
      <CompensationStatement />
    </>
  );
}
