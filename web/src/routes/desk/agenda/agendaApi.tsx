// The agenda's calls and the pieces its screens share.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import { call } from '../../../api/problem';
import type { Technician, Visit, VisitStatus } from '../../../api/types';
import { ErrorAlert } from '../../../components/ui';
import { ru } from '../../../i18n/ru';
import { useMe } from '../../../session';
import { timeOf } from './time';

/** Whether the signed-in user plans everybody's visits (the centre's admin and reception) or only their own (a technician). */
export function usePlansAll() {
  const me = useMe();
  return { me: me.data ?? null, plansAll: me.data?.centreRole !== 'technician' };
}

/** The centre's staff a visit can be given to (a technician gets only themselves). */
export function useTechnicians() {
  return useQuery({
    queryKey: ['agenda', 'technicians'],
    queryFn: () => call(api.GET('/api/agenda/technicians')),
    staleTime: 60_000,
  });
}

/** The staff as a select's options. */
export function StaffOptions({ staff }: { staff?: Technician[] }) {
  return (
    <>
      {staff?.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </>
  );
}

export function technicianName(staff: Technician[] | undefined, id: string) {
  return staff?.find((s) => s.id === id)?.name ?? '';
}

/** Marks a visit done, cancelled or planned again, and refreshes the views. */
export function useVisitStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status, version }: { id: string; status: VisitStatus; version: number }) =>
      call(api.POST('/api/agenda/visits/{id}/status', { params: { path: { id } }, body: { status, version } })),
    onSuccess: (v) => {
      qc.setQueryData(['agenda', 'visit', v.id], v);
      return qc.invalidateQueries({ queryKey: ['agenda', 'visits'] });
    },
  });
}

/** One visit as a card: phone-sized, the time first, the phone a tap away. */
export function VisitCard({ visit: v, staff, showTechnician }: { visit: Visit; staff?: Technician[]; showTechnician: boolean }) {
  const t = ru.agenda;
  const status = useVisitStatus();
  const act = (s: VisitStatus) => status.mutate({ id: v.id, status: s, version: v.version });
  return (
    <li className={`visit-card visit-card--${v.status}`} data-testid="visit-card">
      <p className="visit-card__time">
        <strong>{t.timeRange(timeOf(v.start), timeOf(v.end))}</strong> {t.kinds[v.kind]}{' '}
        <span className={`badge badge--visit-${v.status}`}>{t.statuses[v.status]}</span>
      </p>
      {showTechnician && <p className="visit-card__who">{technicianName(staff, v.technicianId)}</p>}
      <p className="visit-card__address">{v.address}</p>
      <p>
        {v.contact.name} · <a href={`tel:${v.contact.phone}`} aria-label={t.call(v.contact.phone)}>{v.contact.phone}</a>
      </p>
      {v.notes && <p className="hint">{v.notes}</p>}
      <p className="visit-card__actions">
        <Link to={`/agenda/visits/${encodeURIComponent(v.id)}`}>{v.status === 'planned' ? t.edit : t.visitTitle}</Link>
        {v.status === 'planned' && (
          <>
            <button type="button" className="button" disabled={status.isPending} onClick={() => act('done')}>
              {t.markDone}
            </button>
            <button type="button" className="button" disabled={status.isPending} onClick={() => act('cancelled')}>
              {t.cancel}
            </button>
          </>
        )}
      </p>
      <ErrorAlert error={status.error} />
    </li>
  );
}
