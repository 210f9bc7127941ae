import { ru } from '../../i18n/ru';
import { useUser } from '../SessionLayout';
import { ActsList } from './ActsList';

/** `/acts`: every act, with filters (staff), or the centre's own. */
export default function AllActs() {
  const user = useUser();
  return <ActsList role={user.role} title={ru.queue.allTab} testId="acts-all" />;
}
