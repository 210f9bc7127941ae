import { RolePlaceholder } from './RolePlaceholder';

/** The key_user workspace: a placeholder until its screens land. */
export default function KeyUserHome() {
  return <RolePlaceholder role="key_user" />;
}
