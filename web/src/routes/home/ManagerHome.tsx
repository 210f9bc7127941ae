import { RolePlaceholder } from './RolePlaceholder';

/** The manager workspace: a placeholder until its screens land. */
export default function ManagerHome() {
  return <RolePlaceholder role="manager" />;
}
