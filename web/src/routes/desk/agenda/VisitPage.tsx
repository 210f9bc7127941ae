import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../../api/client';
import { call } from '../../../api/problem';
import type { Visit, VisitInput, VisitKind } from '../../../api/types';
import { Loading } from '../../../components/Status';
import { ErrorAlert } from '../../../components/ui';
import { usePageTitle } from '../../../components/usePageTitle';
import { ru } from '../../../i18n/ru';
import { StaffOptions, usePlansAll, useTechnicians, useVisitStatus } from './agendaApi';
import { dayOf, instant, timeOf } from './time';

const kinds = Object.keys(ru.agenda.kinds) as VisitKind[];

/**
 * `/agenda/new?day=&technician=&repair=` and `/agenda/visits/:id`: the
 * visit's form. An overlap with another visit of the technician comes back
 * as the API's message naming that visit, above the button.
 */
export default function VisitPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const t = ru.agenda;
  const visit = useQuery({
    queryKey: ['agenda', 'visit', id],
    queryFn: () => call(api.GET('/api/agenda/visits/{id}', { params: { path: { id } } })),
    enabled: id !== '',
  });
  // A visit planned from an order starts with its customer's name, phone and address.
  const repair = id ? '' : (params.get('repair') ?? '');
  const customer = useQuery({
    queryKey: ['agenda', 'customer-of', repair],
    queryFn: async () => {
      const card = await call(api.GET('/api/desk/repairs/{id}', { params: { path: { id: repair } } }));
      return (await call(api.GET('/api/desk/customers/{id}', { params: { path: { id: card.repair.customerId } } }))).customer;
    },
    enabled: repair !== '',
  });
  usePageTitle(id ? t.visitTitle : t.newVisit);
  if ((id && visit.isPending) || (repair && customer.isPending)) return <Loading />;
  if (id && visit.isError) return <ErrorAlert error={visit.error} />;
  const c = customer.data;
  return <VisitForm visit={visit.data} prefill={c ? { name: c.name, phone: c.phones[0] ?? '', address: c.address ?? '' } : undefined} />;
}

function VisitForm({ visit, prefill }: { visit?: Visit; prefill?: { name: string; phone: string; address: string } }) {
  const t = ru.agenda;
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { me, plansAll } = usePlansAll();
  const staff = useTechnicians();
  const status = useVisitStatus();
  const repairId = visit?.repairId ?? params.get('repair') ?? '';
  const save = useMutation({
    mutationFn: (body: VisitInput) =>
      visit
        ? call(api.PUT('/api/agenda/visits/{id}', { params: { path: { id: visit.id } }, body }))
        : call(api.POST('/api/agenda/visits', { body })),
    onSuccess: async (v) => {
      await qc.invalidateQueries({ queryKey: ['agenda'] });
      navigate(`/agenda?${new URLSearchParams({ from: dayOf(v.start), ...(plansAll ? { technician: v.technicianId } : {}) })}`);
    },
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    const day = s('day');
    const body: VisitInput = {
      kind: s('kind') as VisitKind,
      technicianId: plansAll ? s('technicianId') : (me?.id ?? ''),
      start: instant(day, s('from')),
      end: instant(day, s('to')),
      address: s('address'),
      contact: { name: s('contactName'), phone: s('contactPhone') },
      ...(s('notes') ? { notes: s('notes') } : {}),
      ...(repairId ? { repairId } : {}),
      ...(visit?.customerId && !repairId ? { customerId: visit.customerId } : {}),
      ...(visit ? { version: visit.version } : {}),
    };
    save.mutate(body);
  };
  const editable = !visit || visit.status === 'planned';
  const technician = visit?.technicianId ?? params.get('technician') ?? '';
  return (
    <div className="page" data-testid="visit-page">
      <p>
        <Link to="/agenda">{t.back}</Link>
      </p>
      <h1>{visit ? `${t.visitTitle}: ${t.kinds[visit.kind]}` : t.newVisit}</h1>
      {visit && (
        <p>
          {t.status}: <span className={`badge badge--visit-${visit.status}`} data-testid="visit-status">{t.statuses[visit.status]}</span>
        </p>
      )}
      <form onSubmit={onSubmit} className="form visit-form" data-testid="visit-form">
        <fieldset disabled={!editable}>
          <label>
            {t.kind}{' '}
            <select name="kind" defaultValue={visit?.kind ?? 'repair'} required>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t.kinds[k]}
                </option>
              ))}
            </select>
          </label>
          {plansAll && (
            <label>
              {t.technician}{' '}
              <select name="technicianId" defaultValue={technician} required key={staff.data ? 'loaded' : 'loading'}>
                <option value="" disabled>
                  —
                </option>
                <StaffOptions staff={staff.data?.items} />
              </select>
            </label>
          )}
          <label>
            {t.date} <input name="day" type="date" required defaultValue={visit ? dayOf(visit.start) : (params.get('day') ?? dayOf(new Date()))} />
          </label>
          <div className="visit-form__times">
            <label>
              {t.from} <input name="from" type="time" required defaultValue={visit ? timeOf(visit.start) : '10:00'} />
            </label>
            <label>
              {t.to} <input name="to" type="time" required defaultValue={visit ? timeOf(visit.end) : '12:00'} />
            </label>
          </div>
          <label>
            {t.address} <textarea name="address" required maxLength={2000} rows={2} defaultValue={visit?.address ?? prefill?.address} />
          </label>
          <label>
            {t.contactName} <input name="contactName" required maxLength={200} defaultValue={visit?.contact.name ?? prefill?.name} />
          </label>
          <label>
            {t.contactPhone} <input name="contactPhone" type="tel" required maxLength={40} defaultValue={visit?.contact.phone ?? prefill?.phone} />
          </label>
          <label>
            {t.notes} <textarea name="notes" maxLength={2000} rows={2} defaultValue={visit?.notes} />
          </label>
          {repairId && <p className="hint">{t.repairLinked(repairId)}</p>}
          {(repairId || visit?.customerId) && <p className="hint">{t.customerLinked}</p>}
          <ErrorAlert error={save.error} />
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? t.saving : visit ? t.save : t.plan}
          </button>
        </fieldset>
      </form>
      {visit && (
        <p className="visit-card__actions">
          {visit.status === 'planned' ? (
            <>
              <button type="button" className="button" disabled={status.isPending} onClick={() => status.mutate({ id: visit.id, status: 'done', version: visit.version })}>
                {t.markDone}
              </button>
              <button type="button" className="button" disabled={status.isPending} onClick={() => status.mutate({ id: visit.id, status: 'cancelled', version: visit.version })}>
                {t.cancel}
              </button>
            </>
          ) : (
            <button type="button" className="button" disabled={status.isPending} onClick={() => status.mutate({ id: visit.id, status: 'planned', version: visit.version })}>
              {t.replan}
            </button>
          )}
        </p>
      )}
      <ErrorAlert error={status.error} />
    </div>
  );
}
