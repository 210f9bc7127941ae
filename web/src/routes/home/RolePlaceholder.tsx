import type { Role } from '../../api/types';
import { usePageTitle } from '../../components/usePageTitle';
import { ru } from '../../i18n/ru';

/** What a role's workspace will hold, until its API lands. */
export function RolePlaceholder({ role }: { role: Role }) {
  const text = ru.home.byRole[role];
  usePageTitle(text.title);
  return (
    <div className="page" data-testid={`home-${role}`}>
      <h1>{text.title}</h1>
      <section className="card" aria-labelledby="soon-title">
        <p id="soon-title">{ru.home.soon}</p>
        <ul className="list">
          {text.items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
