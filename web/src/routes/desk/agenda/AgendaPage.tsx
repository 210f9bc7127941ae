import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../api/client';
import { call } from '../../../api/problem';
import type { Visit } from '../../../api/types';
import { Loading } from '../../../components/Status';
import { ErrorAlert } from '../../../components/ui';
import { usePageTitle } from '../../../components/usePageTitle';
import { ru } from '../../../i18n/ru';
import { StaffOptions, useTechnicians, usePlansAll, VisitCard } from './agendaApi';
import { CalendarLink } from './CalendarLink';
import { addDays, dayOf, daysFrom, dayTitle, instant } from './time';

/**
 * `/agenda?from=YYYY-MM-DD&days=1|7&technician=id`: a day or week of field
 * visits, the centre's or one technician's; a technician sees their own.
 * Phone first: the days stack, each visit a card.
 */
export default function AgendaPage() {
  const t = ru.agenda;
  const [params, setParams] = useSearchParams();
  const { me, plansAll } = usePlansAll();
  const title = plansAll ? t.title : t.myTitle;
  usePageTitle(title);
  const from = params.get('from') ?? dayOf(new Date());
  const days = params.get('days') === '7' ? 7 : 1;
  const technician = plansAll ? (params.get('technician') ?? '') : '';
  const staff = useTechnicians();
  const list = useQuery({
    queryKey: ['agenda', 'visits', from, days, technician],
    queryFn: () =>
      call(api.GET('/api/agenda/visits', { params: { query: { from, days, ...(technician ? { technician } : {}) } } })),
    enabled: me !== null,
  });
  const go = (change: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const newVisit = `/agenda/new?${new URLSearchParams({ day: from, ...(technician ? { technician } : {}) })}`;
  // A technician manages their own calendar link, the centre's admin the chosen technician's; reception none.
  const role = me?.centreRole ?? 'centre_admin';
  const feedFor = role === 'technician' ? (me?.id ?? '') : role === 'centre_admin' ? technician : '';
  return (
    <div className="page agenda" data-testid="agenda-page">
      <div className="page-head">
        <h1>{title}</h1>
        <Link className="button button--primary" to={newVisit}>
          {t.newVisit}
        </Link>
      </div>
      <div className="agenda-controls" role="group" aria-label={t.view}>
        <button type="button" className="button" aria-pressed={days === 1} onClick={() => go({ days: '' })}>
          {t.day}
        </button>
        <button type="button" className="button" aria-pressed={days === 7} onClick={() => go({ days: '7' })}>
          {t.week}
        </button>
        <button type="button" className="button" aria-label={t.previous} onClick={() => go({ from: addDays(from, -days) })}>
          ‹
        </button>
        <label>
          {t.dateLabel} <input type="date" value={from} onChange={(e) => e.target.value && go({ from: e.target.value })} />
        </label>
        <button type="button" className="button" aria-label={t.next} onClick={() => go({ from: addDays(from, days) })}>
          ›
        </button>
        <button type="button" className="button" onClick={() => go({ from: dayOf(new Date()) })}>
          {t.today}
        </button>
        {plansAll && (
          <label>
            {t.technician}{' '}
            <select value={technician} onChange={(e) => go({ technician: e.target.value })} data-testid="agenda-technician">
              <option value="">{t.wholeCentre}</option>
              <StaffOptions staff={staff.data?.items} />
            </select>
          </label>
        )}
      </div>
      {list.isPending && <Loading />}
      <ErrorAlert error={list.error ?? staff.error} />
      {list.isSuccess &&
        daysFrom(from, days).map((d) => {
          const visits = list.data.items.filter((v) => overlapsDay(v, d));
          return (
            <section key={d} className="agenda-day" aria-labelledby={`day-${d}`} data-testid="agenda-day">
              <h2 id={`day-${d}`}>{dayTitle(d)}</h2>
              {visits.length === 0 ? (
                <p className="hint">{t.noVisits}</p>
              ) : (
                <ul className="visit-list">
                  {visits.map((v) => (
                    <VisitCard key={v.id} visit={v} staff={staff.data?.items} showTechnician={!technician && plansAll} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      {feedFor && <CalendarLink technician={feedFor} name={staff.data?.items.find((s) => s.id === feedFor)?.name ?? ''} />}
    </div>
  );
}

/** Whether a visit takes part of a Moscow day (a visit past midnight shows on both). */
function overlapsDay(v: Visit, day: string) {
  const start = Date.parse(instant(day, '00:00'));
  const end = Date.parse(instant(addDays(day, 1), '00:00'));
  return Date.parse(v.start) < end && Date.parse(v.end) > start;
}
