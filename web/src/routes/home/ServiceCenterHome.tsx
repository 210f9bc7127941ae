import { RolePlaceholder } from './RolePlaceholder';

/** The service_center workspace: a placeholder until its screens land. */
export default function ServiceCenterHome() {
  return <RolePlaceholder role="service_center" />;
}
