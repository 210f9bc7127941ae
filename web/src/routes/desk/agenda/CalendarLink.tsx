import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../api/client';
import { call } from '../../../api/problem';
import { Loading } from '../../../components/Status';
import { ErrorAlert } from '../../../components/ui';
import { ru } from '../../../i18n/ru';
import { formatDateTime } from '../../../lib/format';

/**
 * A technician's iCalendar link: made (replacing the old one) and revoked
 * by the technician or the centre's admin. The API keeps only the token's
 * hash, so the link is shown once, right after it is made.
 */
export function CalendarLink({ technician, name }: { technician: string; name: string }) {
  const t = ru.agenda.feed;
  const qc = useQueryClient();
  const key = ['agenda', 'feed', technician];
  const path = { params: { path: { id: technician } } };
  const state = useQuery({ queryKey: key, queryFn: () => call(api.GET('/api/agenda/technicians/{id}/feed', path)) });
  const [url, setUrl] = useState('');
  const make = useMutation({
    mutationFn: () => call(api.POST('/api/agenda/technicians/{id}/feed', path)),
    onSuccess: (f) => {
      setUrl(f.url ?? '');
      qc.setQueryData(key, { active: true, createdAt: f.createdAt });
    },
  });
  const revoke = useMutation({
    mutationFn: () => call(api.DELETE('/api/agenda/technicians/{id}/feed', path)),
    onSuccess: () => {
      setUrl('');
      qc.setQueryData(key, { active: false });
    },
  });
  return (
    <section className="card" aria-labelledby="agenda-feed" data-testid="agenda-feed">
      <h2 id="agenda-feed">{name ? t.forWhom(name) : t.title}</h2>
      <p className="hint">{t.hint}</p>
      {state.isPending && <Loading />}
      <ErrorAlert error={state.error ?? make.error ?? revoke.error} />
      {state.isSuccess && <p>{state.data.active && state.data.createdAt ? t.active(formatDateTime(state.data.createdAt)) : t.none}</p>}
      {url && (
        <p>
          {t.made} <input readOnly value={url} aria-label={t.title} data-testid="agenda-feed-url" onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
      <p className="visit-card__actions">
        <button type="button" className="button" disabled={make.isPending} onClick={() => make.mutate()}>
          {state.data?.active ? t.recreate : t.create}
        </button>
        {state.data?.active && (
          <button type="button" className="button" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
            {t.revoke}
          </button>
        )}
      </p>
    </section>
  );
}
