import { ru } from '../i18n/ru';

/** A polite "loading" line for screen readers and sighted users alike. */
export function Loading() {
  return (
    <p className="loading" role="status">
      {ru.app.loading}
    </p>
  );
}
