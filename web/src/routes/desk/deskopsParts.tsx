// Small pieces of the order and intake screens (issue 14, deskops): the order's
// warranty act, the price-list pick of a line, the executor at intake and on
// the order.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { Repair, RepairAct } from '../../api/types';
import { ErrorAlert } from '../../components/ui';
import { ru } from '../../i18n/ru';
import { repairKey } from './deskApi';
import { usePriceList, useStaff } from './deskopsApi';

/** The order's warranty act as it stands now: number, status, the parts asked for and their parcels. */
export function RepairActCard({ act }: { act: RepairAct }) {
  const t = ru.deskops;
  return (
    <section className="card" aria-labelledby="repair-act" data-testid="repair-act">
      <h2 id="repair-act">{t.act}</h2>
      <p>
        <Link to={`/acts/${encodeURIComponent(act.id)}`}>{t.actNumber(act.number)}</Link> —{' '}
        <strong data-testid="repair-act-status">{act.statusName}</strong>
      </p>
      {act.parts.length > 0 && (
        <>
          <h3>{t.actParts}</h3>
          <ul>
            {act.parts.map((p, i) => (
              <li key={i}>
                {p.name} × {p.quantity}
              </li>
            ))}
          </ul>
        </>
      )}
      {act.parcels.length > 0 && (
        <>
          <h3>{t.actParcels}</h3>
          <ul data-testid="repair-act-parcels">
            {act.parcels.map((p) => (
              <li key={p.trackingNumber}>
                {p.carrier}:{' '}
                {p.trackingUrl ? (
                  <a href={p.trackingUrl} target="_blank" rel="noreferrer">
                    {p.trackingNumber}
                  </a>
                ) : (
                  p.trackingNumber
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * A select of the centre's works inside an order's line form: picking one
 * fills the form's name and price (both stay editable) and sends its id
 * (workId), so the line keeps the work's code.
 */
export function PriceListPick() {
  const t = ru.deskops;
  const list = usePriceList();
  const works = list.data?.works ?? [];
  if (works.length === 0) return null;
  return (
    <select
      name="workId"
      className="price-pick"
      aria-label={t.fromPriceList}
      defaultValue=""
      data-testid="price-pick"
      onChange={(e) => {
        const form = e.currentTarget.form;
        const w = works.find((x) => x.id === e.currentTarget.value);
        if (!form || !w) return;
        const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
        field('kind')!.value = 'work';
        field('name')!.value = w.name;
        field('price')!.value = String(w.price);
      }}
    >
      <option value="">{t.typedLine}</option>
      {works.map((w) => (
        <option key={w.id} value={w.id}>
          {w.code ? `${w.code} · ` : ''}
          {w.name} — {w.price} ₽
        </option>
      ))}
    </select>
  );
}

/** The options of an executor select: nobody, then the enabled colleagues (and the current executor). */
function ExecutorOptions({ current }: { current?: string }) {
  const t = ru.deskops;
  const staff = useStaff();
  const people = (staff.data?.items ?? []).filter((u) => !u.disabled || u.id === current);
  return (
    <>
      <option value="">{t.noExecutor}</option>
      {people.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name} ({t.roles[u.centreRole ?? 'centre_admin']})
        </option>
      ))}
    </>
  );
}

/** The order's executor at intake: an enabled colleague of the centre, or nobody yet. */
export function ExecutorSelect() {
  return (
    <label>
      {ru.deskops.executor}{' '}
      <select name="executorId" defaultValue="" data-testid="desk-executor">
        <ExecutorOptions />
      </select>
    </label>
  );
}

/** The front desk (re)assigns an open order: it moves to the new executor's «Мои заказы». */
export function AssignExecutor({ repair }: { repair: Repair }) {
  const qc = useQueryClient();
  const assign = useMutation({
    mutationFn: (executorId: string) =>
      call(api.POST('/api/desk/repairs/{id}/executor', { params: { path: { id: repair.id } }, body: { executorId, version: repair.version } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: repairKey(repair.id) }),
  });
  return (
    <section className="card">
      <label>
        {ru.deskops.executor}{' '}
        <select value={repair.executorId ?? ''} disabled={assign.isPending} onChange={(e) => assign.mutate(e.target.value)} data-testid="repair-executor">
          <ExecutorOptions current={repair.executorId} />
        </select>
      </label>
      <ErrorAlert error={assign.error} />
    </section>
  );
}
