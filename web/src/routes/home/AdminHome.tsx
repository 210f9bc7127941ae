import { RolePlaceholder } from './RolePlaceholder';

/** The admin workspace: a placeholder until its screens land. */
export default function AdminHome() {
  return <RolePlaceholder role="admin" />;
}
